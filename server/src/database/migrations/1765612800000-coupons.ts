import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { boolColumn, idColumn, intColumn, keyColumn, textColumn, timeColumn, varchar } from '../columns';

// Coupons: templates, coupons in members' hands (with the terms they were issued with), per-member claim
// quotas, gift links, stand-alone voucher redemptions and batch issues. A sale records what its coupons
// took off (coupon_discount_fen): that part of the bill earns no points or growth.
export class Coupons1765612800000 implements MigrationInterface {
  name = 'Coupons1765612800000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'coupon_template',
        columns: [
          idColumn(),
          varchar('kind', 16),
          varchar('name', 64),
          intColumn('face_value_fen'),
          intColumn('min_spend_fen'),
          intColumn('percent_off', true),
          intColumn('max_discount_fen', true),
          varchar('item_name', 64, { isNullable: true }),
          varchar('instructions', 500),
          intColumn('total_stock', true),
          { ...intColumn('issued'), default: 0 },
          intColumn('per_member_limit'),
          varchar('trigger', 16),
          timeColumn('claim_starts_at', true),
          timeColumn('claim_ends_at', true),
          varchar('validity_json', 255),
          varchar('tier_ids_json', 500, { isNullable: true }),
          varchar('store_ids_json', 2000, { isNullable: true }),
          boolColumn('stackable', false),
          boolColumn('giftable', false),
          varchar('status', 16),
          { ...intColumn('version'), default: 0 },
          intColumn('created_by'),
          timeColumn('created_at'),
          timeColumn('updated_at'),
        ],
        indices: [new TableIndex({ name: 'idx_coupon_tpl_status_trigger', columnNames: ['status', 'trigger'] })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'coupon',
        columns: [
          idColumn(),
          keyColumn(q, 'code', 16),
          intColumn('template_id'),
          intColumn('member_id'),
          varchar('terms_json', 3000),
          timeColumn('valid_from'),
          timeColumn('valid_until'),
          varchar('status', 10),
          varchar('source', 16),
          { ...keyColumn(q, 'source_key', 128), isNullable: true },
          timeColumn('issued_at'),
          timeColumn('used_at', true),
          intColumn('used_store_id', true),
          intColumn('used_staff_id', true),
          intColumn('purchase_id', true),
          intColumn('discount_fen', true),
        ],
        indices: [
          new TableIndex({ name: 'uq_coupon_code', columnNames: ['code'], isUnique: true }),
          new TableIndex({ name: 'uq_coupon_source_key', columnNames: ['source_key'], isUnique: true }),
          new TableIndex({ name: 'idx_coupon_member_status', columnNames: ['member_id', 'status', 'valid_until'] }),
          new TableIndex({ name: 'idx_coupon_template_status', columnNames: ['template_id', 'status'] }),
          new TableIndex({ name: 'idx_coupon_status_until', columnNames: ['status', 'valid_until'] }),
          new TableIndex({ name: 'idx_coupon_purchase', columnNames: ['purchase_id'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'coupon_member_quota',
        columns: [
          { ...intColumn('template_id'), isPrimary: true },
          { ...intColumn('member_id'), isPrimary: true },
          intColumn('taken'),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'coupon_gift',
        columns: [
          idColumn(),
          keyColumn(q, 'token', 32),
          intColumn('coupon_id'),
          intColumn('giver_member_id'),
          intColumn('receiver_member_id', true),
          varchar('status', 10),
          timeColumn('created_at'),
          timeColumn('expires_at'),
          timeColumn('closed_at', true),
        ],
        indices: [
          new TableIndex({ name: 'uq_coupon_gift_token', columnNames: ['token'], isUnique: true }),
          new TableIndex({ name: 'idx_coupon_gift_coupon', columnNames: ['coupon_id', 'status'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'coupon_redemption',
        columns: [
          idColumn(),
          intColumn('coupon_id'),
          intColumn('store_id'),
          intColumn('staff_id'),
          varchar('status', 10),
          timeColumn('created_at'),
          intColumn('voided_by', true),
          timeColumn('voided_at', true),
          varchar('void_reason', 255, { isNullable: true }),
        ],
        indices: [
          new TableIndex({ name: 'idx_coupon_redemption_coupon', columnNames: ['coupon_id'] }),
          new TableIndex({ name: 'idx_coupon_redemption_store_time', columnNames: ['store_id', 'created_at'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'coupon_batch',
        columns: [
          idColumn(),
          intColumn('template_id'),
          { ...textColumn('target_json'), isNullable: false },
          varchar('note', 255),
          varchar('status', 10),
          intColumn('total'),
          { ...intColumn('processed'), default: 0 },
          { ...intColumn('issued'), default: 0 },
          { ...intColumn('skipped'), default: 0 },
          { ...intColumn('cursor'), default: 0 },
          varchar('stop_reason', 255, { isNullable: true }),
          intColumn('created_by'),
          timeColumn('created_at'),
          timeColumn('finished_at', true),
        ],
      }),
    );
    await q.addColumns('purchase', [new TableColumn({ ...intColumn('coupon_discount_fen'), default: 0 })]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumns('purchase', ['coupon_discount_fen']);
    for (const t of ['coupon_batch', 'coupon_redemption', 'coupon_gift', 'coupon_member_quota', 'coupon', 'coupon_template'])
      await q.dropTable(t);
  }
}
