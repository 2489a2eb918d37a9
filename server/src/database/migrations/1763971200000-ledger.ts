import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { idColumn, intColumn, timeColumn, timestamps, varchar } from '../columns';

// Ledger engine shared by points and stored value: accounts, entries, lots, lot allocations.
export class Ledger1763971200000 implements MigrationInterface {
  name = 'Ledger1763971200000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'ledger_account',
        columns: [idColumn(), intColumn('member_id'), varchar('kind', 8), intColumn('balance'), ...timestamps()],
        indices: [
          new TableIndex({
            name: 'uq_ledger_account_member_kind',
            columnNames: ['member_id', 'kind'],
            isUnique: true,
          }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'ledger_entry',
        columns: [
          idColumn(),
          intColumn('account_id'),
          intColumn('amount'),
          intColumn('balance_after'),
          varchar('entry_type', 16),
          varchar('biz_type', 32),
          varchar('biz_id', 64),
          varchar('reason', 255),
          varchar('actor_type', 16, { isNullable: true }),
          intColumn('actor_id', true),
          intColumn('store_id', true),
          intColumn('reverses_entry_id', true),
          timeColumn('created_at'),
        ],
        indices: [
          new TableIndex({
            name: 'uq_ledger_entry_idempotency',
            columnNames: ['account_id', 'biz_type', 'biz_id', 'entry_type'],
            isUnique: true,
          }),
          new TableIndex({ name: 'idx_ledger_entry_account_created', columnNames: ['account_id', 'created_at'] }),
          new TableIndex({ name: 'idx_ledger_entry_reverses', columnNames: ['reverses_entry_id'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'ledger_lot',
        columns: [
          idColumn(),
          intColumn('account_id'),
          intColumn('entry_id'),
          intColumn('amount'),
          intColumn('remaining'),
          timeColumn('expires_at', true),
          varchar('lot_kind', 16),
          timeColumn('created_at'),
        ],
        indices: [
          new TableIndex({ name: 'idx_ledger_lot_account_expires', columnNames: ['account_id', 'expires_at'] }),
          new TableIndex({ name: 'idx_ledger_lot_expires', columnNames: ['expires_at'] }),
          new TableIndex({ name: 'idx_ledger_lot_entry', columnNames: ['entry_id'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'ledger_allocation',
        columns: [idColumn(), intColumn('entry_id'), intColumn('lot_id'), intColumn('amount')],
        indices: [
          new TableIndex({ name: 'idx_ledger_allocation_entry', columnNames: ['entry_id'] }),
          new TableIndex({ name: 'idx_ledger_allocation_lot', columnNames: ['lot_id'] }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['ledger_allocation', 'ledger_lot', 'ledger_entry', 'ledger_account']) {
      await q.dropTable(table);
    }
  }
}
