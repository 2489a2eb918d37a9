import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { boolColumn, idColumn, intColumn, timeColumn, varchar } from '../columns';

// Member data rights: the append-only consent history and account deletion requests (注销).
export class MemberPrivacy1764835200000 implements MigrationInterface {
  name = 'MemberPrivacy1764835200000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'member_consent',
        columns: [
          idColumn(),
          intColumn('member_id'),
          varchar('kind', 16),
          varchar('version', 16),
          boolColumn('granted', false),
          varchar('source', 16),
          timeColumn('created_at'),
        ],
        indices: [
          new TableIndex({ name: 'idx_member_consent_member_kind', columnNames: ['member_id', 'kind', 'id'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'deletion_request',
        columns: [
          idColumn(),
          intColumn('member_id'),
          intColumn('open_member_id', true),
          varchar('status', 16),
          timeColumn('requested_at'),
          timeColumn('due_at'),
          timeColumn('decided_at', true),
          intColumn('decided_by', true),
          varchar('reject_reason', 255, { isNullable: true }),
          varchar('anonymous_id', 16, { isNullable: true }),
        ],
        indices: [
          new TableIndex({ name: 'idx_deletion_request_member', columnNames: ['member_id'] }),
          new TableIndex({ name: 'uq_deletion_request_open', columnNames: ['open_member_id'], isUnique: true }),
          new TableIndex({ name: 'uq_deletion_request_anonymous_id', columnNames: ['anonymous_id'], isUnique: true }),
          new TableIndex({ name: 'idx_deletion_request_status_due', columnNames: ['status', 'due_at'] }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('deletion_request');
    await q.dropTable('member_consent');
  }
}
