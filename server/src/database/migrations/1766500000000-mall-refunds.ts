import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { idColumn, intColumn, keyColumn, timeColumn, varchar } from '../columns';

// Points + cash in the mall: the cash part of a paid order that ended (or was paid after we closed it) goes
// back through WeChat Pay, one refund per order.
export class MallRefunds1766500000000 implements MigrationInterface {
  name = 'MallRefunds1766500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'mall_refund',
        columns: [
          idColumn(),
          intColumn('order_id'),
          keyColumn(q, 'out_refund_no', 64),
          varchar('out_trade_no', 32),
          varchar('transaction_id', 32),
          intColumn('member_id'),
          intColumn('refund_fen'),
          varchar('cause', 16),
          varchar('status', 10),
          varchar('refund_id', 64, { isNullable: true }),
          varchar('fail_reason', 200, { isNullable: true }),
          timeColumn('accepted_at', true),
          timeColumn('settled_at', true),
          timeColumn('created_at'),
          timeColumn('updated_at'),
        ],
        indices: [
          new TableIndex({ name: 'uq_mall_refund_order', columnNames: ['order_id'], isUnique: true }),
          new TableIndex({ name: 'uq_mall_refund_out_refund_no', columnNames: ['out_refund_no'], isUnique: true }),
          new TableIndex({ name: 'idx_mall_refund_status_created', columnNames: ['status', 'created_at'] }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('mall_refund');
  }
}
