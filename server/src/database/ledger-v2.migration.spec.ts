import type { DataSource } from 'typeorm';
import { openTestDataSource } from '../../../test/fixtures/test-data-source';
import { checkLedgerInvariants } from '../ledger/ledger-invariants';

// The double-entry migration on data written by the single-entry ledger: every entry gets its journal
// number and its system leg, balances and lots are untouched, and every invariant holds afterwards.
describe('ledger v2 migration of existing data', () => {
  let ds: DataSource;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ ds, close } = await openTestDataSource());
    const applied = async () =>
      ((await ds.query(`SELECT name FROM migrations`)) as { name: string }[]).some(
        (m) => m.name === 'LedgerV21764748800000',
      );
    while (await applied()) await ds.undoLastMigration();
  });
  afterAll(() => close());

  it('turns v1 entries into balanced journals and keeps every balance', async () => {
    const mysql = ds.options.type !== 'better-sqlite3';
    const t = (iso: string) => (mysql ? new Date(iso) : iso.replace('T', ' ').replace('Z', ''));
    const at = t('2026-01-01T00:00:00.000Z');
    const insert = async (sql: string, params: unknown[]) => {
      const r = await ds.query(sql, params);
      return Number(
        (r as { insertId?: number }).insertId ?? (await ds.query('SELECT last_insert_rowid() AS id'))[0].id,
      );
    };
    const account = (memberId: number, kind: string, balance: number) =>
      insert(`INSERT INTO ledger_account (member_id, kind, balance, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`, [
        memberId,
        kind,
        balance,
        at,
        at,
      ]);
    const entry = (
      a: number,
      amount: number,
      after: number,
      type: string,
      bizId: string,
      reverses: number | null = null,
    ) =>
      insert(
        `INSERT INTO ledger_entry (account_id, amount, balance_after, entry_type, biz_type, biz_id, reason,
                                   reverses_entry_id, created_at) VALUES (?, ?, ?, ?, 'purchase', ?, 'v1', ?, ?)`,
        [a, amount, after, type, bizId, reverses, at],
      );
    const lot = (a: number, e: number, amount: number, remaining: number, expires: string | null) =>
      insert(
        `INSERT INTO ledger_lot (account_id, entry_id, amount, remaining, expires_at, lot_kind, created_at)
         VALUES (?, ?, ?, ?, ?, 'STANDARD', ?)`,
        [a, e, amount, remaining, expires && t(expires), at],
      );
    const allocate = (e: number, l: number, amount: number) =>
      insert(`INSERT INTO ledger_allocation (entry_id, lot_id, amount) VALUES (?, ?, ?)`, [e, l, amount]);

    // Points: +100, −30, a 10 refund of the debit, a 5 claw-back of the credit → 75.
    const points = await account(1, 'POINTS', 75);
    const credit = await entry(points, 100, 100, 'CREDIT', 'S1:R1');
    const lot1 = await lot(points, credit, 100, 75, '2027-01-01T00:00:00.000Z');
    const debit = await entry(points, -30, 70, 'DEBIT', 'S1:R2');
    await allocate(debit, lot1, 30);
    await allocate(await entry(points, 10, 80, 'REVERSAL', 'R2:back', debit), lot1, 10);
    await allocate(await entry(points, -5, 75, 'REVERSAL', 'R1:claw', credit), lot1, 5);
    // Growth: +20 that lapsed.
    const growth = await account(1, 'GROWTH', 0);
    const g = await entry(growth, 20, 20, 'CREDIT', 'S1:R1');
    const lot2 = await lot(growth, g, 20, 0, '2026-06-01T00:00:00.000Z');
    await allocate(await entry(growth, -20, 0, 'EXPIRE', String(lot2)), lot2, 20);

    await ds.runMigrations();

    expect((await checkLedgerInvariants(ds)).violations).toEqual([]);
    const legs = (await ds.query(
      `SELECT e.journal_seq, e.amount, a.system_code FROM ledger_entry e JOIN ledger_account a ON a.id = e.account_id
        WHERE e.journal_account_id = ? AND a.system_code IS NOT NULL ORDER BY e.journal_seq`,
      [points],
    )) as { journal_seq: number | string; amount: number | string; system_code: string }[];
    expect(legs.map((l) => [Number(l.journal_seq), Number(l.amount), l.system_code])).toEqual([
      [1, -100, 'POINTS:ISSUED'],
      [2, 30, 'POINTS:REDEEMED'],
      [3, -10, 'POINTS:REDEEMED'],
      [4, 5, 'POINTS:ISSUED'],
    ]);
    const seqs = (await ds.query(`SELECT id, seq, balance FROM ledger_account WHERE id IN (?, ?) ORDER BY id`, [
      points,
      growth,
    ])) as { seq: number | string; balance: number | string }[];
    expect(seqs.map((a) => [Number(a.seq), Number(a.balance)])).toEqual([
      [4, 75],
      [2, 0],
    ]);
  });
});
