import { randomBytes, randomInt } from 'node:crypto';

// Wire formats WeChat Pay uses: times RFC3339 in +08:00, ids of fixed shapes.

const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;

/** `2026-12-01T08:30:00+08:00` */
export function rfc3339(ms: number): string {
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19) + '+08:00';
}

/** `2026-12-01 08:30:00` (bill files) */
export function billTime(ms: number): string {
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

export function digits(n: number): string {
  return Array.from({ length: n }, () => String(randomInt(10))).join('');
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export function alnum(n: number): string {
  return Array.from({ length: n }, () => ALNUM[randomInt(ALNUM.length)]).join('');
}

/** 28 digits starting 42, like real JSAPI transaction ids. */
export const newTransactionId = () => '42' + digits(26);
/** 29 digits starting 50. */
export const newRefundId = () => '50' + digits(27);
/** `wx` + 14-digit time + 20 hex-ish characters, 36 in all like real prepay ids. */
export const newPrepayId = (nowMs: number) =>
  'wx' + new Date(nowMs + SHANGHAI_OFFSET_MS).toISOString().replace(/\D/g, '').slice(0, 14) + randomHex(10);
export const newEventId = () => 'EV-' + digits(19);
export const newRequestId = () => randomHex(12).toUpperCase();

function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

/** A JSON value with object keys sorted, so two bodies compare by content, not by key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(record)
        .sort()
        .map((key) => [key, sortKeys(record[key])]),
    );
  }
  return value;
}
