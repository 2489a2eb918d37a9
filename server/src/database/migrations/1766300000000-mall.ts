import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { boolColumn, idColumn, intColumn, keyColumn, timeColumn, varchar } from '../columns';

// Points mall: categories, goods (stock left and provisioned, sold count), per-member quotas per period, and
// orders. An order keeps the columns of the cash part (WeChat Pay) from the start, so points + cash later
// adds behaviour, not schema.
export class Mall1766300000000 implements MigrationInterface {
  name = 'Mall1766300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'mall_category',
        columns: [idColumn(), varchar('name', 32), intColumn('sort_order'), timeColumn('created_at'), timeColumn('updated_at')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'mall_goods',
        columns: [
          idColumn(),
          varchar('kind', 10),
          varchar('name', 64),
          intColumn('category_id', true),
          varchar('description', 2000),
          varchar('image_ids_json', 255),
          intColumn('points_price'),
          intColumn('cash_fen'),
          intColumn('stock', true),
          intColumn('stock_total', true),
          { ...intColumn('sold_count'), default: 0 },
          intColumn('per_member_limit', true),
          varchar('limit_period', 8),
          varchar('tier_codes_json', 500, { isNullable: true }),
          varchar('pickup_store_ids_json', 2000),
          intColumn('pickup_days'),
          intColumn('coupon_template_id', true),
          timeColumn('sale_starts_at', true),
          timeColumn('sale_ends_at', true),
          intColumn('sort_order'),
          boolColumn('featured', false),
          varchar('status', 10),
          { ...intColumn('version'), default: 0 },
          intColumn('created_by'),
          timeColumn('created_at'),
          timeColumn('updated_at'),
        ],
        indices: [
          new TableIndex({ name: 'idx_mall_goods_status_sort', columnNames: ['status', 'sort_order'] }),
          new TableIndex({ name: 'idx_mall_goods_category', columnNames: ['category_id', 'status'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'mall_member_quota',
        columns: [
          { ...intColumn('goods_id'), isPrimary: true },
          { ...intColumn('member_id'), isPrimary: true },
          { ...varchar('period_key', 10), isPrimary: true },
          intColumn('taken'),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'mall_order',
        columns: [
          idColumn(),
          keyColumn(q, 'order_no', 32),
          intColumn('member_id'),
          intColumn('goods_id'),
          varchar('kind', 10),
          varchar('goods_name', 64),
          intColumn('quantity'),
          intColumn('points_total'),
          intColumn('cash_fen'),
          varchar('status', 16),
          varchar('quota_key', 10, { isNullable: true }),
          intColumn('pickup_store_id', true),
          { ...keyColumn(q, 'pickup_code', 6), isNullable: true },
          varchar('pickup_until', 10, { isNullable: true }),
          intColumn('points_entry_id', true),
          intColumn('coupon_id', true),
          intColumn('picked_up_by_staff_id', true),
          timeColumn('done_at', true),
          timeColumn('cancelled_at', true),
          varchar('end_reason', 16, { isNullable: true }),
          { ...keyColumn(q, 'out_trade_no', 32), isNullable: true },
          { ...keyColumn(q, 'transaction_id', 32), isNullable: true },
          varchar('prepay_id', 64, { isNullable: true }),
          timeColumn('pay_until', true),
          intColumn('points_hold_id', true),
          varchar('shipping_status', 10, { isNullable: true }),
          varchar('shipping_error', 255, { isNullable: true }),
          timeColumn('created_at'),
          timeColumn('updated_at'),
        ],
        indices: [
          new TableIndex({ name: 'uq_mall_order_no', columnNames: ['order_no'], isUnique: true }),
          new TableIndex({ name: 'uq_mall_order_pickup_code', columnNames: ['pickup_code'], isUnique: true }),
          new TableIndex({ name: 'uq_mall_order_out_trade_no', columnNames: ['out_trade_no'], isUnique: true }),
          new TableIndex({ name: 'uq_mall_order_transaction', columnNames: ['transaction_id'], isUnique: true }),
          new TableIndex({ name: 'idx_mall_order_member', columnNames: ['member_id', 'id'] }),
          new TableIndex({ name: 'idx_mall_order_status_until', columnNames: ['status', 'pickup_until'] }),
          new TableIndex({ name: 'idx_mall_order_store_done', columnNames: ['pickup_store_id', 'done_at'] }),
          new TableIndex({ name: 'idx_mall_order_created', columnNames: ['created_at'] }),
          new TableIndex({ name: 'idx_mall_order_goods', columnNames: ['goods_id', 'status'] }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['mall_order', 'mall_member_quota', 'mall_goods', 'mall_category']) await q.dropTable(t);
  }
}
