import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { boolColumn, idColumn, intColumn, keyColumn, timeColumn, varchar } from '../columns';

// Cash event fees through WeChat Pay: one payment per sign-up that got seats, its refund on the same row.
export class EventPayments1766610000000 implements MigrationInterface {
  name = 'EventPayments1766610000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'event_payment',
        columns: [
          idColumn(),
          intColumn('signup_id'),
          intColumn('event_id'),
          intColumn('member_id'),
          keyColumn(q, 'out_trade_no', 32),
          intColumn('amount_fen'),
          varchar('status', 10),
          timeColumn('pay_until'),
          varchar('prepay_id', 64, { isNullable: true }),
          { ...keyColumn(q, 'transaction_id', 32), isNullable: true },
          timeColumn('paid_at', true),
          boolColumn('late', false),
          varchar('shipping_status', 10, { isNullable: true }),
          varchar('shipping_error', 255, { isNullable: true }),
          varchar('refund_status', 10, { isNullable: true }),
          varchar('refund_cause', 16, { isNullable: true }),
          varchar('refund_id', 64, { isNullable: true }),
          varchar('refund_fail_reason', 200, { isNullable: true }),
          timeColumn('refund_created_at', true),
          timeColumn('refund_accepted_at', true),
          timeColumn('refund_settled_at', true),
          timeColumn('created_at'),
          timeColumn('updated_at'),
        ],
        indices: [
          new TableIndex({ name: 'uq_event_payment_signup', columnNames: ['signup_id'], isUnique: true }),
          new TableIndex({ name: 'uq_event_payment_out_trade_no', columnNames: ['out_trade_no'], isUnique: true }),
          new TableIndex({ name: 'uq_event_payment_transaction', columnNames: ['transaction_id'], isUnique: true }),
          new TableIndex({ name: 'idx_event_payment_status_created', columnNames: ['status', 'created_at'] }),
          new TableIndex({ name: 'idx_event_payment_refund', columnNames: ['refund_status', 'refund_created_at'] }),
          new TableIndex({ name: 'idx_event_payment_event', columnNames: ['event_id', 'status'] }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('event_payment');
  }
}
