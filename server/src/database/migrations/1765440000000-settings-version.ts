import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { intColumn } from '../columns';

// One counter every node reads twice a second: a node that changes cached settings (points rules, tiers)
// bumps it after its commit, and the others drop their cached copies when they see it move (SettingsSync).
export class SettingsVersion1765440000000 implements MigrationInterface {
  name = 'SettingsVersion1765440000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({ name: 'settings_version', columns: [{ ...intColumn('id'), isPrimary: true }, intColumn('version')] }),
    );
    await q.query('INSERT INTO settings_version (id, version) VALUES (1, 0)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('settings_version');
  }
}
