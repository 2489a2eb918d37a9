import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { idColumn, intColumn, keyColumn, textColumn, timeColumn, timestamps, varchar } from '../columns';

// outbox: work written in the same transaction as the change that causes it, delivered at least once by
// leased workers. (kind, outbox_key) is unique so an enqueue is idempotent per business key.
export class Outbox1764576000000 implements MigrationInterface {
  name = 'Outbox1764576000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'outbox',
        columns: [
          idColumn(),
          varchar('kind', 64),
          { ...keyColumn(q, 'outbox_key', 128), isNullable: true },
          { ...textColumn('payload_json'), isNullable: false },
          varchar('status', 16),
          { ...intColumn('attempts'), default: 0 },
          { ...intColumn('version'), default: 0 },
          timeColumn('available_at'),
          varchar('claimed_by', 64, { isNullable: true }),
          timeColumn('lease_until', true),
          textColumn('last_error'),
          ...timestamps(),
          timeColumn('finished_at', true),
        ],
        indices: [
          new TableIndex({ name: 'uq_outbox_kind_key', columnNames: ['kind', 'outbox_key'], isUnique: true }),
          new TableIndex({ name: 'idx_outbox_due', columnNames: ['status', 'available_at'] }),
          new TableIndex({ name: 'idx_outbox_kind_status', columnNames: ['kind', 'status'] }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('outbox');
  }
}
