import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { bigintColumn, dateParam, idColumn, intColumn, modifyColumns, timeColumn, varchar } from '../columns';

// Ledger v2, double entry: every posting is a journal of the member's leg and a system account's
// opposite leg (Σ = 0), numbered per member account (journal_account_id, journal_seq); system accounts
// (`KIND:ROLE`, no member, no cached balance) are created here. Amounts and balances become BIGINT,
// holds (pending postings) get their table, and a lot restored after its own expired points back to it.
// Existing data: every member entry gets its journal number in id order and its system leg (issued
// for credits, redeemed for debits, expired for expiries, the original's for reversals).

const KINDS = ['POINTS', 'WALLET', 'GROWTH', 'POINTS_DEBT'];
const ROLES = ['ISSUED', 'REDEEMED', 'EXPIRED', 'HELD'];

const amount = (name: string, nullable = false) => new TableColumn(bigintColumn(name, nullable));
const int = (name: string, nullable = false) => new TableColumn(intColumn(name, nullable));

export class LedgerV21764748800000 implements MigrationInterface {
  name = 'LedgerV21764748800000';

  async up(q: QueryRunner): Promise<void> {
    await modifyColumns(q, 'ledger_account', [
      intColumn('member_id', true),
      varchar('kind', 16),
      bigintColumn('balance'),
    ]);
    await q.addColumns('ledger_account', [
      new TableColumn(varchar('system_code', 40, { isNullable: true })),
      new TableColumn({ ...bigintColumn('seq'), default: 0 }),
    ]);
    await q.createIndex(
      'ledger_account',
      new TableIndex({ name: 'uq_ledger_account_system_code', columnNames: ['system_code'], isUnique: true }),
    );
    await modifyColumns(q, 'ledger_entry', [bigintColumn('amount'), bigintColumn('balance_after', true)]);
    await q.addColumns('ledger_entry', [int('journal_account_id', true), amount('journal_seq', true)]);
    await modifyColumns(q, 'ledger_lot', [bigintColumn('amount'), bigintColumn('remaining')]);
    await q.addColumn('ledger_lot', int('restores_lot_id', true));
    await modifyColumns(q, 'ledger_allocation', [bigintColumn('amount')]);
    await q.createTable(
      new Table({
        name: 'ledger_hold',
        columns: [
          idColumn(),
          intColumn('account_id'),
          bigintColumn('amount'),
          varchar('status', 10),
          varchar('biz_type', 32),
          varchar('biz_id', 160),
          intColumn('entry_id'),
          timeColumn('created_at'),
          timeColumn('decided_at', true),
        ],
        indices: [
          new TableIndex({
            name: 'uq_ledger_hold_key',
            columnNames: ['account_id', 'biz_type', 'biz_id'],
            isUnique: true,
          }),
        ],
      }),
    );

    const now = new Date();
    for (const kind of KINDS) {
      for (const role of ROLES) {
        await q.query(
          `INSERT INTO ledger_account (member_id, system_code, kind, balance, seq, created_at, updated_at)
           VALUES (NULL, ?, ?, 0, 0, ?, ?)`,
          [`${kind}:${role}`, kind, dateParam(q, now), dateParam(q, now)],
        );
      }
    }
    await numberJournals(q);
    await insertSystemLegs(q);

    await modifyColumns(q, 'ledger_entry', [intColumn('journal_account_id'), bigintColumn('journal_seq')]);
    await q.dropIndex('ledger_entry', 'uq_ledger_entry_idempotency');
    await q.createIndices('ledger_entry', [
      new TableIndex({
        name: 'uq_ledger_entry_idempotency',
        columnNames: ['journal_account_id', 'biz_type', 'biz_id', 'entry_type', 'account_id'],
        isUnique: true,
      }),
      new TableIndex({
        name: 'uq_ledger_entry_journal',
        columnNames: ['journal_account_id', 'journal_seq', 'account_id'],
        isUnique: true,
      }),
    ]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `DELETE FROM ledger_entry WHERE account_id IN (SELECT id FROM ledger_account WHERE system_code IS NOT NULL)`,
    );
    await q.query(`DELETE FROM ledger_account WHERE system_code IS NOT NULL`);
    await q.dropTable('ledger_hold');
    await q.dropIndex('ledger_entry', 'uq_ledger_entry_journal');
    await q.dropIndex('ledger_entry', 'uq_ledger_entry_idempotency');
    await q.dropColumns('ledger_entry', ['journal_account_id', 'journal_seq']);
    await q.createIndex(
      'ledger_entry',
      new TableIndex({
        name: 'uq_ledger_entry_idempotency',
        columnNames: ['account_id', 'biz_type', 'biz_id', 'entry_type'],
        isUnique: true,
      }),
    );
    await modifyColumns(q, 'ledger_entry', [intColumn('amount'), intColumn('balance_after')]);
    await q.dropColumn('ledger_lot', 'restores_lot_id');
    await modifyColumns(q, 'ledger_lot', [intColumn('amount'), intColumn('remaining')]);
    await modifyColumns(q, 'ledger_allocation', [intColumn('amount')]);
    await q.dropIndex('ledger_account', 'uq_ledger_account_system_code');
    await q.dropColumns('ledger_account', ['system_code', 'seq']);
    await modifyColumns(q, 'ledger_account', [intColumn('member_id'), varchar('kind', 8), intColumn('balance')]);
  }
}

/** journal_seq = 1, 2, … per member account in id order; the account's seq = its number of entries. */
async function numberJournals(q: QueryRunner): Promise<void> {
  const rows: { id: number | string; account_id: number | string }[] = await q.query(
    `SELECT id, account_id FROM ledger_entry ORDER BY account_id, id`,
  );
  const counts = new Map<number, number>();
  const updates: [number, number, number][] = [];
  for (const r of rows) {
    const account = Number(r.account_id);
    const seq = (counts.get(account) ?? 0) + 1;
    counts.set(account, seq);
    updates.push([Number(r.id), account, seq]);
  }
  for (let i = 0; i < updates.length; i += 500) {
    const batch = updates.slice(i, i + 500);
    const cases = `CASE id ${batch.map(() => 'WHEN ? THEN ?').join(' ')} END`;
    await q.query(
      `UPDATE ledger_entry SET journal_account_id = ${cases}, journal_seq = ${cases}
        WHERE id IN (${batch.map(() => '?').join(', ')})`,
      [...batch.flatMap((u) => [u[0], u[1]]), ...batch.flatMap((u) => [u[0], u[2]]), ...batch.map((u) => u[0])],
    );
  }
  for (const [account, seq] of counts) {
    await q.query(`UPDATE ledger_account SET seq = ? WHERE id = ?`, [seq, account]);
  }
}

/** One opposite leg per member entry, on the system account of its kind and role. */
async function insertSystemLegs(q: QueryRunner): Promise<void> {
  const legs: [string, string][] = [
    ['ISSUED', `e.entry_type = 'CREDIT' OR (e.entry_type = 'REVERSAL' AND o.entry_type = 'CREDIT')`],
    ['REDEEMED', `e.entry_type = 'DEBIT' OR (e.entry_type = 'REVERSAL' AND o.entry_type = 'DEBIT')`],
    ['EXPIRED', `e.entry_type = 'EXPIRE'`],
  ];
  for (const kind of KINDS) {
    for (const [role, which] of legs) {
      const [system] = await q.query(`SELECT id FROM ledger_account WHERE system_code = ?`, [`${kind}:${role}`]);
      await q.query(
        `INSERT INTO ledger_entry (account_id, journal_account_id, journal_seq, amount, balance_after, entry_type,
                                   biz_type, biz_id, reason, actor_type, actor_id, store_id, reverses_entry_id,
                                   created_at)
         SELECT ?, e.account_id, e.journal_seq, -e.amount, NULL, e.entry_type, e.biz_type, e.biz_id, e.reason,
                e.actor_type, e.actor_id, e.store_id, NULL, e.created_at
           FROM ledger_entry e
           JOIN ledger_account a ON a.id = e.account_id
           LEFT JOIN ledger_entry o ON o.id = e.reverses_entry_id
          WHERE a.kind = ? AND a.system_code IS NULL AND (${which})`,
        [Number(system.id), kind],
      );
    }
  }
}
