import { Injectable } from '@nestjs/common';

const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000; // Asia/Shanghai has no DST.

/**
 * The only source of "now". The sandbox (and tests) can move it; production never does.
 * Business dates are Asia/Shanghai calendar days; timestamps are stored as UTC.
 */
@Injectable()
export class Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  nowMs(): number {
    return Date.now() + this.offsetMs;
  }

  /** Moves the clock so that now() returns `at` (sandbox/tests only). */
  setNow(at: Date): void {
    this.offsetMs = at.getTime() - Date.now();
  }

  /** Shifts the clock by a number of seconds (sandbox/tests only). */
  advance(seconds: number): void {
    this.offsetMs += seconds * 1000;
  }

  reset(): void {
    this.offsetMs = 0;
  }

  /** "YYYY-MM-DD" of the business day in Asia/Shanghai. */
  today(): string {
    return shanghaiDate(this.now());
  }
}

export function shanghaiDate(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** UTC instant at which the Asia/Shanghai day `date` (YYYY-MM-DD) starts. */
export function shanghaiDayStart(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) - SHANGHAI_OFFSET_MS);
}

/** The business date `days` days after `date` (both YYYY-MM-DD). */
export function addBizDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
