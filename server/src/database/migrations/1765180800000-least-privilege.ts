import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { idColumn, intColumn, timeColumn, varchar } from '../columns';

// Least privilege. An operator's adjustments applied without approval count against the threshold per
// day (adjustment_quota.unapproved), not per request. Operators record who created them (an approver may not be the requester's own new
// account); managers get an approval PIN (scrypt hash, failure count and lock); a clerk's bill beyond their
// limits carries a manager's one-time approval bound to its checkout and amount; a clerk's sales of the last
// hour are counted by (staff_id, created_at).
export class LeastPrivilege1765180800000 implements MigrationInterface {
  name = 'LeastPrivilege1765180800000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('operator', new TableColumn(intColumn('created_by', true)));
    await q.addColumn('adjustment_quota', new TableColumn({ ...intColumn('unapproved'), default: 0 }));
    await q.addColumns('staff', [
      new TableColumn(varchar('pin_hash', 160, { isNullable: true })),
      new TableColumn({ ...intColumn('pin_failures'), default: 0 }),
      new TableColumn(timeColumn('pin_locked_until', true)),
    ]);
    await q.createTable(
      new Table({
        name: 'sale_approval',
        columns: [
          idColumn(),
          intColumn('store_id'),
          intColumn('checkout_id'),
          intColumn('amount_fen'),
          intColumn('clerk_staff_id'),
          intColumn('approver_staff_id'),
          varchar('reason', 16),
          timeColumn('created_at'),
          timeColumn('expires_at'),
          timeColumn('used_at', true),
        ],
        indices: [new TableIndex({ name: 'idx_sale_approval_checkout', columnNames: ['checkout_id'] })],
      }),
    );
    await q.createIndex(
      'purchase',
      new TableIndex({ name: 'idx_purchase_staff_time', columnNames: ['staff_id', 'created_at'] }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('purchase', 'idx_purchase_staff_time');
    await q.dropTable('sale_approval');
    await q.dropColumns('staff', ['pin_locked_until', 'pin_failures', 'pin_hash']);
    await q.dropColumn('adjustment_quota', 'unapproved');
    await q.dropColumn('operator', 'created_by');
  }
}
