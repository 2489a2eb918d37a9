import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { idColumn, intColumn, timeColumn, varchar } from '../columns';

// Operator tools for points and tiers: manual adjustments with a daily quota per operator, tier
// re-evaluation reviews (grace period before a downgrade) and the plan of points-expiry reminders.
export class PointsOperatorTools1764230400000 implements MigrationInterface {
  name = 'PointsOperatorTools1764230400000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'points_adjustment',
        columns: [
          idColumn(),
          intColumn('member_id'),
          intColumn('delta'),
          varchar('reason_code', 16),
          varchar('note', 200),
          varchar('status', 10),
          varchar('request_id', 64),
          intColumn('requested_by'),
          varchar('business_date', 10),
          timeColumn('requested_at'),
          intColumn('decided_by', true),
          timeColumn('decided_at', true),
          varchar('decision_note', 200, { isNullable: true }),
          intColumn('ledger_entry_id', true),
          intColumn('balance_after', true),
        ],
        indices: [
          new TableIndex({
            name: 'uq_points_adjustment_request',
            columnNames: ['requested_by', 'request_id'],
            isUnique: true,
          }),
          new TableIndex({ name: 'idx_points_adjustment_status', columnNames: ['status', 'id'] }),
          new TableIndex({ name: 'idx_points_adjustment_member', columnNames: ['member_id'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'adjustment_quota',
        columns: [idColumn(), intColumn('operator_id'), varchar('business_date', 10), { ...intColumn('used'), default: 0 }],
        indices: [
          new TableIndex({
            name: 'uq_adjustment_quota_day',
            columnNames: ['operator_id', 'business_date'],
            isUnique: true,
          }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'tier_review',
        columns: [
          idColumn(),
          intColumn('member_id'),
          // member_id while pending, NULL once closed: the unique index allows one open review per member.
          intColumn('pending_member_id', true),
          intColumn('from_tier_id'),
          intColumn('to_tier_id'),
          intColumn('growth_at_flag'),
          intColumn('retention_threshold'),
          varchar('status', 10),
          timeColumn('flagged_at'),
          varchar('due_on', 10),
          timeColumn('decided_at', true),
          varchar('cancel_reason', 16, { isNullable: true }),
        ],
        indices: [
          new TableIndex({ name: 'uq_tier_review_pending', columnNames: ['pending_member_id'], isUnique: true }),
          new TableIndex({ name: 'idx_tier_review_status_due', columnNames: ['status', 'due_on'] }),
          new TableIndex({ name: 'idx_tier_review_member', columnNames: ['member_id'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'points_expiry_reminder',
        columns: [
          idColumn(),
          intColumn('member_id'),
          varchar('expires_on', 10),
          intColumn('points'),
          varchar('status', 10),
          timeColumn('planned_at'),
          timeColumn('sent_at', true),
        ],
        indices: [
          new TableIndex({
            name: 'uq_points_expiry_reminder',
            columnNames: ['member_id', 'expires_on'],
            isUnique: true,
          }),
          new TableIndex({ name: 'idx_points_expiry_reminder_status', columnNames: ['status', 'expires_on'] }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('points_expiry_reminder');
    await q.dropTable('tier_review');
    await q.dropTable('adjustment_quota');
    await q.dropTable('points_adjustment');
  }
}
