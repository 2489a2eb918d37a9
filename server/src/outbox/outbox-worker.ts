import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { OutboxStatus } from '@member/shared';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { TransactionRunner } from '../database/transaction-runner';
import { backoffMs, safeError } from './outbox-errors';
import { OutboxRegistry } from './outbox-registry';
import type { OutboxRow } from './outbox.entity';
import { OutboxRepository } from './outbox.repository';
import { OutboxService } from './outbox.service';
import {
  OutboxGiveUp,
  OutboxLeaseLost,
  OutboxNotDelivered,
  type DrainResult,
  type OutboxContext,
  type OutboxHandler,
} from './outbox.types';

export type Outcome = keyof DrainResult;

const BATCH = 10;
const CLAIMABLE: OutboxStatus[] = ['pending', 'failed'];

/**
 * Claims due rows with a lease and delivers them: at least once, in no particular order. Runs on every
 * node with outbox.enabled; the claim's guarded UPDATE (and SKIP LOCKED on MySQL) keeps a row to one
 * worker at a time, and the claim's version keeps a worker whose lease was taken over from finishing it.
 */
@Injectable()
export class OutboxWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Outbox');
  private readonly nodeId = `${hostname().slice(0, 40)}:${process.pid}:${randomBytes(3).toString('hex')}`;
  private claims = 0;
  private stopped = true;
  // Set by stop(): a drain in progress finishes its batch and claims no more.
  private shuttingDown = false;
  private nudged = false;
  private wake: (() => void) | null = null;
  private loopDone: Promise<void> = Promise.resolve();
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly repo: OutboxRepository,
    private readonly registry: OutboxRegistry,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly outbox: OutboxService,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.outbox.enabled) this.start();
  }

  // Before the data source closes (onApplicationShutdown): finish the current batch, claim nothing new.
  beforeApplicationShutdown(): Promise<void> {
    return this.stop();
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.shuttingDown = false;
    this.unsubscribe = this.outbox.onEnqueued(() => this.nudge());
    this.loopDone = this.loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.shuttingDown = true;
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.wake?.();
    await this.loopDone;
  }

  /** Look again now instead of after the poll interval. */
  nudge(): void {
    this.nudged = true;
    this.wake?.();
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      this.nudged = false;
      try {
        await this.drain();
      } catch (error) {
        this.logger.error(`outbox poll failed: ${safeError(error)}`);
      }
      if (this.stopped || this.nudged) continue;
      // Resolving from a nudge resumes here, in this loop's context (never inside the enqueuer's transaction).
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => this.wake?.(), this.config.outbox.pollMs);
        this.wake = () => {
          clearTimeout(timer);
          this.wake = null;
          resolve();
        };
      });
    }
  }

  /** Delivers everything due now (reaping abandoned rows first); the sandbox's "drain now" calls it too. */
  async drain(): Promise<DrainResult> {
    const result: DrainResult = { done: 0, failed: 0, dead: 0, unknown: 0, lost: 0 };
    const reaped = await this.repo.reap(this.clock.now(), this.config.outbox.maxAttempts);
    result.unknown += reaped.unknown;
    result.dead += reaped.dead;
    for (let round = 0; round < 1000; round++) {
      const rows = await this.claim();
      if (!rows.length) break;
      for (const row of rows) result[await this.deliver(row)]++;
      if (this.shuttingDown) break;
    }
    return result;
  }

  /** Takes up to `limit` due rows of registered kinds under a fresh lease. */
  claim(limit = BATCH): Promise<OutboxRow[]> {
    const now = this.clock.now();
    return this.repo.claim({
      token: `${this.nodeId}#${++this.claims}`,
      now,
      leaseUntil: this.leaseFrom(now),
      kinds: this.registry.kinds(),
      limit,
      maxAttempts: this.config.outbox.maxAttempts,
    });
  }

  /** Runs one claimed row's handler and records the outcome, guarded by the claim. */
  async deliver(row: OutboxRow): Promise<Outcome> {
    const handler = this.registry.get(row.kind);
    if (!handler) return 'lost'; // claims only take registered kinds; a row claimed elsewhere is not ours
    const heartbeat = this.heartbeat(row);
    try {
      const ctx: OutboxContext = {
        id: row.id,
        kind: row.kind,
        key: row.key,
        payload: JSON.parse(row.payloadJson),
        attempt: row.attempts,
      };
      return await this.run(handler, row, ctx);
    } catch (error) {
      if (error instanceof OutboxLeaseLost) {
        this.logger.warn(`outbox #${row.id} ${row.kind}: lease taken over, result discarded`);
        return 'lost';
      }
      return this.fail(row, CLAIMABLE, error);
    } finally {
      heartbeat.stop();
    }
  }

  private async run(handler: OutboxHandler, row: OutboxRow, ctx: OutboxContext): Promise<Outcome> {
    if (!handler.external) {
      // Effect and completion in one transaction; the guard goes first so a taken-over claim does nothing.
      const prepared = handler.prepare ? await handler.prepare(ctx) : undefined;
      await this.tx.run(async (em) => {
        if (!(await this.repo.transition(row, CLAIMABLE, this.doneFields(), em))) throw new OutboxLeaseLost(row.id);
        await handler.handle(em, ctx, prepared);
      });
      return 'done';
    }
    if (handler.external.idempotencyKey) {
      if (!row.key) throw new Error('该类型需要对方幂等键（key），此任务没有');
      // The partner dedupes by key: a repeat after a lost lease is harmless.
      await handler.handle(ctx);
      return (await this.repo.transition(row, CLAIMABLE, this.doneFields())) ? 'done' : 'lost';
    }
    // No partner key: commit `sending` first; from here on this row is never sent again automatically.
    if (!(await this.repo.transition(row, CLAIMABLE, { status: 'sending', updatedAt: this.clock.now() }))) {
      throw new OutboxLeaseLost(row.id);
    }
    try {
      await handler.handle(ctx);
    } catch (error) {
      if (error instanceof OutboxNotDelivered) return this.fail(row, ['sending', 'unknown'], error);
      const unknown = { status: 'unknown' as const, lastError: safeError(error), leaseUntil: null };
      await this.repo.transition(row, ['sending'], { ...unknown, updatedAt: this.clock.now() });
      this.logger.warn(`outbox #${row.id} ${row.kind}: outcome unknown, not retried: ${safeError(error)}`);
      return 'unknown';
    }
    // Even if the row was reaped to unknown meanwhile, this worker knows the call went through.
    return (await this.repo.transition(row, ['sending', 'unknown'], this.doneFields())) ? 'done' : 'lost';
  }

  private async fail(row: OutboxRow, from: OutboxStatus[], error: unknown): Promise<Outcome> {
    const now = this.clock.now();
    const dead = row.attempts >= this.config.outbox.maxAttempts || error instanceof OutboxGiveUp;
    const message = safeError(error);
    const ok = await this.repo.transition(row, from, {
      status: dead ? 'dead' : 'failed',
      availableAt: dead ? now : new Date(now.getTime() + backoffMs(row.attempts)),
      leaseUntil: null,
      lastError: message,
      updatedAt: now,
      finishedAt: dead ? now : null,
    });
    if (!ok) return 'lost';
    const what = dead ? 'dead-lettered' : 'will retry';
    this.logger.warn(`outbox #${row.id} ${row.kind} attempt ${row.attempts} failed, ${what}: ${message}`);
    return dead ? 'dead' : 'failed';
  }

  private doneFields(): Partial<OutboxRow> {
    const now = this.clock.now();
    return { status: 'done', leaseUntil: null, lastError: null, updatedAt: now, finishedAt: now };
  }

  private leaseFrom(now: Date): Date {
    return new Date(now.getTime() + this.config.outbox.leaseSeconds * 1000);
  }

  /** Extends the lease every third of it while the handler runs. */
  private heartbeat(row: OutboxRow): { stop(): void } {
    let stopped = false;
    const timer = setInterval(
      () => {
        void this.repo
          .heartbeat(row, this.leaseFrom(this.clock.now()))
          .then((held) => {
            if (!held && !stopped) this.logger.warn(`outbox #${row.id} ${row.kind}: lease lost while running`);
          })
          .catch(() => undefined); // the next beat or the completion guard will tell
      },
      Math.max(1000, (this.config.outbox.leaseSeconds * 1000) / 3),
    );
    timer.unref();
    return {
      stop: () => {
        stopped = true;
        clearInterval(timer);
      },
    };
  }
}
