import { Injectable } from '@nestjs/common';
import type { OutboxQuery, OutboxStatus } from '@member/shared';
import { Brackets, DataSource, In, type EntityManager } from 'typeorm';
import { TransactionRunner } from '../database/transaction-runner';
import { OutboxRow } from './outbox.entity';

// Rows a worker may claim: waiting or failed; held rows keep their status and carry a lease instead.
const CLAIMABLE: OutboxStatus[] = ['pending', 'failed'];

/** The claim guard: claimable status, due, and not leased (or the lease lapsed). */
const DUE = (p: string) =>
  `${p}status IN ('pending', 'failed') AND ${p}available_at <= :now AND (${p}lease_until IS NULL OR ${p}lease_until < :now)`;

export interface Claim {
  token: string;
  now: Date;
  leaseUntil: Date;
  kinds: string[];
  limit: number;
  maxAttempts: number;
}

export interface Failure {
  status: 'failed' | 'dead';
  availableAt: Date;
  error: string;
  now: Date;
}

/** Every statement on the outbox table. Each write that finishes a delivery is guarded by the claim's version. */
@Injectable()
export class OutboxRepository {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: TransactionRunner,
  ) {}

  /** INSERT IGNORE through the unique (kind, key) index, in the caller's transaction. True when inserted. */
  async insertOnce(em: EntityManager, row: Omit<OutboxRow, 'id'>): Promise<boolean> {
    const meta = em.connection.getMetadata(OutboxRow);
    const driver = em.connection.driver;
    const cols = meta.columns.filter((c) => !c.isGenerated);
    const ignore = driver.options.type === 'better-sqlite3' ? 'INSERT OR IGNORE' : 'INSERT IGNORE';
    const sql = `${ignore} INTO ${driver.escape(meta.tableName)} (${cols
      .map((c) => driver.escape(c.databaseName))
      .join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`;
    const params = cols.map((c) => driver.preparePersistentValue((row as Record<string, unknown>)[c.propertyName], c));
    const result = await em.queryRunner!.query(sql, params, true);
    return (result.affected ?? 0) > 0;
  }

  /**
   * One transaction: pick due rows (FOR UPDATE SKIP LOCKED on MySQL, so racing nodes pick different
   * rows; SQLite runs it alone) and take them with one guarded UPDATE that bumps version and attempts.
   */
  claim(c: Claim): Promise<OutboxRow[]> {
    if (!c.kinds.length) return Promise.resolve([]);
    return this.tx.run(async (em) => {
      const pick = em
        .createQueryBuilder(OutboxRow, 'o')
        .select('o.id', 'id')
        .where(DUE('o.'), { now: c.now })
        .andWhere('o.kind IN (:...kinds) AND o.attempts < :max', { kinds: c.kinds, max: c.maxAttempts })
        .orderBy('o.availableAt', 'ASC')
        .addOrderBy('o.id', 'ASC')
        .limit(c.limit);
      if (em.connection.driver.options.type !== 'better-sqlite3') {
        pick.setLock('pessimistic_write').setOnLocked('skip_locked');
      }
      const ids = (await pick.getRawMany<{ id: number | string }>()).map((r) => Number(r.id));
      if (!ids.length) return [];
      await em
        .createQueryBuilder()
        .update(OutboxRow)
        .set({
          claimedBy: c.token,
          leaseUntil: c.leaseUntil,
          attempts: () => 'attempts + 1',
          version: () => 'version + 1',
          updatedAt: c.now,
        })
        .where(DUE(''), { now: c.now })
        .andWhere('id IN (:...ids)', { ids })
        .execute();
      return em.find(OutboxRow, { where: { id: In(ids), claimedBy: c.token }, order: { id: 'ASC' } });
    });
  }

  /** Moves a claimed row on, if the claim still holds (same version, same owner, expected status). */
  async transition(
    row: OutboxRow,
    from: OutboxStatus[],
    set: Partial<OutboxRow>,
    em: EntityManager = this.ds.manager,
  ): Promise<boolean> {
    const result = await em
      .createQueryBuilder()
      .update(OutboxRow)
      .set(set)
      .where('id = :id AND version = :version AND claimed_by = :token', {
        id: row.id,
        version: row.version,
        token: row.claimedBy,
      })
      .andWhere('status IN (:...from)', { from })
      .execute();
    return result.affected === 1;
  }

  /** Extends the lease of a row this worker still holds; false once it was taken over. */
  async heartbeat(row: OutboxRow, leaseUntil: Date): Promise<boolean> {
    return this.transition(row, [...CLAIMABLE, 'sending', 'unknown'], { leaseUntil });
  }

  /**
   * Rows whose worker vanished and that must not simply be claimed again: a partner call without an
   * idempotency key that lost its lease becomes unknown; a row out of attempts becomes dead.
   */
  async reap(now: Date, maxAttempts: number): Promise<{ unknown: number; dead: number }> {
    const unknown = await this.ds
      .createQueryBuilder()
      .update(OutboxRow)
      .set({
        status: 'unknown',
        lastError: '发送中途处理进程中断，无法确认对方是否已收到，不会自动重发',
        updatedAt: now,
      })
      .where("status = 'sending' AND lease_until < :now", { now })
      .execute();
    const dead = await this.ds
      .createQueryBuilder()
      .update(OutboxRow)
      .set({
        status: 'dead',
        leaseUntil: null,
        lastError: '处理进程多次中断（租约过期），已达最大尝试次数',
        updatedAt: now,
        finishedAt: now,
      })
      .where(DUE(''), { now })
      .andWhere('attempts >= :max', { max: maxAttempts })
      .execute();
    return { unknown: unknown.affected ?? 0, dead: dead.affected ?? 0 };
  }

  /** failed/dead and not held by a worker → pending now; a dead row gets a fresh attempt budget. */
  async retryNow(row: OutboxRow, now: Date, em: EntityManager): Promise<boolean> {
    if (row.status !== 'failed' && row.status !== 'dead') return false;
    const result = await em
      .createQueryBuilder()
      .update(OutboxRow)
      .set({
        status: 'pending',
        availableAt: now,
        leaseUntil: null,
        claimedBy: null,
        finishedAt: null,
        ...(row.status === 'dead' ? { attempts: 0 } : {}),
        updatedAt: now,
      })
      .where('id = :id AND status = :status', { id: row.id, status: row.status })
      .andWhere(new Brackets((b) => b.where('lease_until IS NULL').orWhere('lease_until < :now', { now })))
      .execute();
    return result.affected === 1;
  }

  findById(id: number, em: EntityManager = this.ds.manager): Promise<OutboxRow | null> {
    return em.findOneBy(OutboxRow, { id });
  }

  async list(query: OutboxQuery): Promise<[OutboxRow[], number]> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const qb = this.ds.getRepository(OutboxRow).createQueryBuilder('o');
    if (query.status) qb.andWhere('o.status = :status', { status: query.status });
    if (query.kind) qb.andWhere('o.kind = :kind', { kind: query.kind });
    return qb
      .orderBy('o.id', 'DESC')
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
  }

  async kindsPresent(): Promise<string[]> {
    const rows = await this.ds
      .getRepository(OutboxRow)
      .createQueryBuilder('o')
      .select('DISTINCT o.kind', 'kind')
      .getRawMany<{ kind: string }>();
    return rows.map((r) => r.kind);
  }

  /** Rows of these kinds that a worker could take now or holds now (for tests and "drain" waits). */
  async openWork(kinds: string[], now: Date): Promise<number> {
    if (!kinds.length) return 0;
    return this.ds
      .getRepository(OutboxRow)
      .createQueryBuilder('o')
      .where('o.kind IN (:...kinds)', { kinds })
      .andWhere(
        new Brackets((b) =>
          b
            .where("o.status IN ('pending', 'failed') AND o.available_at <= :now", { now })
            .orWhere("o.status IN ('pending', 'failed', 'sending') AND o.lease_until >= :now", { now }),
        ),
      )
      .getCount();
  }
}
