import { EVENT_STATUS_LABELS, formatCny, type EventCard, type EventFeeKind, type EventStatus } from '@member/shared';
import dayjs from 'dayjs';

// Console wording for member events (the member side words its own).

/** ProTable valueEnum with Badge colours: 草稿 / 已发布 / 已截止 / 已取消. */
export const EVENT_STATUS_ENUM: Record<EventStatus, { text: string; status: string }> = {
  DRAFT: { text: EVENT_STATUS_LABELS.DRAFT, status: 'Default' },
  PUBLISHED: { text: EVENT_STATUS_LABELS.PUBLISHED, status: 'Success' },
  CLOSED: { text: EVENT_STATUS_LABELS.CLOSED, status: 'Warning' },
  CANCELLED: { text: EVENT_STATUS_LABELS.CANCELLED, status: 'Error' },
};

export const EVENT_STATUSES = Object.keys(EVENT_STATUS_ENUM) as EventStatus[];

/** Event times to the minute in business time ("2026-12-01 14:05"), whatever zone the browser sits in. */
export const minute = (iso: string | null | undefined): string =>
  iso ? dayjs(iso).tz('Asia/Shanghai').format('YYYY-MM-DD HH:mm') : '—';

/** "2026-12-01 14:00 – 16:00" on one day, both ends in full otherwise. */
export function timeRange(from: string, until: string): string {
  const a = dayjs(from).tz('Asia/Shanghai');
  const b = dayjs(until).tz('Asia/Shanghai');
  return a.isSame(b, 'day')
    ? `${a.format('YYYY-MM-DD HH:mm')} – ${b.format('HH:mm')}`
    : `${a.format('YYYY-MM-DD HH:mm')} – ${b.format('YYYY-MM-DD HH:mm')}`;
}

/** The end as the list's second line: the time alone on the same day ("16:00"), else the full minute. */
export function endText(from: string, until: string): string {
  const a = dayjs(from).tz('Asia/Shanghai');
  const b = dayjs(until).tz('Asia/Shanghai');
  return a.isSame(b, 'day') ? b.format('HH:mm') : b.format('YYYY-MM-DD HH:mm');
}

export const people = (n: number) => n.toLocaleString('en-US');

/** 免费 / 200 积分/人 / ¥39.00/人. */
export function feeText(e: Pick<EventCard, 'feeKind' | 'feePoints' | 'feeFen'>): string {
  const kinds: Record<EventFeeKind, () => string> = {
    FREE: () => '免费',
    POINTS: () => `${people(e.feePoints)} 积分/人`,
    CASH: () => `${formatCny(e.feeFen)}/人`,
  };
  return kinds[e.feeKind]();
}
