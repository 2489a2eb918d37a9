import type { DataSource } from 'typeorm';
import { openTestDataSource } from '../../../test/fixtures/test-data-source';
import { testsUseMysql } from '../../../test/fixtures/test-database';
import { Store } from '../modules/stores/entities/store.entity';
import { isUniqueViolation, TransactionRunner } from './transaction-runner';

describe('TransactionRunner', () => {
  let ds: DataSource;
  let close: () => Promise<void>;
  let tx: TransactionRunner;

  beforeAll(async () => {
    ({ ds, close } = await openTestDataSource());
    tx = new TransactionRunner(ds);
  });
  afterAll(() => close());

  const store = (code: string) => {
    const now = new Date();
    return { code, name: code, address: '', phone: '', active: true, createdAt: now, updatedAt: now };
  };

  it('runs concurrent transactions without losing or mixing writes', async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        tx.run(async (em) => {
          await em.insert(Store, store(`C${i}`));
          await new Promise((r) => setTimeout(r, 2));
          await em.insert(Store, store(`D${i}`));
        }),
      ),
    );
    expect(await ds.getRepository(Store).count()).toBe(40);
  });

  it('rolls back the whole transaction when one write fails', async () => {
    const before = await ds.getRepository(Store).count();
    const failing = tx.run(async (em) => {
      await em.insert(Store, store('R1'));
      await em.insert(Store, store('R1'));
    });
    const error = await failing.catch((e: unknown) => e);
    expect(isUniqueViolation(error)).toBe(true);
    expect(await ds.getRepository(Store).count()).toBe(before);
    // The queue keeps working after a failure.
    await tx.run((em) => em.insert(Store, store('R2')));
    expect(await ds.getRepository(Store).count()).toBe(before + 1);
  });

  // On SQLite everything shares one connection: without the queue these outside statements would join
  // the open transaction and vanish with its rollback. On MariaDB they run on their own connections.
  it('keeps writes made outside a transaction that is open and then fails', async () => {
    const repo = ds.getRepository(Store);
    await repo.insert([store('O-UPD'), store('O-DEL')]);
    let opened!: () => void;
    const open = new Promise<void>((resolve) => (opened = resolve));
    const failing = tx.run(async (em) => {
      await em.insert(Store, store('T1'));
      await em.update(Store, { code: 'O-UPD' }, { name: 'by transaction' });
      opened();
      await sleep(30);
      // The transaction's own statements still run at once, also when made through the data source.
      expect(await ds.getRepository(Store).countBy({ code: 'T1' })).toBe(testsUseMysql() ? 0 : 1);
      await em.insert(Store, store('T2'));
      throw new Error('transaction fails after its writes');
    });
    await open;
    const at = '2025-01-01 00:00:00.000';
    const outside = Promise.all([
      repo.insert(store('O1')),
      repo.update({ code: 'O-UPD' }, { address: 'outside' }),
      ds.manager.update(Store, { code: 'O-DEL' }, { phone: '110' }),
      ds.query(
        'INSERT INTO store (code, name, address, phone, active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
        ['O2', 'O2', '', '', 1, at, at],
      ),
      repo.save(repo.create(store('O3'))),
      ds.transaction((em) => em.insert(Store, store('O4'))),
      // A read made while the transaction is open sees none of its uncommitted writes.
      repo.countBy({ code: 'T1' }),
    ]);
    const [error, results] = await Promise.all([failing.catch((e: unknown) => e), outside]);
    expect((error as Error).message).toBe('transaction fails after its writes');
    expect(results[6]).toBe(0);

    const rows = await repo.find({ order: { code: 'ASC' } });
    const byCode = new Map(rows.map((r) => [r.code, r]));
    for (const code of ['O1', 'O2', 'O3', 'O4']) expect(byCode.has(code)).toBe(true);
    expect(byCode.get('O-UPD')).toMatchObject({ name: 'O-UPD', address: 'outside' });
    expect(byCode.get('O-DEL')).toMatchObject({ phone: '110' });
    expect(byCode.has('T1')).toBe(false);
    expect(byCode.has('T2')).toBe(false);

    // Both the queue and outside statements keep working afterwards.
    await tx.run((em) => em.insert(Store, store('T3')));
    expect(await repo.countBy({ code: 'T3' })).toBe(1);
  });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
