import { createHmac } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { Clock } from '../clock';
import { RateLimitRepository } from './rate-limit.repository';
import { RateLimitedException } from './rate-limited.exception';

/** At most `limit` hits per subject in a fixed window of `windowSeconds`. */
export interface RateLimitRule {
  /** Names the counter family (`login-user`, `staffLookup`…); part of every bucket key. */
  name: string;
  limit: number;
  windowSeconds: number;
}

export type RateLimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

// Each step below is one atomic statement; a step finds nothing only when another request changed the
// bucket in between (created, restarted or swept it), so a few rounds always settle.
const ROUNDS = 4;

/**
 * The one rate limiter: fixed-window counters in the database, shared by every node. Taking a hit is a
 * guarded UPDATE (`hits < limit` in a running window), a guarded restart of an ended window, or the
 * bucket's first INSERT; never read-then-write, so a burst on many nodes counts exactly.
 */
@Injectable()
export class RateLimitService {
  private readonly key: Buffer;

  constructor(
    private readonly repo: RateLimitRepository,
    private readonly clock: Clock,
    config: AppConfig,
  ) {
    this.key = Buffer.from(config.security.hashKey, 'base64');
  }

  /** Counts one hit for the subject, or says how long until the window ends when it is full. */
  async take(rule: RateLimitRule, subject: string): Promise<RateLimitDecision> {
    const key = this.bucketKey(rule, subject);
    for (let round = 0; round < ROUNDS; round++) {
      const now = this.clock.now();
      if (await this.repo.increment(key, rule.limit, now)) return { allowed: true };
      if (await this.repo.restart(key, now, new Date(now.getTime() + rule.windowSeconds * 1000))) {
        return { allowed: true };
      }
      if (await this.repo.create(key, new Date(now.getTime() + rule.windowSeconds * 1000))) return { allowed: true };
      const bucket = await this.repo.find(key);
      if (bucket && bucket.windowEndsAt.getTime() > now.getTime() && bucket.hits >= rule.limit) {
        return { allowed: false, retryAfterSeconds: secondsUntil(bucket.windowEndsAt, now) };
      }
    }
    // Still contended after several rounds: refuse this once rather than count past the limit.
    return { allowed: false, retryAfterSeconds: 1 };
  }

  /** Counts one hit, or throws 429 RATE_LIMITED (with Retry-After) naming the wait. */
  async consume(rule: RateLimitRule, subject: string, message?: (wait: number) => string): Promise<void> {
    const decision = await this.take(rule, subject);
    if (!decision.allowed) {
      throw new RateLimitedException(decision.retryAfterSeconds, message?.(decision.retryAfterSeconds));
    }
  }

  /** Takes back a hit that turned out not to count (e.g. an attempt that succeeded). */
  async giveBack(rule: RateLimitRule, subject: string): Promise<void> {
    await this.repo.decrement(this.bucketKey(rule, subject), this.clock.now());
  }

  /** Empties the subject's bucket (a successful login, an admin lifting a lock). */
  async clear(rule: RateLimitRule, subject: string): Promise<void> {
    await this.repo.remove(this.bucketKey(rule, subject));
  }

  /** Per subject: when its full window ends, or null while it has room. */
  async blockedUntil(rule: RateLimitRule, subjects: string[]): Promise<Map<string, Date | null>> {
    const keys = new Map(subjects.map((s) => [this.bucketKey(rule, s), s]));
    const now = this.clock.nowMs();
    const out = new Map<string, Date | null>(subjects.map((s) => [s, null]));
    for (const bucket of await this.repo.findMany([...keys.keys()])) {
      if (bucket.hits >= rule.limit && bucket.windowEndsAt.getTime() > now) {
        out.set(keys.get(bucket.key)!, bucket.windowEndsAt);
      }
    }
    return out;
  }

  /** Deletes buckets whose window ended over an hour ago (the sweep job). */
  sweep(): Promise<number> {
    return this.repo.removeEndedBefore(new Date(this.clock.nowMs() - 3600_000));
  }

  private bucketKey(rule: RateLimitRule, subject: string): string {
    // Keyed hash: bucket keys are short and fixed-length, and name no person or address.
    const mac = createHmac('sha256', this.key).update(`rate-limit:${rule.name}:${subject}`).digest('base64url');
    return `${rule.name}:${mac.slice(0, 32)}`;
  }
}

function secondsUntil(at: Date, now: Date): number {
  return Math.max(1, Math.ceil((at.getTime() - now.getTime()) / 1000));
}
