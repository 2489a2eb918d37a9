import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { boolColumn, idColumn, intColumn, textColumn, timeColumn, varchar } from '../columns';

// Purchases at the counter (idempotent per store + receipt no.), their refunds, and members' current tier.
export class Purchases1764144000000 implements MigrationInterface {
  name = 'Purchases1764144000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'purchase',
        columns: [
          idColumn(),
          intColumn('store_id'),
          varchar('receipt_no', 32),
          intColumn('member_id'),
          intColumn('staff_id'),
          intColumn('amount_fen'),
          intColumn('points_used'),
          intColumn('deduction_fen'),
          intColumn('payable_fen'),
          intColumn('points_earned'),
          intColumn('growth_earned'),
          intColumn('rules_version'),
          { ...intColumn('refunded_fen'), default: 0 },
          { ...textColumn('result_json'), isNullable: false },
          timeColumn('created_at'),
        ],
        indices: [
          new TableIndex({ name: 'uq_purchase_store_receipt', columnNames: ['store_id', 'receipt_no'], isUnique: true }),
          new TableIndex({ name: 'idx_purchase_member', columnNames: ['member_id'] }),
          new TableIndex({ name: 'idx_purchase_staff', columnNames: ['staff_id'] }),
          new TableIndex({ name: 'idx_purchase_created_at', columnNames: ['created_at'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'member_tier',
        columns: [
          idColumn(),
          intColumn('member_id'),
          intColumn('tier_id'),
          boolColumn('pinned', false),
          timeColumn('since'),
          timeColumn('updated_at'),
        ],
        indices: [new TableIndex({ name: 'uq_member_tier_member', columnNames: ['member_id'], isUnique: true })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'purchase_refund',
        columns: [
          idColumn(),
          intColumn('purchase_id'),
          varchar('refund_no', 32),
          intColumn('staff_id'),
          intColumn('amount_fen'),
          intColumn('points_returned'),
          intColumn('points_claw_target'),
          intColumn('points_clawed_back'),
          intColumn('growth_claw_target'),
          intColumn('growth_clawed_back'),
          { ...textColumn('result_json'), isNullable: false },
          timeColumn('created_at'),
        ],
        indices: [new TableIndex({ name: 'uq_purchase_refund_no', columnNames: ['purchase_id', 'refund_no'], isUnique: true })],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('purchase_refund');
    await q.dropTable('member_tier');
    await q.dropTable('purchase');
  }
}
