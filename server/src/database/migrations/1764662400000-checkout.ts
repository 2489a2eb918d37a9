import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { idColumn, intColumn, timeColumn, varchar } from '../columns';

// Checkouts: a scan opens one (consuming the member code) and quote and purchase name it for 10 minutes,
// so a slow clerk no longer has to re-scan; its sale closes it.
export class Checkout1764662400000 implements MigrationInterface {
  name = 'Checkout1764662400000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'checkout',
        columns: [
          idColumn(),
          intColumn('member_id'),
          intColumn('store_id'),
          intColumn('staff_id'),
          varchar('status', 16),
          timeColumn('created_at'),
          timeColumn('expires_at'),
          timeColumn('closed_at', true),
          varchar('receipt_no', 64, { isNullable: true }),
        ],
        indices: [new TableIndex({ name: 'idx_checkout_member', columnNames: ['member_id'] })],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('checkout');
  }
}
