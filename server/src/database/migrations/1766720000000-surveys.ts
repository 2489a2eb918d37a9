import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { idColumn, intColumn, textColumn, timeColumn, varchar } from '../columns';

// Surveys: an event's feedback (one per event) and NPS surveys sent to a segment, the members' answers (once
// per survey and member through a unique index), and the follow-up tasks low ratings open for a store.
export class Surveys1766720000000 implements MigrationInterface {
  name = 'Surveys1766720000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'survey',
        columns: [
          idColumn(),
          varchar('kind', 16),
          varchar('title', 64),
          intColumn('event_id', true),
          intColumn('store_id', true),
          varchar('status', 8),
          { ...textColumn('questions_json'), isNullable: false },
          intColumn('low_rating_max'),
          textColumn('target_json'),
          { ...intColumn('audience'), default: 0 },
          timeColumn('opens_at'),
          timeColumn('closes_at'),
          { ...intColumn('version'), default: 0 },
          timeColumn('requests_planned_at', true),
          intColumn('created_by', true),
          timeColumn('created_at'),
          timeColumn('updated_at'),
        ],
        indices: [
          new TableIndex({ name: 'uq_survey_event', columnNames: ['event_id'], isUnique: true }),
          new TableIndex({ name: 'idx_survey_kind', columnNames: ['kind', 'id'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'survey_response',
        columns: [
          idColumn(),
          intColumn('survey_id'),
          intColumn('member_id'),
          intColumn('signup_id', true),
          intColumn('event_id', true),
          intColumn('store_id', true),
          intColumn('rating', true),
          intColumn('score', true),
          varchar('tags_json', 500),
          varchar('comment', 1000),
          { ...textColumn('answers_json'), isNullable: false },
          timeColumn('created_at'),
        ],
        indices: [
          new TableIndex({ name: 'uq_survey_response', columnNames: ['survey_id', 'member_id'], isUnique: true }),
          new TableIndex({ name: 'idx_survey_response_store', columnNames: ['store_id', 'created_at'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'follow_up_task',
        columns: [
          idColumn(),
          intColumn('survey_id'),
          intColumn('response_id'),
          intColumn('event_id', true),
          intColumn('store_id', true),
          intColumn('member_id'),
          varchar('status', 12),
          varchar('assignee', 32, { isNullable: true }),
          varchar('resolution', 1000, { isNullable: true }),
          varchar('resolved_by', 64, { isNullable: true }),
          { ...intColumn('version'), default: 0 },
          timeColumn('created_at'),
          timeColumn('started_at', true),
          timeColumn('resolved_at', true),
          timeColumn('updated_at'),
        ],
        indices: [
          new TableIndex({ name: 'uq_follow_up_response', columnNames: ['response_id'], isUnique: true }),
          new TableIndex({ name: 'idx_follow_up_store', columnNames: ['store_id', 'status', 'id'] }),
          new TableIndex({ name: 'idx_follow_up_status', columnNames: ['status', 'id'] }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['follow_up_task', 'survey_response', 'survey']) await q.dropTable(t);
  }
}
