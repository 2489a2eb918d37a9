import { TableColumn, type QueryRunner, type TableColumnOptions } from 'typeorm';

// Column builders shared by migrations so that both drivers get the same schema the entities describe.
export const idColumn = (): TableColumnOptions => ({
  name: 'id',
  type: 'integer',
  isPrimary: true,
  isGenerated: true,
  generationStrategy: 'increment',
});

export const intColumn = (name: string, nullable = false): TableColumnOptions => ({
  name,
  type: 'integer',
  isNullable: nullable,
});

export const varchar = (name: string, length: number, opts: Partial<TableColumnOptions> = {}): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable: false,
  ...opts,
});

export const boolColumn = (name: string, defaultValue: boolean): TableColumnOptions => ({
  name,
  // MySQL stores boolean as tinyint(1); entities declare width: 1 so the schema diff agrees.
  type: 'boolean',
  isNullable: false,
  default: defaultValue ? 1 : 0,
});

export const timeColumn = (name: string, nullable = false): TableColumnOptions => ({
  name,
  type: 'datetime',
  precision: 3,
  isNullable: nullable,
});

export const textColumn = (name: string): TableColumnOptions => ({ name, type: 'text', isNullable: true });

export const timestamps = (): TableColumnOptions[] => [timeColumn('created_at'), timeColumn('updated_at')];

export const isMysqlRunner = (q: QueryRunner): boolean => q.connection.driver.options.type !== 'better-sqlite3';

/**
 * A client-chosen key (receipt no., refund no., request id, code) compared byte-exact. MySQL's default
 * collation folds case and ignores trailing spaces, so keys get utf8mb4_bin there; SQLite compares bytes.
 */
export const keyColumn = (q: QueryRunner, name: string, length: number): TableColumnOptions => ({
  ...varchar(name, length),
  ...(isMysqlRunner(q) ? { charset: 'utf8mb4', collation: 'utf8mb4_bin' } : {}),
});

/** A BIGINT amount or counter (ledger balances and amounts, read back as safe integers). */
export const bigintColumn = (name: string, nullable = false): TableColumnOptions => ({
  name,
  type: 'bigint',
  isNullable: nullable,
});

/** A datetime as a raw query parameter: a Date for mysql2, TypeORM's UTC text form for SQLite. */
export const dateParam = (q: QueryRunner, d: Date): Date | string =>
  isMysqlRunner(q) ? d : d.toISOString().replace('T', ' ').replace('Z', '');

/**
 * Changes columns in place, keeping their data. TypeORM's changeColumn on MySQL drops and re-adds a column
 * whose type or length changes (losing its data), so MySQL gets ALTER … MODIFY; SQLite gets TypeORM's
 * table rebuild, which copies the rows.
 */
export async function modifyColumns(q: QueryRunner, table: string, columns: TableColumnOptions[]): Promise<void> {
  if (isMysqlRunner(q)) {
    const sqlType = (c: TableColumnOptions) =>
      c.type === 'bigint' ? 'BIGINT' : c.type === 'integer' ? 'INT' : `VARCHAR(${c.length})`;
    const defs = columns.map(
      (c) =>
        `MODIFY \`${c.name}\` ${sqlType(c)}` +
        (c.charset ? ` CHARACTER SET ${c.charset}` : '') +
        (c.collation ? ` COLLATE ${c.collation}` : '') +
        ` ${c.isNullable ? 'NULL' : 'NOT NULL'}` +
        (c.default !== undefined ? ` DEFAULT ${c.default}` : ''),
    );
    await q.query(`ALTER TABLE \`${table}\` ${defs.join(', ')}`);
    return;
  }
  const current = await q.getTable(table);
  if (!current) throw new Error(`no table ${table}`);
  await q.changeColumns(
    current,
    columns.map((c) => ({ oldColumn: current.findColumnByName(c.name)!, newColumn: new TableColumn(c) })),
  );
}
