import { fenOfYuanInput, fenToYuanInput, type EventAdmin, type EventFeeKind, type EventInput } from '@member/shared';
import dayjs, { type Dayjs } from 'dayjs';
import { pickedInstant, pickerValue } from '../../utils/format';
import { feeText, people } from './event-labels';

// The event editor's values in the operator's units (Beijing pickers, yuan, "every tier" as an empty pick),
// spread over the three steps, and their conversion to the contract (ISO instants, fen, null for "every tier").

export type Venue = 'STORE' | 'OTHER';

/** One occurrence (单场) or sessions (多个场次: a weekly class). */
export type Schedule = 'ONCE' | 'SESSIONS';

/** One row of the sessions list: the day, the hours on it, the seats (an existing session keeps its id). */
export interface SessionRow {
  id?: number | null;
  date?: Dayjs | null;
  hours?: [Dayjs | null, Dayjs | null] | null;
  capacity?: number | null;
}

export interface EventFormValues {
  // 基本信息
  title: string;
  posterIds: number[];
  description: string;
  storeId?: number;
  venue: Venue;
  address?: string;
  schedule: Schedule;
  /** ONCE: the event's time. */
  time?: [Dayjs | null, Dayjs | null];
  /** SESSIONS: the sessions (场次), each with its seats. */
  sessions?: SessionRow[];
  // 报名设置
  signupWindow?: [Dayjs | null, Dayjs | null];
  capacity?: number | null;
  maxCompanions?: number | null;
  /** Empty = every tier. */
  tierCodes: string[];
  feeKind: EventFeeKind;
  feePoints?: number | null;
  /** Only for an event that already has a cash fee (the console does not offer cash fees yet). */
  feeYuan?: string | number | null;
  /** ONCE: until when members may cancel. */
  cancelDeadline?: Dayjs | null;
  /** SESSIONS: members may cancel until this many hours before each session's start. */
  cancelHours?: number | null;
  // 奖励
  rewardPoints?: number | null;
  rewardCouponTemplateId?: number | null;
}

export const DEFAULT_EVENT_VALUES: EventFormValues = {
  title: '',
  posterIds: [],
  description: '',
  storeId: undefined,
  venue: 'STORE',
  address: '',
  schedule: 'ONCE',
  sessions: [],
  capacity: 30,
  maxCompanions: 0,
  tierCodes: [],
  feeKind: 'FREE',
  feePoints: null,
  feeYuan: null,
  cancelHours: 24,
  rewardPoints: 0,
  rewardCouponTemplateId: null,
};

/** The fields each step holds (a step form sets only its own). */
export const STEP_FIELDS: (keyof EventFormValues)[][] = [
  ['title', 'posterIds', 'description', 'storeId', 'venue', 'address', 'schedule', 'time', 'sessions'],
  [
    'signupWindow',
    'capacity',
    'maxCompanions',
    'tierCodes',
    'feeKind',
    'feePoints',
    'feeYuan',
    'cancelDeadline',
    'cancelHours',
  ],
  ['rewardPoints', 'rewardCouponTemplateId'],
];

/** A row's start and end as instants (Beijing wall clock on the row's day); null while incomplete. */
export function sessionTimes(row: SessionRow): { startsAt: string; endsAt: string } | null {
  const [from, to] = row.hours ?? [];
  if (!row.date || !from || !to) return null;
  const on = (t: Dayjs) =>
    pickedInstant(dayjs(`${row.date!.format('YYYY-MM-DD')} ${t.format('HH:mm')}`, 'YYYY-MM-DD HH:mm'))!;
  return { startsAt: on(from), endsAt: on(to) };
}

/** The complete rows as the contract's sessions, in time order. */
export function sessionsOf(rows: SessionRow[] | undefined) {
  return (rows ?? [])
    .flatMap((r) => {
      const t = sessionTimes(r);
      return t ? [{ id: r.id ?? null, ...t, capacity: r.capacity ?? 0 }] : [];
    })
    .sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
}

/** `count` weekly rows from a first day and hours ("每周重复 N 次"), each with `capacity` seats. */
export function weeklyRows(first: Dayjs, hours: [Dayjs, Dayjs], count: number, capacity: number): SessionRow[] {
  return Array.from({ length: count }, (_, i) => ({ date: first.add(i, 'week'), hours, capacity }));
}

export function eventValuesOf(e: EventAdmin): EventFormValues {
  return {
    title: e.title,
    posterIds: e.posterIds,
    description: e.description,
    storeId: e.storeId,
    venue: e.address ? 'OTHER' : 'STORE',
    address: e.address ?? '',
    schedule: e.sessions.length ? 'SESSIONS' : 'ONCE',
    time: [pickerValue(e.startsAt), pickerValue(e.endsAt)],
    sessions: e.sessions.map((x) => ({
      id: x.id,
      date: pickerValue(x.startsAt),
      hours: [pickerValue(x.startsAt), pickerValue(x.endsAt)],
      capacity: x.capacity,
    })),
    signupWindow: [pickerValue(e.signupStartsAt), pickerValue(e.signupEndsAt)],
    capacity: e.capacity,
    maxCompanions: e.maxCompanions,
    tierCodes: e.tierCodes ?? [],
    feeKind: e.feeKind,
    feePoints: e.feeKind === 'POINTS' ? e.feePoints : null,
    feeYuan: e.feeKind === 'CASH' ? fenToYuanInput(e.feeFen) : null,
    cancelDeadline: pickerValue(e.cancelDeadline),
    cancelHours: Math.round((Date.parse(e.startsAt) - Date.parse(e.cancelDeadline)) / 3_600_000),
    rewardPoints: e.rewardPoints,
    rewardCouponTemplateId: e.rewardCouponTemplateId,
  };
}

const iso = (d: Dayjs | null | undefined) => pickedInstant(d) ?? '';

/** The request body (the step rules have made sure every required value is there). */
export function eventInputOf(v: EventFormValues): EventInput {
  const [signupStartsAt, signupEndsAt] = v.signupWindow ?? [];
  if (v.schedule === 'SESSIONS') {
    // The event spans its sessions; each session's seats are its own, the first one's is the default.
    const sessions = sessionsOf(v.sessions);
    const first = sessions[0];
    const startsAt = first?.startsAt ?? '';
    const once = eventInputOf({ ...v, schedule: 'ONCE', time: undefined, cancelDeadline: undefined });
    return {
      ...once,
      startsAt,
      endsAt: sessions.reduce((end, x) => (x.endsAt > end ? x.endsAt : end), ''),
      capacity: first?.capacity ?? 0,
      cancelDeadline: first ? new Date(Date.parse(startsAt) - (v.cancelHours ?? 0) * 3_600_000).toISOString() : '',
      sessions,
    };
  }
  const [startsAt, endsAt] = v.time ?? [];
  return {
    title: v.title.trim(),
    posterIds: v.posterIds ?? [],
    description: v.description?.trim() ?? '',
    storeId: v.storeId ?? 0,
    address: v.venue === 'OTHER' && v.address?.trim() ? v.address.trim() : null,
    startsAt: iso(startsAt),
    endsAt: iso(endsAt),
    signupStartsAt: iso(signupStartsAt),
    signupEndsAt: iso(signupEndsAt),
    capacity: v.capacity ?? 0,
    tierCodes: v.tierCodes?.length ? v.tierCodes : null,
    feeKind: v.feeKind,
    feePoints: v.feeKind === 'POINTS' ? (v.feePoints ?? 0) : 0,
    feeFen: v.feeKind === 'CASH' ? (fenOfYuanInput(v.feeYuan ?? '') ?? 0) : 0,
    maxCompanions: v.maxCompanions ?? 0,
    cancelDeadline: iso(v.cancelDeadline),
    rewardPoints: v.rewardPoints ?? 0,
    rewardCouponTemplateId: v.rewardCouponTemplateId ?? null,
    sessions: [],
  };
}

export interface EventPreview {
  title: string;
  coverUrl: string | null;
  /** "12月20日 周六 14:00 – 16:00". */
  when: string;
  place: string;
  fee: string;
  seats: string;
  /** 报名中 / 未开始 / 已截止 chip. */
  state: string;
  /** The detail page's lines: sign-up window, companions, cancellation, tiers, reward. */
  lines: string[];
  description: string;
}

export interface EventPreviewContext {
  storeNames: Map<number, string>;
  tierNames: Map<string, string>;
  couponNames: Map<number, string>;
  coverUrl: string | null;
  /** Seats already taken (editing a published event), 0 for a new one. */
  seatsTaken: number;
  /** The current instant. */
  now: Dayjs;
}

const md = (d: Dayjs) => d.format('M月D日 HH:mm');
const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

/** What the member's event card and detail show while the form is being filled in. */
export function eventPreviewOf(v: Partial<EventFormValues>, ctx: EventPreviewContext): EventPreview {
  const bySession = v.schedule === 'SESSIONS';
  const sessions = bySession ? sessionsOf(v.sessions) : [];
  const [start, end] = bySession ? [] : (v.time ?? []);
  const first = sessions[0] ? pickerValue(sessions[0].startsAt) : null;
  const when = bySession
    ? first
      ? `${first.format('M月D日')} ${WEEKDAYS[first.day()]} ${first.format('HH:mm')} 起 · 共 ${sessions.length} 场`
      : '添加场次'
    : start
      ? `${start.format('M月D日')} ${WEEKDAYS[start.day()]} ${start.format('HH:mm')}${
          end ? ` – ${end.isSame(start, 'day') ? end.format('HH:mm') : end.format('M月D日 HH:mm')}` : ''
        }`
      : '活动时间';
  const storeName = v.storeId != null ? (ctx.storeNames.get(v.storeId) ?? `门店 ${v.storeId}`) : '举办门店';
  const place = v.venue === 'OTHER' && v.address?.trim() ? `${v.address.trim()}（${storeName}）` : storeName;
  const fee = feeText({
    feeKind: v.feeKind ?? 'FREE',
    feePoints: typeof v.feePoints === 'number' ? v.feePoints : 0,
    feeFen: fenOfYuanInput(v.feeYuan ?? '') ?? 0,
  });
  const capacity = bySession
    ? sessions.reduce((n, x) => n + x.capacity, 0)
    : typeof v.capacity === 'number'
      ? v.capacity
      : 0;
  const left = Math.max(0, capacity - ctx.seatsTaken);
  const [open, close] = v.signupWindow ?? [];
  // A picker's wall clock is Beijing time whatever zone the browser sits in: compare the instants it means.
  const at = (d: Dayjs) => dayjs(pickedInstant(d));
  const state =
    open && ctx.now.isBefore(at(open))
      ? `${md(open)} 开始报名`
      : close && !ctx.now.isBefore(at(close))
        ? '报名已截止'
        : left === 0
          ? '名额已满 · 可候补'
          : '报名中';
  const lines: string[] = [];
  if (open && close) lines.push(`报名时间：${md(open)} 至 ${md(close)}`);
  const companions = v.maxCompanions ?? 0;
  lines.push(companions > 0 ? `每位会员可带 ${companions} 位同行人，按人数占名额` : '仅限会员本人参加');
  if (v.feeKind === 'POINTS' && companions > 0) lines.push('报名积分按人数计算');
  if (bySession && sessions.length) {
    lines.push(`共 ${sessions.length} 个场次，每场单独报名，可报名多个场次`);
    if (v.cancelHours != null)
      lines.push(`每场开始前 ${v.cancelHours} 小时前可取消报名${v.feeKind === 'FREE' ? '' : '并退还报名费'}`);
  } else if (v.cancelDeadline)
    lines.push(`${md(v.cancelDeadline)} 前可取消报名${v.feeKind === 'FREE' ? '' : '并退还报名费'}`);
  if (v.tierCodes?.length) lines.push(`仅 ${v.tierCodes.map((c) => ctx.tierNames.get(c) ?? c).join('、')} 可报名`);
  const reward = [
    v.rewardPoints ? `${people(v.rewardPoints)} 积分` : null,
    v.rewardCouponTemplateId != null
      ? `「${ctx.couponNames.get(v.rewardCouponTemplateId) ?? '所选优惠券'}」一张`
      : null,
  ].filter(Boolean);
  if (reward.length) lines.push(`到场签到奖励：${reward.join(' + ')}`);
  return {
    title: v.title?.trim() || '活动标题',
    coverUrl: ctx.coverUrl,
    when,
    place,
    fee,
    seats: capacity ? `${bySession ? '各场合计' : ''}剩余 ${people(left)} / ${people(capacity)} 个名额` : '名额未设置',
    state,
    lines,
    description: v.description?.trim() ?? '',
  };
}
