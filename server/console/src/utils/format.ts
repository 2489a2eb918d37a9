import dayjs, { type Dayjs } from 'dayjs';
import 'dayjs/locale/zh-cn';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.locale('zh-cn');

// Business time is Asia/Shanghai regardless of where the operator's browser runs.
const BUSINESS_TZ = 'Asia/Shanghai';

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const t = dayjs(iso);
  return t.isValid() ? t.tz(BUSINESS_TZ).format('YYYY-MM-DD HH:mm:ss') : iso;
}

/**
 * The instant an operator means in a date picker: its date and time as shown, read as Beijing time. The
 * browser may sit in another zone, and a value loaded by `pickerValue` carries Beijing's offset while a newly
 * picked one carries the browser's, so the wall clock is the one thing both agree on.
 */
export function pickedInstant(d: Dayjs | null | undefined): string | null {
  return d ? dayjs.tz(d.format('YYYY-MM-DD HH:mm:ss'), BUSINESS_TZ).toISOString() : null;
}

/**
 * Today's business day (Beijing) as a date picker's day, for defaults and "no later than today": the
 * browser's own today is another day for 8 hours of every day when it sits in UTC.
 */
export function businessToday(): Dayjs {
  return dayjs(dayjs().tz(BUSINESS_TZ).format('YYYY-MM-DD'));
}

/** A stored instant as the Beijing wall clock a date picker shows. */
export function pickerValue(at: string): Dayjs {
  return dayjs(at).tz(BUSINESS_TZ);
}

export function formatJson(value: unknown): string {
  if (value === null || value === undefined) return '—';
  return JSON.stringify(value, null, 2);
}

/** Calendar day in business time, e.g. "2027-11-23". */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const t = dayjs(iso);
  return t.isValid() ? t.tz(BUSINESS_TZ).format('YYYY-MM-DD') : iso;
}

/** Whole yuan stay whole ("¥500"), anything else gets two decimals ("¥128.50"). */
export function formatYuan(yuan: number): string {
  return `¥${Number.isInteger(yuan) ? yuan : yuan.toFixed(2)}`;
}
