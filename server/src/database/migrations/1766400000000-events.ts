import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { boolColumn, idColumn, intColumn, keyColumn, timeColumn, varchar } from '../columns';

// Member events: the event (seat counter and waitlist sequence on its row, moved only by guarded updates),
// sign-ups (one live sign-up per member and event through a unique (event_id, active_member_id): the column
// is cleared when a sign-up is cancelled), the members' no-show standing, and the notices planned for them.
export class Events1766400000000 implements MigrationInterface {
  name = 'Events1766400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'event',
        columns: [
          idColumn(),
          varchar('title', 64),
          varchar('poster_ids_json', 255),
          varchar('description', 4000),
          intColumn('store_id', true),
          varchar('address', 128, { isNullable: true }),
          timeColumn('starts_at'),
          timeColumn('ends_at'),
          timeColumn('signup_starts_at'),
          timeColumn('signup_ends_at'),
          intColumn('capacity'),
          { ...intColumn('seats_taken'), default: 0 },
          { ...intColumn('waitlist_seq'), default: 0 },
          varchar('tier_codes_json', 500, { isNullable: true }),
          varchar('fee_kind', 8),
          intColumn('fee_points'),
          intColumn('fee_fen'),
          intColumn('max_companions'),
          timeColumn('cancel_deadline'),
          intColumn('reward_points'),
          intColumn('reward_coupon_template_id', true),
          varchar('status', 10),
          varchar('cancel_reason', 255, { isNullable: true }),
          timeColumn('no_show_swept_at', true),
          { ...intColumn('version'), default: 0 },
          intColumn('created_by'),
          timeColumn('created_at'),
          timeColumn('updated_at'),
          timeColumn('published_at', true),
          timeColumn('cancelled_at', true),
        ],
        indices: [
          new TableIndex({ name: 'idx_event_status_starts', columnNames: ['status', 'starts_at'] }),
          new TableIndex({ name: 'idx_event_store_starts', columnNames: ['store_id', 'starts_at'] }),
          new TableIndex({ name: 'idx_event_sweep', columnNames: ['no_show_swept_at', 'ends_at'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'event_signup',
        columns: [
          idColumn(),
          intColumn('event_id'),
          intColumn('member_id'),
          intColumn('active_member_id', true),
          intColumn('companions'),
          intColumn('party_size'),
          varchar('status', 16),
          intColumn('waitlist_seq', true),
          keyColumn(q, 'ticket_code', 16),
          { ...intColumn('fee_points'), default: 0 },
          intColumn('fee_entry_id', true),
          boolColumn('fee_refunded', false),
          { ...intColumn('reward_points'), default: 0 },
          intColumn('reward_coupon_id', true),
          boolColumn('walk_in', false),
          varchar('skip_note', 64, { isNullable: true }),
          timeColumn('promoted_at', true),
          timeColumn('checked_in_at', true),
          intColumn('checked_in_by', true),
          timeColumn('cancelled_at', true),
          varchar('end_reason', 16, { isNullable: true }),
          timeColumn('created_at'),
          timeColumn('updated_at'),
        ],
        indices: [
          new TableIndex({
            name: 'uq_event_signup_active',
            columnNames: ['event_id', 'active_member_id'],
            isUnique: true,
          }),
          new TableIndex({ name: 'uq_event_signup_ticket', columnNames: ['ticket_code'], isUnique: true }),
          new TableIndex({ name: 'idx_event_signup_queue', columnNames: ['event_id', 'status', 'waitlist_seq'] }),
          new TableIndex({ name: 'idx_event_signup_member', columnNames: ['member_id', 'id'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'event_member_standing',
        columns: [
          { ...intColumn('member_id'), isPrimary: true },
          intColumn('no_shows'),
          timeColumn('last_no_show_at', true),
          timeColumn('waitlist_only_until', true),
          timeColumn('updated_at'),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'event_notice',
        columns: [
          idColumn(),
          varchar('kind', 16),
          intColumn('member_id'),
          intColumn('event_id'),
          intColumn('signup_id'),
          varchar('payload_json', 500),
          varchar('status', 10),
          timeColumn('created_at'),
        ],
        indices: [
          new TableIndex({ name: 'uq_event_notice', columnNames: ['kind', 'signup_id'], isUnique: true }),
          new TableIndex({ name: 'idx_event_notice_status', columnNames: ['status', 'id'] }),
          new TableIndex({ name: 'idx_event_notice_member', columnNames: ['member_id', 'id'] }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['event_notice', 'event_member_standing', 'event_signup', 'event']) await q.dropTable(t);
  }
}
