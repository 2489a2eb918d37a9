import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { normalizeUsername } from '../../modules/operators/username';
import { boolColumn, idColumn, intColumn, keyColumn, modifyColumns, timeColumn } from '../columns';

// Operator lifecycle. Operators get the normalised username that logs in and is unique (NFKC, trimmed,
// lower case, compared byte-exact: MySQL's default collation made "náme" and "name " log in as "name"), a
// token version that disabling, password changes and "log out everywhere" bump, and a forced-password-change
// flag; each console sign-in gets a session row, so logging out ends just that one.
export class OperatorLifecycle1764925200000 implements MigrationInterface {
  name = 'OperatorLifecycle1764925200000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('operator', [
      new TableColumn({ ...keyColumn(q, 'username_normalized', 64), isNullable: true }),
      new TableColumn({ ...intColumn('token_version'), default: 0 }),
      new TableColumn(boolColumn('must_change_password', false)),
    ]);
    const rows: { id: number | string; username: string }[] = await q.query(
      'SELECT id, username FROM operator ORDER BY id',
    );
    const taken = new Set<string>();
    for (const row of rows) {
      let name = normalizeUsername(row.username).slice(0, 64);
      // Names that only differed in case (possible on SQLite) collide now: the first keeps the name, later ones
      // get their id appended and sign in with that (an admin sees it in the operator list).
      if (taken.has(name)) name = `${name.slice(0, 50)}~${row.id}`;
      taken.add(name);
      await q.query('UPDATE operator SET username_normalized = ? WHERE id = ?', [name, row.id]);
    }
    await modifyColumns(q, 'operator', [keyColumn(q, 'username_normalized', 64)]);
    await q.dropIndex('operator', 'uq_operator_username');
    await q.createIndex(
      'operator',
      new TableIndex({ name: 'uq_operator_username_normalized', columnNames: ['username_normalized'], isUnique: true }),
    );

    await q.createTable(
      new Table({
        name: 'operator_session',
        columns: [
          idColumn(),
          intColumn('operator_id'),
          timeColumn('created_at'),
          timeColumn('expires_at'),
          timeColumn('revoked_at', true),
        ],
        indices: [new TableIndex({ name: 'idx_operator_session_operator', columnNames: ['operator_id'] })],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('operator_session');
    await q.dropIndex('operator', 'uq_operator_username_normalized');
    await q.createIndex(
      'operator',
      new TableIndex({ name: 'uq_operator_username', columnNames: ['username'], isUnique: true }),
    );
    await q.dropColumns('operator', ['must_change_password', 'token_version', 'username_normalized']);
  }
}
