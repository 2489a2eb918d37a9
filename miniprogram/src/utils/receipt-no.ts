import { isIdempotencyKey } from '@member/shared';

// Business numbers generated on the device: receipt numbers for purchases entered without a till receipt,
// refund numbers for refunds. The server treats a repeated number as the same operation, so a form
// generates one and keeps it across retries.

const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** yyyyMMddHHmmss in Asia/Shanghai (no DST, so a fixed offset is exact). */
function shanghaiStamp(now: Date): string {
  const d = new Date(now.getTime() + SHANGHAI_OFFSET_MS);
  return (
    `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}` +
    `${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`
  );
}

/**
 * "R" + yyyyMMddHHmmss (Asia/Shanghai) + 6 random digits, e.g. "R20261123193005470000". Clerks of one
 * store share the key space, so two purchases in the same second must not collide: six digits, not two.
 */
export function generateReceiptNo(now: Date = new Date(), random: () => number = Math.random): string {
  const suffix = pad(Math.min(999_999, Math.floor(random() * 1_000_000)), 6);
  return `R${shanghaiStamp(now)}${suffix}`;
}

export const RECEIPT_NO_PATTERN = /^R\d{14}\d{6}$/;

/**
 * "F" + yyyyMMddHHmmss + 6 random digits. A repeated refund no. on the same purchase replays the first
 * refund, so two genuine refunds in the same second must not collide: six digits, not two.
 */
export function generateRefundNo(now: Date = new Date(), random: () => number = Math.random): string {
  const suffix = pad(Math.min(999_999, Math.floor(random() * 1_000_000)), 6);
  return `F${shanghaiStamp(now)}${suffix}`;
}

export const REFUND_NO_PATTERN = /^F\d{14}\d{6}$/;

/** "V" + yyyyMMddHHmmss + 6 random digits: one per voucher on screen, reused when its redemption is retried. */
export function generateRedemptionNo(now: Date = new Date(), random: () => number = Math.random): string {
  const suffix = pad(Math.min(999_999, Math.floor(random() * 1_000_000)), 6);
  return `V${shanghaiStamp(now)}${suffix}`;
}

/** What the server accepts for a typed receipt number (after the form trims what was typed). */
export function isValidReceiptNo(value: string): boolean {
  return isIdempotencyKey(value.trim());
}
