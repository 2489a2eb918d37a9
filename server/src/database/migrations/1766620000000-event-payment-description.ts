import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { varchar } from '../columns';

// A cash fee's WeChat Pay description is fixed when the payment is opened: WeChat answers a repeated prepay
// of the same out_trade_no only for the same parameters, so an operator renaming the event in between must
// not change it (it would answer OUT_TRADE_NO_USED).
export class EventPaymentDescription1766620000000 implements MigrationInterface {
  name = 'EventPaymentDescription1766620000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('event_payment', new TableColumn(varchar('description', 127, { default: "''" })));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('event_payment', 'description');
  }
}
