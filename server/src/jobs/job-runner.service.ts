import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource, LessThan } from 'typeorm';
import { Clock, shanghaiDate } from '../common/clock';
import { isUniqueViolation } from '../database/transaction-runner';
import { JobRun } from './entities/job-run.entity';
import { JobRegistry } from './job-registry';
import type { JobDefinition, JobOutcome } from './job.types';

const LEASE_MS = 10 * 60_000;
const RETRY_MS = 5 * 60_000;
const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/** The run key a schedule gives at `now`, or null when the job is not due yet today. */
export function runKeyFor(job: JobDefinition, now: Date): string | null {
  if (job.schedule.kind === 'interval') return `t${Math.floor(now.getTime() / (job.schedule.seconds * 1000))}`;
  const [h, m] = job.schedule.at.split(':').map(Number);
  const local = new Date(now.getTime() + SHANGHAI_OFFSET_MS);
  const minutes = local.getUTCHours() * 60 + local.getUTCMinutes();
  return minutes >= h * 60 + m ? shanghaiDate(now) : null;
}

/** Claims and runs due jobs so that each (job, run key) runs once across all nodes. */
@Injectable()
export class JobRunner {
  private readonly logger = new Logger('Jobs');
  private readonly nodeId = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;

  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly registry: JobRegistry,
  ) {}

  async runDue(): Promise<JobOutcome[]> {
    const now = this.clock.now();
    const outcomes: JobOutcome[] = [];
    for (const job of this.registry.all()) {
      const runKey = runKeyFor(job, now);
      if (runKey) outcomes.push(await this.claimAndRun(job, runKey));
    }
    return outcomes;
  }

  /** Runs a job now under a one-off key (sandbox "run now", operators' manual runs). */
  runNow(name: string): Promise<JobOutcome> {
    return this.claimAndRun(this.registry.get(name), `manual:${this.clock.now().toISOString()}`);
  }

  async claimAndRun(job: JobDefinition, runKey: string): Promise<JobOutcome> {
    if (!(await this.claim(job.name, runKey))) return { name: job.name, runKey, status: 'skipped' };
    const repo = this.ds.getRepository(JobRun);
    try {
      const result = await job.run({ runKey, now: this.clock.now() });
      await repo.update(
        { name: job.name, runKey },
        { status: 'done', finishedAt: this.clock.now(), resultJson: JSON.stringify(result ?? null), error: null },
      );
      return { name: job.name, runKey, status: 'done', result };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.logger.error(`${job.name} ${runKey} failed: ${message}`);
      await repo.update(
        { name: job.name, runKey },
        { status: 'failed', error: message.slice(0, 2000), lockedUntil: new Date(this.clock.nowMs() + RETRY_MS) },
      );
      return { name: job.name, runKey, status: 'failed', error: message };
    }
  }

  /** Insert wins a fresh run; a guarded update takes over a failed run or one whose owner died. */
  private async claim(name: string, runKey: string): Promise<boolean> {
    const now = this.clock.now();
    const lockedUntil = new Date(now.getTime() + LEASE_MS);
    const repo = this.ds.getRepository(JobRun);
    try {
      await repo.insert({
        name,
        runKey,
        status: 'running',
        attempts: 1,
        lockedBy: this.nodeId,
        lockedUntil,
        startedAt: now,
      });
      return true;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
    const existing = await repo.findOneBy({ name, runKey });
    if (!existing || existing.status === 'done') return false;
    const taken = await repo.update(
      { id: existing.id, attempts: existing.attempts, lockedUntil: LessThan(now) },
      { status: 'running', attempts: existing.attempts + 1, lockedBy: this.nodeId, lockedUntil, startedAt: now },
    );
    return taken.affected === 1;
  }
}
