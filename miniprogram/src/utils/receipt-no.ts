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

/** "R" + yyyyMMddHHmmss (Asia/Shanghai) + 2 random digits, e.g. "R2026112319300547". */
export function generateReceiptNo(now: Date = new Date(), random: () => number = Math.random): string {
  const suffix = pad(Math.min(99, Math.floor(random() * 100)));
  return `R${shanghaiStamp(now)}${suffix}`;
}

export const RECEIPT_NO_PATTERN = /^R\d{14}\d{2}$/;

/**
 * "F" + yyyyMMddHHmmss + 6 random digits. A repeated refund no. on the same purchase replays the first
 * refund, so two genuine refunds in the same second must not collide: six digits, not two.
 */
export function generateRefundNo(now: Date = new Date(), random: () => number = Math.random): string {
  const suffix = pad(Math.min(999_999, Math.floor(random() * 1_000_000)), 6);
  return `F${shanghaiStamp(now)}${suffix}`;
}

export const REFUND_NO_PATTERN = /^F\d{14}\d{6}$/;

/** What the server accepts for a typed receipt number: 1-32 letters, digits, _ or -. */
export function isValidReceiptNo(value: string): boolean {
  return /^[A-Za-z0-9_-]{1,32}$/.test(value.trim());
}
