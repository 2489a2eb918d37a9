import type { MallLimitPeriod } from '@member/shared';
import { shanghaiDate } from '../../common/clock';

/**
 * The key of the limit period `at` falls in, by the Asia/Shanghai calendar: TOTAL, a day (2026-12-01), an ISO
 * week starting Monday (2026-W49) or a month (2026-12). A member's quota row is per goods and key, so a new
 * period starts from zero without any reset job.
 */
export function periodKey(period: MallLimitPeriod, at: Date): string {
  if (period === 'TOTAL') return 'TOTAL';
  const day = shanghaiDate(at);
  if (period === 'DAY') return day;
  if (period === 'MONTH') return day.slice(0, 7);
  // ISO 8601 week: the week belongs to the year of its Thursday.
  const d = new Date(`${day}T00:00:00.000Z`);
  const weekday = (d.getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  const thursday = new Date(d.getTime() + (3 - weekday) * 86_400_000);
  const year = thursday.getUTCFullYear();
  const jan1 = Date.UTC(year, 0, 1);
  const week = Math.floor((thursday.getTime() - jan1) / 86_400_000 / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}
