import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { boolColumn, idColumn, intColumn, keyColumn, timeColumn, varchar } from '../columns';

// Care notices: the kind → template settings, the consent ledger (grants left per member and template, every
// popup answer), member switches, the notices themselves (one per kind, member and dedupe key) and the
// member each operator's console test-send goes to.
export class Notices1766700000000 implements MigrationInterface {
  name = 'Notices1766700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'notice_kind_config',
        columns: [
          { ...varchar('kind', 32), isPrimary: true },
          { ...keyColumn(q, 'template_id', 64), isNullable: true },
          boolColumn('paused', false),
          varchar('paused_reason', 255, { isNullable: true }),
          { ...intColumn('version'), default: 0 },
          timeColumn('updated_at'),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'notice_grant',
        columns: [
          { ...intColumn('member_id'), isPrimary: true },
          { ...keyColumn(q, 'template_id', 64), isPrimary: true },
          intColumn('remaining'),
          timeColumn('updated_at'),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'notice_consent_log',
        columns: [
          idColumn(),
          intColumn('member_id'),
          keyColumn(q, 'template_id', 64),
          varchar('kind', 32, { isNullable: true }),
          varchar('moment', 24),
          varchar('result', 16),
          timeColumn('created_at'),
        ],
        indices: [new TableIndex({ name: 'idx_notice_consent_member', columnNames: ['member_id', 'id'] })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'notice_preference',
        columns: [
          { ...intColumn('member_id'), isPrimary: true },
          { ...varchar('kind', 32), isPrimary: true },
          boolColumn('enabled', true),
          timeColumn('updated_at'),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'notice',
        columns: [
          idColumn(),
          varchar('kind', 32),
          intColumn('member_id'),
          keyColumn(q, 'dedupe_key', 64),
          varchar('status', 10),
          varchar('reason', 24, { isNullable: true }),
          intColumn('errcode', true),
          { ...keyColumn(q, 'template_id', 64), isNullable: true },
          varchar('page', 255, { isNullable: true }),
          varchar('data_json', 1000),
          timeColumn('due_at'),
          timeColumn('send_by', true),
          timeColumn('sent_at', true),
          { ...intColumn('attempts'), default: 0 },
          varchar('claim_token', 32, { isNullable: true }),
          timeColumn('claimed_until', true),
          timeColumn('sending_at', true),
          timeColumn('created_at'),
          timeColumn('updated_at'),
        ],
        indices: [
          new TableIndex({ name: 'uq_notice_dedupe', columnNames: ['kind', 'member_id', 'dedupe_key'], isUnique: true }),
          new TableIndex({ name: 'idx_notice_due', columnNames: ['status', 'due_at'] }),
          new TableIndex({ name: 'idx_notice_member_sending', columnNames: ['member_id', 'sending_at'] }),
          new TableIndex({ name: 'idx_notice_created', columnNames: ['created_at'] }),
          new TableIndex({ name: 'idx_notice_claim', columnNames: ['claim_token'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'notice_test_recipient',
        columns: [{ ...intColumn('operator_id'), isPrimary: true }, intColumn('member_id'), timeColumn('updated_at')],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'notice_test_recipient',
      'notice',
      'notice_preference',
      'notice_consent_log',
      'notice_grant',
      'notice_kind_config',
    ]) {
      await q.dropTable(table);
    }
  }
}
