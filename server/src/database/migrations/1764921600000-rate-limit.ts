import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { intColumn, keyColumn, timeColumn } from '../columns';

// The shared rate limiter: rate_limit_bucket holds the throttle counters every node shares (login limiter,
// card codes, lookups, quotes, invites…), one row per rule and subject (a keyed hash, no name or address).
export class RateLimit1764921600000 implements MigrationInterface {
  name = 'RateLimit1764921600000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'rate_limit_bucket',
        columns: [{ ...keyColumn(q, 'bucket_key', 80), isPrimary: true }, intColumn('hits'), timeColumn('window_ends_at')],
        indices: [new TableIndex({ name: 'idx_rate_limit_bucket_window_ends_at', columnNames: ['window_ends_at'] })],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('rate_limit_bucket');
  }
}
