import type { Page, PointsEntry } from '@member/shared';
import { formatBizDate } from './time';

/** 120 → "+120", -50 → "-50", 0 → "0". */
export function formatPointsDelta(amount: number): string {
  return amount > 0 ? `+${amount}` : String(amount);
}

/** "2027-03-01 到期 120 分" (date in Asia/Shanghai). */
export function expiringLine(lot: { points: number; expiresAt: string }): string {
  return `${formatBizDate(lot.expiresAt)} 到期 ${lot.points} 分`;
}

/** Appends a freshly loaded page, dropping entries already shown (new entries shift pages while scrolling). */
export function appendEntries(current: PointsEntry[], next: PointsEntry[]): PointsEntry[] {
  const seen = new Set(current.map((e) => e.id));
  return current.concat(next.filter((e) => !seen.has(e.id)));
}

/** More pages exist after this one. */
export function hasMorePages(page: Pick<Page<unknown>, 'page' | 'pageSize' | 'total'>): boolean {
  return page.page * page.pageSize < page.total;
}
