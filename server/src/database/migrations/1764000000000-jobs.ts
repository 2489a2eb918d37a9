import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { idColumn, intColumn, textColumn, timeColumn, varchar } from '../columns';

// job_run: one row per (job, run key); the unique index makes each run happen on one node.
export class Jobs1764000000000 implements MigrationInterface {
  name = 'Jobs1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'job_run',
        columns: [
          idColumn(),
          varchar('name', 64),
          varchar('run_key', 64),
          varchar('status', 16),
          { ...intColumn('attempts'), default: 1 },
          varchar('locked_by', 64),
          timeColumn('locked_until'),
          timeColumn('started_at'),
          timeColumn('finished_at', true),
          textColumn('result_json'),
          textColumn('error'),
        ],
        indices: [new TableIndex({ name: 'uq_job_run_key', columnNames: ['name', 'run_key'], isUnique: true })],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('job_run');
  }
}
