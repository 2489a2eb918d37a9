import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { SqliteQueue } from './sqlite-queue';
import { discardHeld, installPipeline } from './statement-pipeline';

const RETRYABLE_MYSQL = new Set(['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT']);

/**
 * Pooled MySQL connections already switched to READ COMMITTED for their whole session. Setting it once
 * per connection instead of `SET TRANSACTION ISOLATION LEVEL …` before every transaction saves a round
 * trip per transaction. Statements outside TransactionRunner on such a connection also run READ
 * COMMITTED, which is the isolation this code base is written for (and single autocommit statements
 * see the latest committed rows under either level).
 */
const readCommitted = new WeakSet<object>();

/**
 * Runs work in one transaction. SQLite shares a single connection, so transactions there take turns in
 * the data source's SqliteQueue, which every other statement on it waits in as well. On MySQL/MariaDB
 * transactions run READ COMMITTED: every read sees the latest committed rows (no stale snapshot from
 * before a row lock was taken) and locking reads take no gap locks, which under REPEATABLE READ deadlock
 * concurrent postings to different accounts. Correctness comes from row locks, guarded updates and
 * unique keys, not from snapshots. Deadlock victims are retried.
 */
@Injectable()
export class TransactionRunner {
  private readonly sqlite: SqliteQueue | undefined;

  constructor(private readonly dataSource: DataSource) {
    this.sqlite = SqliteQueue.for(dataSource);
  }

  run<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    if (!this.sqlite) return this.withRetry(work);
    return this.sqlite.exclusive(() => this.dataSource.transaction(work));
  }

  private async withRetry<T>(work: (em: EntityManager) => Promise<T>, attempts = 4): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.readCommitted(work);
      } catch (error) {
        const code =
          (error as { code?: string; driverError?: { code?: string } }).driverError?.code ??
          (error as { code?: string }).code;
        if (attempt >= attempts || !code || !RETRYABLE_MYSQL.has(code)) throw error;
        await new Promise((r) => setTimeout(r, 5 * attempt + Math.random() * 10));
      }
    }
  }

  /** What DataSource.transaction('READ COMMITTED', work) does, with the isolation level set per session. */
  private async readCommitted<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    const qr = this.dataSource.createQueryRunner();
    let connection: object | undefined;
    try {
      connection = (await qr.connect()) as object;
      installPipeline(connection);
      if (!readCommitted.has(connection)) {
        await qr.query('SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED');
        readCommitted.add(connection);
      }
      await qr.startTransaction();
      try {
        const result = await work(qr.manager);
        await qr.commitTransaction();
        return result;
      } catch (error) {
        try {
          await qr.rollbackTransaction();
        } catch (_rollbackError) {
          // The original error matters more; a broken connection is dropped on release.
        }
        throw error;
      }
    } finally {
      // A rollback that failed may leave writes held; the next user of the connection must not send them.
      if (connection) discardHeld(connection);
      await qr.release();
    }
  }
}

/** True when a write failed on a unique index (both drivers). */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; driverError?: { code?: string } };
  const code = e.driverError?.code ?? e.code ?? '';
  return (
    code === 'ER_DUP_ENTRY' || code.startsWith('SQLITE_CONSTRAINT_UNIQUE') || code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}
