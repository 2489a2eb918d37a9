import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import type { EntityManager, EntityTarget, ObjectLiteral, QueryRunner } from 'typeorm';
import { writeLater } from './statement-pipeline';

// Plain SQL for the statements hot paths run (ledger postings, the purchase row). TypeORM's query builders
// cost more CPU than the round trip itself at counter load (parameter renaming, result transformation,
// re-reads). These helpers keep the entity metadata as the single source of table and column names
// and let the driver convert values (dates are Date objects for mysql2 and UTC strings for SQLite).

interface Table {
  name: string;
  columns: ColumnMetadata[];
  byProperty: Map<string, ColumnMetadata>;
  /** Single-row INSERT statements by their property list (hot paths insert the same shape every time). */
  singleInserts: Map<string, { sql: string; cols: ColumnMetadata[] }>;
}

const tables = new WeakMap<object, Map<unknown, Table>>();

function table(em: EntityManager, entity: EntityTarget<ObjectLiteral>): Table {
  let perSource = tables.get(em.connection);
  if (!perSource) tables.set(em.connection, (perSource = new Map()));
  let t = perSource.get(entity);
  if (!t) {
    const meta = em.connection.getMetadata(entity);
    t = {
      name: em.connection.driver.escape(meta.tableName),
      columns: meta.columns,
      byProperty: new Map(meta.columns.map((c) => [c.propertyName, c])),
      singleInserts: new Map(),
    };
    perSource.set(entity, t);
  }
  return t;
}

function column(t: Table, property: string): ColumnMetadata {
  const c = t.byProperty.get(property);
  if (!c) throw new Error(`no column ${property} in ${t.name}`);
  return c;
}

/** `table`.`column` names and a driver-ready parameter for one property. */
export function sqlName(em: EntityManager, entity: EntityTarget<ObjectLiteral>, property?: string): string {
  const t = table(em, entity);
  return property ? em.connection.driver.escape(column(t, property).databaseName) : t.name;
}

export function sqlValue(
  em: EntityManager,
  entity: EntityTarget<ObjectLiteral>,
  property: string,
  value: unknown,
): unknown {
  const c = column(table(em, entity), property);
  return em.connection.driver.preparePersistentValue(value, c);
}

/** The INSERT statement and its driver-ready parameters for rows that all have the same properties. */
export function insertStatement<T extends ObjectLiteral>(
  em: EntityManager,
  entity: EntityTarget<T>,
  rows: Partial<T>[],
): { sql: string; params: unknown[] } {
  const t = table(em, entity);
  const driver = em.connection.driver;
  const keys = Object.keys(rows[0]);
  const build = () => {
    const cols = keys.map((p) => column(t, p));
    const tuple = `(${cols.map(() => '?').join(', ')})`;
    const sql = `INSERT INTO ${t.name} (${cols.map((c) => driver.escape(c.databaseName)).join(', ')}) VALUES ${rows
      .map(() => tuple)
      .join(', ')}`;
    return { sql, cols };
  };
  let statement: { sql: string; cols: ColumnMetadata[] };
  if (rows.length === 1) {
    const shape = keys.join(',');
    const cached = t.singleInserts.get(shape);
    if (cached) statement = cached;
    else t.singleInserts.set(shape, (statement = build()));
  } else statement = build();
  const { sql, cols } = statement;
  const params: unknown[] = [];
  for (const row of rows) {
    for (const c of cols) params.push(driver.preparePersistentValue((row as ObjectLiteral)[c.propertyName], c));
  }
  return { sql, params };
}

/**
 * INSERT of one or more rows (all with the same properties). Returns the first generated id; for a
 * multi-row insert the ids are not needed by any caller.
 */
export async function insertRows<T extends ObjectLiteral>(
  em: EntityManager,
  entity: EntityTarget<T>,
  rows: Partial<T>[],
): Promise<number> {
  const { sql, params } = insertStatement(em, entity, rows);
  const result = await runner(em).query(sql, params, true);
  return insertedId(result.raw);
}

/**
 * insertRows for rows whose ids nobody reads and that no unique key can refuse (lots, audit rows): held to
 * ride with the transaction's next statement on MySQL (statement-pipeline.ts), run at once on SQLite.
 */
export function insertLater<T extends ObjectLiteral>(
  em: EntityManager,
  entity: EntityTarget<T>,
  rows: Partial<T>[],
): Promise<void> {
  const { sql, params } = insertStatement(em, entity, rows);
  return writeLater(em, sql, params);
}

/** Postings write inside a transaction, so there is always the transaction's QueryRunner. */
function runner(em: EntityManager): QueryRunner {
  if (!em.queryRunner) throw new Error('raw writes need a transaction');
  return em.queryRunner;
}

/** Rows changed by an UPDATE (both drivers). */
export async function execute(em: EntityManager, sql: string, params: unknown[]): Promise<number> {
  const result = await runner(em).query(sql, params, true);
  return Number(result.affected ?? 0);
}

/** One raw row (all the entity's columns, maybe more) as the entity, hydrated the way TypeORM would. */
export function hydrate<T extends ObjectLiteral>(
  em: EntityManager,
  entity: EntityTarget<T>,
  row: Record<string, unknown>,
): T {
  const t = table(em, entity);
  const driver = em.connection.driver;
  const out = em.connection.getMetadata(entity).create() as T;
  for (const c of t.columns) {
    (out as ObjectLiteral)[c.propertyName] = driver.prepareHydratedValue(row[c.databaseName], c);
  }
  return out;
}

/** The id an INSERT generated: mysql2 answers a result header, better-sqlite3 the last rowid. */
export function insertedId(raw: unknown): number {
  const id = typeof raw === 'object' && raw !== null ? (raw as { insertId?: unknown }).insertId : raw;
  const n = Number(id);
  if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`insert returned no id: ${String(id)}`);
  return n;
}
