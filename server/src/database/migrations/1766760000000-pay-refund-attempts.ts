import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { intColumn } from '../columns';

// 重新退款: a mall order's or an event fee's refund that WeChat closed (or refused outright) can be asked again
// by an operator, as a new attempt under its own out_refund_no (…R2, …R3). The refund rows keep their latest
// attempt's number, which guards every move of it; existing refunds are their first attempt. WeChat's refund
// notifications name any attempt, so mall refunds are looked up by out_trade_no.
export class PayRefundAttempts1766760000000 implements MigrationInterface {
  name = 'PayRefundAttempts1766760000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('mall_refund', new TableColumn({ ...intColumn('attempt'), default: 1 }));
    await q.createIndex(
      'mall_refund',
      new TableIndex({ name: 'idx_mall_refund_out_trade_no', columnNames: ['out_trade_no'] }),
    );
    await q.addColumn('event_payment', new TableColumn({ ...intColumn('refund_attempt'), default: 1 }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('event_payment', 'refund_attempt');
    await q.dropIndex('mall_refund', 'idx_mall_refund_out_trade_no');
    await q.dropColumn('mall_refund', 'attempt');
  }
}
