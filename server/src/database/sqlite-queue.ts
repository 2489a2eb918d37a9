import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';

type Turn = { active: boolean };
type Method = (...args: unknown[]) => Promise<unknown>;

// Marks the async context of the work that currently holds a queue (a TransactionRunner transaction).
const turns = new AsyncLocalStorage<Turn>();
const queues = new WeakMap<DataSource, SqliteQueue>();

// EntityManager methods that open their own transaction when none is active (EntityPersistExecutor).
const SELF_TRANSACTING = ['save', 'remove', 'softRemove', 'recover', 'transaction'] as const;

/**
 * The one line every statement on a SQLite data source waits in. TypeORM's better-sqlite3 driver runs
 * everything on a single connection and QueryRunner, so a statement made while a transaction is open
 * would join it and vanish if it rolls back, after its caller already answered. A transaction holds the
 * queue from BEGIN to COMMIT/ROLLBACK; statements from its own async context go straight through, any
 * other statement (repositories, ds.query, query builders, reads) waits and then runs in autocommit.
 * Consequence: work inside a transaction must not await a query that was started outside it.
 * MySQL/MariaDB never get a queue: each transaction has its own pooled connection there.
 */
export class SqliteQueue {
  private tail: Promise<void> = Promise.resolve();
  // Release of a transaction opened on the shared runner outside the queue (migrations, explicit runners).
  private outsideTransaction: (() => void) | null = null;
  private readonly patched = new WeakSet<QueryRunner>();

  private constructor(ds: DataSource) {
    this.patchManager(ds.manager);
    // The driver creates its single shared runner lazily (again after a reconnect): patch whatever it hands out.
    const driver = ds.driver as { createQueryRunner(mode: unknown): QueryRunner };
    const create = driver.createQueryRunner.bind(driver);
    driver.createQueryRunner = (mode) => this.patchRunner(create(mode));
  }

  /** The queue of a SQLite data source (installed on first use), or undefined for MySQL/MariaDB. */
  static for(ds: DataSource): SqliteQueue | undefined {
    if (ds.options.type !== 'better-sqlite3') return undefined;
    let queue = queues.get(ds);
    if (!queue) {
      queue = new SqliteQueue(ds);
      queues.set(ds, queue);
    }
    return queue;
  }

  /** Runs work alone on the connection, after everything queued before it; at once when already inside. */
  async exclusive<T>(work: () => Promise<T>): Promise<T> {
    if (this.holds()) return work();
    const release = await this.acquire();
    const turn: Turn = { active: true };
    try {
      return await turns.run(turn, work);
    } finally {
      // Timers or promises the work left behind count as outside from now on.
      turn.active = false;
      release();
    }
  }

  private holds(): boolean {
    return turns.getStore()?.active === true;
  }

  private acquire(): Promise<() => void> {
    let release!: () => void;
    const done = new Promise<void>((resolve) => (release = resolve));
    const turn = this.tail.then(() => release);
    this.tail = this.tail.then(() => done);
    return turn;
  }

  private patchManager(manager: EntityManager): void {
    const methods = manager as unknown as Record<string, Method>;
    for (const name of SELF_TRANSACTING) {
      const original = methods[name].bind(manager);
      // The whole save (BEGIN … COMMIT) takes one turn, so no other statement lands inside it.
      methods[name] = (...args) => this.exclusive(() => original(...args));
    }
  }

  private patchRunner(qr: QueryRunner): QueryRunner {
    if (this.patched.has(qr)) return qr;
    this.patched.add(qr);
    const query = qr.query.bind(qr) as Method;
    const start = qr.startTransaction.bind(qr);
    const commit = qr.commitTransaction.bind(qr);
    const rollback = qr.rollbackTransaction.bind(qr);

    qr.query = ((...args: unknown[]) =>
      this.holds() || this.outsideTransaction
        ? query(...args)
        : this.exclusive(() => query(...args))) as QueryRunner['query'];

    // A transaction begun outside the queue holds it until it ends; its own statements cannot be told
    // from other outside ones, so while it is open outside statements run at once (as before the queue).
    qr.startTransaction = async (level) => {
      if (this.holds() || this.outsideTransaction) return start(level);
      const release = await this.acquire();
      try {
        await turns.run({ active: true }, () => start(level));
      } catch (error) {
        release();
        throw error;
      }
      this.outsideTransaction = release;
    };
    const ending = (end: () => Promise<void>) => async () => {
      try {
        await end();
      } finally {
        if (this.outsideTransaction && !qr.isTransactionActive) {
          const release = this.outsideTransaction;
          this.outsideTransaction = null;
          release();
        }
      }
    };
    qr.commitTransaction = ending(commit);
    qr.rollbackTransaction = ending(rollback);
    return qr;
  }
}
