import { formatBizDate } from './time';

/** 120 → "+120", -50 → "-50", 0 → "0". */
export function formatPointsDelta(amount: number): string {
  return amount > 0 ? `+${amount}` : String(amount);
}

/** "2027-03-01 到期 120 分" (date in Asia/Shanghai). */
export function expiringLine(lot: { points: number; expiresAt: string }): string {
  return `${formatBizDate(lot.expiresAt)} 到期 ${lot.points} 分`;
}
