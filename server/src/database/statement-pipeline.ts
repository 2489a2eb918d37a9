import type { EntityManager } from 'typeorm';

// Each statement on a hot path costs a round trip, and on this kind of machine most of the server's CPU
// for a purchase was the socket writes of its eleven statements (issue 9's profile). Writes whose results
// nobody reads — START TRANSACTION, an audit row, the lots of a posting, a guarded balance UPDATE whose
// row count is checked when its answer comes — are held on the connection and sent in front of the
// transaction's next statement as one multi-statement query, in order: the server runs exactly the
// sequence it would have run, in one trip. A held write that fails fails the statement it rode with, and
// so the transaction, as it would have failed on its own.

type Callback = (error: Error | null, results?: unknown, fields?: unknown) => void;
type Payload = string | { sql: string; [option: string]: unknown };

/** The part of a mysql2 (callback API) connection TypeORM's MySQL driver calls. */
interface Mysql2Connection {
  query(payload: Payload, values: unknown, callback: Callback): unknown;
}

interface Held {
  sql: string;
  params: readonly unknown[];
  /** Rows the statement must change (a guard); checked when its answer comes back. */
  affected?: number;
  /** Why a different row count is an error. */
  guard?: string;
}

/** A held write's guard that did not hold: its statement changed another number of rows than it must. */
export class GuardRefused extends Error {
  constructor(readonly guard: string) {
    super(guard);
  }
}

/** True when `error` (as thrown, or wrapped by TypeORM) is the refusal of the held write with this guard. */
export function isGuardRefused(error: unknown, guard: string): boolean {
  const inner = error instanceof GuardRefused ? error : (error as { driverError?: unknown } | null)?.driverError;
  return inner instanceof GuardRefused && inner.guard === guard;
}

/** Told of every trip a pipelined connection makes, with the statements it carried (the load harness). */
export const pipelineObserver: { onSend: ((statements: string[]) => void) | null } = { onSend: null };

const START = 'START TRANSACTION';
const OK = Object.freeze({ fieldCount: 0, affectedRows: 0, insertId: 0, info: '', serverStatus: 0, warningStatus: 0 });
const pipelines = new WeakMap<object, StatementPipeline>();

class StatementPipeline {
  private held: Held[] = [];
  /** Set by commitWithNext: the next statement carries the transaction's COMMIT. */
  private commitNext = false;
  /** The COMMIT went with an earlier statement: TypeORM's own COMMIT is answered here. */
  private committed = false;

  constructor(private readonly send: Mysql2Connection['query']) {}

  hold(write: Held): void {
    this.held.push(write);
  }

  discard(): void {
    this.held = [];
    this.commitNext = false;
    this.committed = false;
  }

  commitWithNext(): void {
    this.commitNext = true;
  }

  alone(payload: Payload, values: unknown): unknown {
    if (this.held.length || this.committed) throw new Error('a streamed query cannot carry held statements');
    this.observe([typeof payload === 'string' ? payload : payload.sql]);
    return (this.send as (p: Payload, v: unknown) => unknown)(payload, values);
  }

  query(payload: Payload, values: unknown, callback: Callback): void {
    const sql = typeof payload === 'string' ? payload : payload.sql;
    const params = Array.isArray(values) ? values : [];
    if (this.committed) {
      this.committed = false;
      if (sql === 'COMMIT') return answerLocally(callback);
      // Nothing may follow the statement that carried the COMMIT: it would run outside the transaction.
      return process.nextTick(callback, new Error(`"${sql.slice(0, 40)}" after the transaction committed`));
    }
    if (sql === START) {
      // Nothing to tell the server yet: the transaction begins with its first statement.
      this.held = [{ sql, params: [] }];
      return answerLocally(callback);
    }
    if (sql === 'ROLLBACK' && this.held[0]?.sql === START) {
      // The transaction never reached the server: there is nothing to roll back.
      this.held = [];
      return answerLocally(callback);
    }
    if (sql === 'ROLLBACK') this.held = [];
    if (sql === 'COMMIT' && this.held.length === 1 && this.held[0].sql === START) {
      this.held = [];
      return answerLocally(callback);
    }
    if (sql === 'COMMIT' && this.held.some((h) => h.affected !== undefined)) {
      // A guard must be checked before the commit, not learnt after it: the held writes go first.
      return this.flush(
        { sql: 'DO 0', params: [] },
        (error) => (error ? callback(error) : this.query(payload, values, callback)),
        typeof payload === 'string' ? undefined : payload,
      );
    }
    // The COMMIT rides with this statement unless a held guard must be checked before committing.
    const commit = this.commitNext && !this.held.some((h) => h.affected !== undefined);
    this.commitNext = false;
    if (!this.held.length && !commit) {
      this.observe([sql]);
      this.send(payload, values, callback);
      return;
    }
    this.flush({ sql, params }, callback, typeof payload === 'string' ? undefined : payload, commit);
  }

  /**
   * The held writes, `last` and perhaps the COMMIT as one multi-statement query; `last`'s own answer to
   * the callback. The server stops at the first statement that fails, so a failed `last` commits nothing.
   */
  private flush(last: Held, callback: Callback, options?: Exclude<Payload, string>, commit = false): void {
    const batch = [...this.held, last];
    const at = batch.length - 1;
    if (commit) batch.push({ sql: 'COMMIT', params: [] });
    this.held = [];
    const sql = batch.map((s) => s.sql).join(';\n');
    this.observe(batch.map((s) => s.sql));
    this.send(
      options ? { ...options, sql } : sql,
      batch.flatMap((s) => s.params),
      (error, results, fields) => {
        if (error) return callback(error);
        const answers = results as { affectedRows?: number }[];
        const broken = batch.findIndex((s, i) => s.affected !== undefined && answers[i]?.affectedRows !== s.affected);
        if (broken >= 0)
          return callback(new GuardRefused(batch[broken].guard ?? `a held write changed the wrong rows`));
        this.committed = commit;
        callback(null, answers[at], (fields as unknown[] | undefined)?.[at]);
      },
    );
  }

  private observe(statements: string[]): void {
    pipelineObserver.onSend?.(statements);
  }
}

function answerLocally(callback: Callback): void {
  process.nextTick(callback, null, { ...OK });
}

/**
 * Routes the connection's queries through a pipeline (once per connection; pooled connections keep it).
 * The connection must have been opened with `multipleStatements` (data-source-options.ts).
 */
export function installPipeline(connection: object): void {
  if (pipelines.has(connection)) return;
  const conn = connection as Mysql2Connection;
  const pipeline = new StatementPipeline(conn.query.bind(conn));
  conn.query = (payload: Payload, values: unknown, callback?: Callback) => {
    // mysql2 also takes (payload, callback); TypeORM always passes values, the shape is kept for others.
    if (typeof values === 'function') return pipeline.query(payload, undefined, values as Callback);
    // Without a callback mysql2 answers a stream (TypeORM's stream()): it goes as it is, alone.
    if (!callback) return pipeline.alone(payload, values);
    return pipeline.query(payload, values, callback);
  };
  pipelines.set(connection, pipeline);
}

/** Forgets anything held on the connection (it goes back to the pool after a failed transaction). */
export function discardHeld(connection: object): void {
  pipelines.get(connection)?.discard();
}

function pipelineOf(em: EntityManager): StatementPipeline | undefined {
  const connection = (em.queryRunner as { databaseConnection?: object } | undefined)?.databaseConnection;
  return em.queryRunner?.isTransactionActive && connection ? pipelines.get(connection) : undefined;
}

/**
 * The transaction's next statement is its last: on a pipelined connection it carries the COMMIT (one trip
 * less), and the commit TransactionRunner then asks for is answered without a trip. If the statement fails,
 * nothing was committed (the server stops at the failed statement) and the transaction rolls back as
 * usual. Anything but that COMMIT after it fails loudly instead of running outside the transaction.
 */
export function commitWithNext(em: EntityManager): void {
  pipelineOf(em)?.commitWithNext();
}

/** True when statements on this query runner travel through a pipeline (the load harness counts those there). */
export function isPipelined(queryRunner: unknown): boolean {
  const connection = (queryRunner as { databaseConnection?: object } | undefined)?.databaseConnection;
  return !!connection && pipelines.has(connection);
}

/**
 * A write whose answer the caller does not need: held to ride with the transaction's next statement where
 * the connection is pipelined (MySQL/MariaDB in a TransactionRunner transaction), run at once elsewhere
 * (SQLite). With `affected`, the number of rows it must change, or the transaction fails with `guard`.
 */
export async function writeLater(
  em: EntityManager,
  sql: string,
  params: readonly unknown[],
  affected?: { rows: number; guard: string },
): Promise<void> {
  const pipeline = pipelineOf(em);
  if (pipeline) return pipeline.hold({ sql, params, affected: affected?.rows, guard: affected?.guard });
  if (!em.queryRunner) throw new Error('held writes need a transaction');
  const result = await em.queryRunner.query(sql, [...params], true);
  if (affected && Number(result.affected ?? 0) !== affected.rows) throw new GuardRefused(affected.guard);
}
