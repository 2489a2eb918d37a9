import type { IsoTime, PageQuery } from './common';

// Care notices (关怀提醒) through WeChat one-time subscription messages. Every reminder any module plans goes
// through one engine: it is planned as a notice row (one per member, kind and de-duplication key), then the
// sender renders it with the kind's typed builder, checks the member's preferences and grants, the quiet hours
// and caps (marketing kinds only) and the send-by deadline, consumes exactly one grant and calls
// subscribe/send once. A send whose outcome is unknown (the worker died mid-call) is never repeated:
// subscribe/send has no idempotency key.
//
// Routes (all JSON unless said):
//   member   GET  /api/v1/me/notices/subscriptions                    → NoticeSubscriptions (我的 → 消息提醒)
//            POST /api/v1/me/notices/subscriptions  SubscribeReport    → NoticeSubscriptions (what the popup
//                                                                       answered; accept = one more send)
//            PUT  /api/v1/me/notices/preferences  NoticePreferenceInput → NoticeSubscriptions
//            GET  /api/v1/me/notices/prompt?moment=                  → NoticePrompt (template ids to ask for
//                                                                       at this moment, ≤ 3, none if paused)
//   operator GET  /api/v1/admin/notices/kinds                          → NoticeKindAdmin[] (templates, pause, stats)
//            PUT  /api/v1/admin/notices/kinds/:kind  NoticeKindInput   → NoticeKindAdmin (template id, pause; audited)
//            GET  /api/v1/admin/notices?kind&status&memberNo&from&to&page → Page<NoticeAdmin> (delivery log)
//            GET  /api/v1/admin/notices.csv (same filters, streamed, audited)
//            GET  /api/v1/admin/notices/dashboard?from&to             → NoticeDashboard
//            POST /api/v1/admin/notices/test-send  NoticeTestSendInput → NoticeAdmin (to the operator's own
//                                                                       bound WeChat member; audited)
//   sandbox  GET  /sandbox/wx/messages?openid=                         → what the member's 服务通知 shows

/** Every kind of care notice; each maps to one subscription template and one typed data builder. */
export type NoticeKind =
  | 'BIRTHDAY'
  | 'POINTS_EXPIRING'
  | 'COUPON_EXPIRING'
  | 'EVENT_REMINDER'
  | 'EVENT_WAITLIST_PROMOTED'
  | 'TIER_UP'
  | 'TOPUP_CREDITED'
  | 'MALL_PICKUP_READY'
  | 'FEEDBACK_REQUEST'
  | 'WIN_BACK';

/** SERVICE notices go when due, exempt from caps and quiet hours; MARKETING needs consent, quiet hours, caps. */
export type NoticeCategory = 'SERVICE' | 'MARKETING';

export const NOTICE_KIND_CATEGORY: Record<NoticeKind, NoticeCategory> = {
  BIRTHDAY: 'MARKETING',
  POINTS_EXPIRING: 'SERVICE',
  COUPON_EXPIRING: 'SERVICE',
  EVENT_REMINDER: 'SERVICE',
  EVENT_WAITLIST_PROMOTED: 'SERVICE',
  TIER_UP: 'SERVICE',
  TOPUP_CREDITED: 'SERVICE',
  MALL_PICKUP_READY: 'SERVICE',
  FEEDBACK_REQUEST: 'SERVICE',
  WIN_BACK: 'MARKETING',
};

export const NOTICE_KIND_LABELS: Record<NoticeKind, string> = {
  BIRTHDAY: '生日祝福',
  POINTS_EXPIRING: '积分到期提醒',
  COUPON_EXPIRING: '优惠券到期提醒',
  EVENT_REMINDER: '活动开始提醒',
  EVENT_WAITLIST_PROMOTED: '候补成功通知',
  TIER_UP: '会员升级通知',
  TOPUP_CREDITED: '储值到账通知',
  MALL_PICKUP_READY: '待自提提醒',
  FEEDBACK_REQUEST: '活动评价邀请',
  WIN_BACK: '会员回访',
};

/**
 * PLANNED (waiting for its due time), DEFERRED (quiet hours or a cap moved it; `reason` says which),
 * SENDING (a grant is consumed and the call is out; never retried if the worker dies here → UNKNOWN),
 * SENT, SKIPPED (`reason`: no grant, preference off, no marketing consent, past send-by, paused kind,
 * duplicate…), FAILED (`errcode`: WeChat refused it), UNKNOWN (the outcome of the call was lost).
 */
export type NoticeStatus = 'PLANNED' | 'DEFERRED' | 'SENDING' | 'SENT' | 'SKIPPED' | 'FAILED' | 'UNKNOWN';

export const NOTICE_STATUS_LABELS: Record<NoticeStatus, string> = {
  PLANNED: '待发送',
  DEFERRED: '已延后',
  SENDING: '发送中',
  SENT: '已发送',
  SKIPPED: '已跳过',
  FAILED: '发送失败',
  UNKNOWN: '结果未知',
};

/** Why a notice was skipped or deferred; the console shows NOTICE_REASON_LABELS. */
export type NoticeReason =
  | 'NO_GRANT'
  | 'PREFERENCE_OFF'
  | 'NO_MARKETING_CONSENT'
  | 'PAST_SEND_BY'
  | 'KIND_PAUSED'
  | 'NO_TEMPLATE'
  | 'NO_OPENID'
  | 'QUIET_HOURS'
  | 'DAILY_CAP'
  | 'WEEKLY_CAP'
  | 'RATE_LIMITED'
  | 'CONFIG_ERROR'
  | 'MEMBER_GONE';

export const NOTICE_REASON_LABELS: Record<NoticeReason, string> = {
  NO_GRANT: '会员未订阅（无剩余次数）',
  PREFERENCE_OFF: '会员已关闭此类提醒',
  NO_MARKETING_CONSENT: '会员未同意营销消息',
  PAST_SEND_BY: '已过发送截止时间',
  KIND_PAUSED: '此类提醒已暂停',
  NO_TEMPLATE: '未配置订阅消息模板',
  NO_OPENID: '会员未绑定微信',
  QUIET_HOURS: '免打扰时段，延后发送',
  DAILY_CAP: '已达每日上限，延后发送',
  WEEKLY_CAP: '已达每周上限，延后发送',
  RATE_LIMITED: '微信限流，稍后重试',
  CONFIG_ERROR: '模板或数据配置错误',
  MEMBER_GONE: '会员已注销',
};

/** Natural moments at which the mini-program asks for subscriptions (never at launch). */
export type NoticeMoment = 'COUPON_CLAIMED' | 'EVENT_SIGNED_UP' | 'TOPUP_PAID' | 'MALL_REDEEMED' | 'POINTS_PAGE';

/** Which kinds each moment asks for, in priority order; at most 3 templates per popup. */
export const NOTICE_MOMENT_KINDS: Record<NoticeMoment, NoticeKind[]> = {
  COUPON_CLAIMED: ['COUPON_EXPIRING'],
  EVENT_SIGNED_UP: ['EVENT_REMINDER', 'EVENT_WAITLIST_PROMOTED', 'FEEDBACK_REQUEST'],
  TOPUP_PAID: ['TOPUP_CREDITED'],
  MALL_REDEEMED: ['MALL_PICKUP_READY'],
  POINTS_PAGE: ['POINTS_EXPIRING'],
};

/** GET /api/v1/me/notices/prompt: the template ids to pass to requestSubscribe (empty → do not ask). */
export interface NoticePrompt {
  moment: NoticeMoment;
  templateIds: string[];
  kinds: NoticeKind[];
}

/** One template's answer from the popup, as the platform adapter reported it. */
export interface SubscribeReport {
  moment: NoticeMoment;
  /** templateId → 'accept' | 'reject' | 'ban' | 'filter' | 'acceptWithAudio' (as wx.requestSubscribeMessage). */
  results: Record<string, string>;
  /** Optional: the same requestId (a retried report after a lost answer) counts the accepts once. */
  requestId?: string;
}

/** One row of 消息提醒. */
export interface NoticeSubscriptionItem {
  kind: NoticeKind;
  label: string;
  category: NoticeCategory;
  /** Sends left from the member's accepts (one accept = one send). */
  remaining: number;
  /** The member's switch for this kind (default on). */
  enabled: boolean;
  /** The operator paused the kind or set no template: shown greyed out. */
  available: boolean;
}

export interface NoticeSubscriptions {
  items: NoticeSubscriptionItem[];
  /** Consent to marketing notices (生日礼遇, 回访); off until the member turns it on. */
  marketingConsent: boolean;
  /** Quiet hours in words for the member, e.g. "21:00–09:00 不发送营销类提醒". */
  quietHoursText: string;
}

/** PUT /api/v1/me/notices/preferences: any subset. */
export interface NoticePreferenceInput {
  kinds?: Partial<Record<NoticeKind, boolean>>;
  marketingConsent?: boolean;
}

/** One keyword of a subscription template (WeChat's type is the key's prefix, e.g. thing1 → thing). */
export interface NoticeTemplateKeyword {
  key: string;
  name: string;
}

export interface NoticeKindAdmin {
  kind: NoticeKind;
  label: string;
  category: NoticeCategory;
  templateId: string | null;
  templateTitle: string | null;
  /** The keywords the builder fills, in the template's order. */
  keywords: NoticeTemplateKeyword[];
  paused: boolean;
  /** Set when WeChat answered 47003 / 40037 / 41030 and the engine paused the kind itself. */
  pausedReason: string | null;
  version: number;
  /** Last 7 days. */
  planned: number;
  sent: number;
  skipped: number;
  failed: number;
}

export interface NoticeKindInput {
  templateId?: string | null;
  paused?: boolean;
  version: number;
}

export interface NoticeAdmin {
  id: string;
  kind: NoticeKind;
  memberNo: string;
  /** Masked, e.g. 张* 138****5678. */
  memberLabel: string;
  status: NoticeStatus;
  reason: NoticeReason | null;
  errcode: number | null;
  /** Rendered data as sent (or as it would have been sent). */
  data: Record<string, string>;
  dueAt: IsoTime;
  sendBy: IsoTime | null;
  sentAt: IsoTime | null;
  createdAt: IsoTime;
  updatedAt: IsoTime;
}

export interface NoticeAdminQuery extends PageQuery {
  kind?: NoticeKind;
  status?: NoticeStatus;
  memberNo?: string;
  from?: IsoTime;
  to?: IsoTime;
}

export interface NoticeDashboardRow {
  kind: NoticeKind;
  label: string;
  planned: number;
  sent: number;
  skipped: number;
  failed: number;
  deferred: number;
  /** Members with a grant / members due, 0..1 (null when nobody was due). */
  grantCoverage: number | null;
}

export interface NoticeDashboard {
  from: IsoTime;
  to: IsoTime;
  rows: NoticeDashboardRow[];
  /** Skipped notices by reason, for the chart. */
  skippedByReason: { reason: NoticeReason; label: string; count: number }[];
}

export interface NoticeTestSendInput {
  kind: NoticeKind;
}
