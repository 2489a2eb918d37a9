import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { idColumn, intColumn, timeColumn, varchar } from '../columns';

// Sessions (场次) of recurring events: each session has its own time, capacity, seat counter and waitlist
// sequence (the hot row of its sign-ups, moved only by guarded updates), its cancellation deadline, the event's
// status copied onto it (so the seat guard reads one row) and its own no-show sweep. A sign-up names its session
// (0 = the event has none: a unique index does not compare NULLs), so one live sign-up per member is per session.
// Existing events get no sessions.
export class EventSessions1766800000000 implements MigrationInterface {
  name = 'EventSessions1766800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'event_session',
        columns: [
          idColumn(),
          intColumn('event_id'),
          timeColumn('starts_at'),
          timeColumn('ends_at'),
          intColumn('capacity'),
          { ...intColumn('seats_taken'), default: 0 },
          { ...intColumn('waitlist_seq'), default: 0 },
          timeColumn('cancel_deadline'),
          varchar('status', 10),
          timeColumn('no_show_swept_at', true),
          timeColumn('created_at'),
          timeColumn('updated_at'),
        ],
        indices: [
          new TableIndex({ name: 'idx_event_session_event', columnNames: ['event_id', 'starts_at'] }),
          new TableIndex({ name: 'idx_event_session_status_starts', columnNames: ['status', 'starts_at'] }),
          new TableIndex({ name: 'idx_event_session_sweep', columnNames: ['no_show_swept_at', 'ends_at'] }),
        ],
      }),
    );
    await q.addColumn('event', new TableColumn({ ...intColumn('session_count'), default: 0 }));
    await q.addColumn('event_signup', new TableColumn({ ...intColumn('session_id'), default: 0 }));
    await q.dropIndex('event_signup', 'uq_event_signup_active');
    await q.createIndex(
      'event_signup',
      new TableIndex({
        name: 'uq_event_signup_active',
        columnNames: ['event_id', 'session_id', 'active_member_id'],
        isUnique: true,
      }),
    );
    await q.dropIndex('event_signup', 'idx_event_signup_queue');
    await q.createIndex(
      'event_signup',
      new TableIndex({ name: 'idx_event_signup_queue', columnNames: ['event_id', 'session_id', 'status', 'waitlist_seq'] }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('event_signup', 'idx_event_signup_queue');
    await q.createIndex(
      'event_signup',
      new TableIndex({ name: 'idx_event_signup_queue', columnNames: ['event_id', 'status', 'waitlist_seq'] }),
    );
    await q.dropIndex('event_signup', 'uq_event_signup_active');
    await q.createIndex(
      'event_signup',
      new TableIndex({ name: 'uq_event_signup_active', columnNames: ['event_id', 'active_member_id'], isUnique: true }),
    );
    await q.dropColumn('event_signup', 'session_id');
    await q.dropColumn('event', 'session_count');
    await q.dropTable('event_session');
  }
}
