// Receipt numbers for purchases entered without a till receipt. The server treats the same receiptNo in
// the same store as the same purchase, so a form generates one number and keeps it across retries.

const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** "R" + yyyyMMddHHmmss (Asia/Shanghai) + 2 random digits, e.g. "R2026112319300547". */
export function generateReceiptNo(now: Date = new Date(), random: () => number = Math.random): string {
  const d = new Date(now.getTime() + SHANGHAI_OFFSET_MS);
  const stamp =
    `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}` +
    `${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`;
  const suffix = pad(Math.min(99, Math.floor(random() * 100)));
  return `R${stamp}${suffix}`;
}

export const RECEIPT_NO_PATTERN = /^R\d{14}\d{2}$/;

/** What the server accepts for a typed receipt number: 1-32 letters, digits, _ or -. */
export function isValidReceiptNo(value: string): boolean {
  return /^[A-Za-z0-9_-]{1,32}$/.test(value.trim());
}
