import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { varchar } from '../columns';

// Stored value, part (f): WeChat freezes a mini-program payment's funds until its shipping is recorded, so
// each paid top-up carries the state of its virtual-goods upload (PENDING → UPLOADED, or FAILED with
// WeChat's reason) for the console; and a plan may give coupons with each paid top-up (template ids as JSON).
export class TopupShippingCoupons1766131200000 implements MigrationInterface {
  name = 'TopupShippingCoupons1766131200000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('topup_order', [
      new TableColumn(varchar('shipping_status', 10, { isNullable: true })),
      new TableColumn(varchar('shipping_error', 255, { isNullable: true })),
    ]);
    await q.createIndex(
      'topup_order',
      new TableIndex({ name: 'idx_topup_order_shipping', columnNames: ['shipping_status', 'id'] }),
    );
    await q.addColumn('topup_plan', new TableColumn(varchar('coupon_template_ids', 255, { isNullable: true })));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('topup_plan', 'coupon_template_ids');
    await q.dropIndex('topup_order', 'idx_topup_order_shipping');
    await q.dropColumns('topup_order', ['shipping_status', 'shipping_error']);
  }
}
