import type { DataSource } from 'typeorm';
import { openTestDataSource } from '../../../../test/fixtures/test-data-source';
import { Clock } from '../../common/clock';
import { TransactionRunner } from '../../database/transaction-runner';
import { LedgerAllocation } from '../entities/ledger-allocation.entity';
import { LedgerLot } from '../entities/ledger-lot.entity';
import { checkLedgerInvariants } from '../ledger-invariants';
import { LedgerService } from '../ledger.service';

export interface LedgerKit {
  ds: DataSource;
  tx: TransactionRunner;
  clock: Clock;
  ledger: LedgerService;
  close(): Promise<void>;
}

/** A migrated test database with a real TransactionRunner, Clock and LedgerService. */
export async function openLedgerKit(): Promise<LedgerKit> {
  const { ds, close } = await openTestDataSource();
  const tx = new TransactionRunner(ds);
  const clock = new Clock();
  clock.setNow(new Date('2026-01-01T00:00:00.000Z'));
  return { ds, tx, clock, ledger: new LedgerService(ds, tx, clock), close };
}

/** Every test ends here: the invariant checker must find nothing. */
export async function expectLedgerClean(ds: DataSource): Promise<void> {
  const { violations } = await checkLedgerInvariants(ds);
  expect(violations).toEqual([]);
}

export async function lotsOf(ds: DataSource, accountId: number): Promise<LedgerLot[]> {
  return ds.getRepository(LedgerLot).find({ where: { accountId }, order: { id: 'ASC' } });
}

/** lotId → amount moved by an entry. */
export async function allocationsOf(ds: DataSource, entryId: number): Promise<Record<number, number>> {
  const rows = await ds.getRepository(LedgerAllocation).find({ where: { entryId }, order: { lotId: 'ASC' } });
  return Object.fromEntries(rows.map((r) => [r.lotId, r.amount]));
}

export const days = (n: number, from: Date) => new Date(from.getTime() + n * 86_400_000);
