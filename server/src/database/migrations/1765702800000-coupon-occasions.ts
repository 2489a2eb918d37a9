import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { intColumn, timeColumn } from '../columns';

// The shop's coupon occasions: the daily birthday gift finds members by birthday (index), and the tier-up
// gift records per member and tier when it was last given (coupon_tier_gift), so that it is given once per
// member per tier per 365 days under any concurrency.
export class CouponOccasions1765702800000 implements MigrationInterface {
  name = 'CouponOccasions1765702800000';

  async up(q: QueryRunner): Promise<void> {
    await q.createIndex('member', new TableIndex({ name: 'idx_member_birthday', columnNames: ['birthday'] }));
    await q.createTable(
      new Table({
        name: 'coupon_tier_gift',
        columns: [
          { ...intColumn('member_id'), isPrimary: true },
          { ...intColumn('tier_id'), isPrimary: true },
          intColumn('seq'),
          timeColumn('granted_at'),
          timeColumn('next_gift_at'),
          timeColumn('revoked_at', true),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('coupon_tier_gift');
    await q.dropIndex('member', 'idx_member_birthday');
  }
}
