import type { IsoTime, PageQuery } from './common';

// The transactional outbox / work queue as operators see it (console 任务队列).

/**
 * pending: waiting (also while a worker holds its lease, or while no handler is registered for the kind)
 * failed: the last attempt failed; retried after a back-off
 * sending: a partner call without idempotency key is in flight (committed before the call)
 * done: delivered
 * dead: gave up after the maximum attempts; needs a person
 * unknown: a call without idempotency key lost its worker mid-call; never repeated, needs a person
 */
export type OutboxStatus = 'pending' | 'failed' | 'sending' | 'done' | 'dead' | 'unknown';

export const OUTBOX_STATUSES: OutboxStatus[] = ['pending', 'failed', 'sending', 'done', 'dead', 'unknown'];

export const OUTBOX_STATUS_LABELS: Record<OutboxStatus, string> = {
  pending: '待处理',
  failed: '失败待重试',
  sending: '发送中',
  dead: '死信',
  unknown: '结果未知',
  done: '已完成',
};

/** Kinds of work known today; a kind without a label shows its code. */
export const OUTBOX_KIND_LABELS: Record<string, string> = {
  'points.sign-up-bonus': '新会员注册奖励',
  'notice.points-expiry-reminder': '积分到期提醒（发送）',
  'wallet.shipping-upload': '储值充值发货信息上传（微信）',
  'notice.event-promoted': '活动候补递补成功通知（计划）',
  'notice.event-cancelled': '活动取消通知（计划）',
};

export interface OutboxItem {
  id: number;
  kind: string;
  /** Business or partner idempotency key (e.g. member:42, an out_trade_no), if any. */
  key: string | null;
  status: OutboxStatus;
  attempts: number;
  maxAttempts: number;
  /** When the next attempt may start (pending/failed). */
  availableAt: IsoTime;
  /** A worker holds the lease right now. */
  running: boolean;
  /** False while no handler is registered for the kind: the item waits, it is not an error. */
  handlerRegistered: boolean;
  /** Last failure, without personal data. */
  lastError: string | null;
  createdAt: IsoTime;
  finishedAt: IsoTime | null;
}

// GET /api/v1/admin/outbox?status=&kind=&page=&pageSize= → Page<OutboxItem>, newest first (admin, operator, analyst)
export interface OutboxQuery extends PageQuery {
  status?: OutboxStatus;
  kind?: string;
}

// GET /api/v1/admin/outbox/kinds → OutboxKind[]: registered kinds and kinds present in the queue
export interface OutboxKind {
  kind: string;
  handlerRegistered: boolean;
}

// POST /api/v1/admin/outbox/:id/retry → OutboxItem (admin, operator): a failed or dead item back to pending now.
// 409 OUTBOX_NOT_RETRYABLE for any other status or while a worker runs it; audited as outbox.retried.
