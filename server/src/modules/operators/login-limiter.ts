import { Injectable } from '@nestjs/common';
import { Clock } from '../../common/clock';
import { AppConfig } from '../../config/app-config';

/**
 * Counts failed console logins per username and per client address in a sliding window. In memory:
 * with several nodes each enforces its own limit, which still bounds guessing to N × nodes per window.
 */
@Injectable()
export class LoginLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  isBlocked(keys: string[]): boolean {
    return keys.some((key) => this.recent(key).length >= this.config.operator.loginMaxFailures);
  }

  fail(keys: string[]): void {
    for (const key of keys) this.failures.set(key, [...this.recent(key), this.clock.nowMs()]);
  }

  succeed(keys: string[]): void {
    for (const key of keys) this.failures.delete(key);
  }

  private recent(key: string): number[] {
    const since = this.clock.nowMs() - this.config.operator.loginWindowSeconds * 1000;
    return (this.failures.get(key) ?? []).filter((t) => t > since);
  }
}
