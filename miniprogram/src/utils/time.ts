// Business dates are Asia/Shanghai (UTC+8, no DST), independent of the phone's time zone.
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function shanghaiParts(iso: string) {
  const d = new Date(Date.parse(iso) + SHANGHAI_OFFSET_MS);
  return {
    date: `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`,
    time: `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`,
  };
}

/** "2026-11-23T08:00:00Z" → "2026-11-23" */
export function formatBizDate(iso: string): string {
  return shanghaiParts(iso).date;
}

/** "2026-11-23T08:00:05Z" → "2026-11-23 16:00:05" */
export function formatBizDateTime(iso: string): string {
  const p = shanghaiParts(iso);
  return `${p.date} ${p.time}`;
}

/** A calendar date picked on the phone → "YYYY-MM-DD" (local fields, no zone shift). */
export function toBizDate(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export function greetingFor(hour: number): string {
  if (hour < 6) return '夜深了';
  if (hour < 12) return '早上好';
  if (hour < 18) return '下午好';
  return '晚上好';
}
