import dayjs from 'dayjs';
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

export function formatJson(value: unknown): string {
  if (value === null || value === undefined) return '—';
  return JSON.stringify(value, null, 2);
}
