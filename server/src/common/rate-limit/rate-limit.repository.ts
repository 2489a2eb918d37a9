import { Injectable } from '@nestjs/common';
import { DataSource, In, LessThan } from 'typeorm';
import { isUniqueViolation } from '../../database/transaction-runner';
import { RateLimitBucket } from './rate-limit-bucket.entity';

/**
 * The rate_limit_bucket table. Every write is one atomic statement whose WHERE clause carries the rule
 * (guarded UPDATE, unique INSERT), so concurrent requests on any node can never count past a limit.
 * Statements run in autocommit: a throttle must count even when the request's own work rolls back.
 */
@Injectable()
export class RateLimitRepository {
  constructor(private readonly ds: DataSource) {}

  /** One more hit in a running window that still has room. */
  async increment(key: string, limit: number, now: Date): Promise<boolean> {
    const result = await this.ds
      .createQueryBuilder()
      .update(RateLimitBucket)
      .set({ hits: () => 'hits + 1' })
      .where('bucket_key = :key AND window_ends_at > :now AND hits < :limit', { key, now, limit })
      .execute();
    return !!result.affected;
  }

  /** Starts a new window with this hit, when the bucket's window has ended. */
  async restart(key: string, now: Date, windowEndsAt: Date): Promise<boolean> {
    const result = await this.ds
      .createQueryBuilder()
      .update(RateLimitBucket)
      .set({ hits: 1, windowEndsAt })
      .where('bucket_key = :key AND window_ends_at <= :now', { key, now })
      .execute();
    return !!result.affected;
  }

  /** The first hit of a subject; false when another request created the bucket first. */
  async create(key: string, windowEndsAt: Date): Promise<boolean> {
    try {
      await this.ds.getRepository(RateLimitBucket).insert({ key, hits: 1, windowEndsAt });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  find(key: string): Promise<RateLimitBucket | null> {
    return this.ds.getRepository(RateLimitBucket).findOneBy({ key });
  }

  findMany(keys: string[]): Promise<RateLimitBucket[]> {
    return keys.length ? this.ds.getRepository(RateLimitBucket).findBy({ key: In(keys) }) : Promise.resolve([]);
  }

  /** Takes one hit back from a running window. */
  async decrement(key: string, now: Date): Promise<void> {
    await this.ds
      .createQueryBuilder()
      .update(RateLimitBucket)
      .set({ hits: () => 'hits - 1' })
      .where('bucket_key = :key AND window_ends_at > :now AND hits > 0', { key, now })
      .execute();
  }

  async remove(key: string): Promise<void> {
    await this.ds.getRepository(RateLimitBucket).delete({ key });
  }

  /** Buckets whose window ended before `before`: they no longer limit anything. */
  async removeEndedBefore(before: Date): Promise<number> {
    const result = await this.ds.getRepository(RateLimitBucket).delete({ windowEndsAt: LessThan(before) });
    return result.affected ?? 0;
  }
}
