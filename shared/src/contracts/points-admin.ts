import type { BizDate, IsoTime, PageQuery } from './common';
import type { TierBrief } from './points';

// Operator tools for points and tiers: manual adjustments (with a daily limit per operator and a second
// operator's approval above a threshold), tier re-evaluation preview, manual tier changes and the plan of
// points-expiry reminders.

export interface MemberRef {
  id: number;
  memberNo: string;
  nickname: string;
}

export interface OperatorRef {
  operatorId: number;
  name: string;
}

/** Why an operator changes a member's points by hand. */
export enum PointsAdjustmentReason {
  Goodwill = 'goodwill',
  Correction = 'correction',
  Campaign = 'campaign',
  Migration = 'migration',
  Abuse = 'abuse',
  Other = 'other',
}

export const POINTS_ADJUSTMENT_REASON_LABELS: Record<PointsAdjustmentReason, string> = {
  [PointsAdjustmentReason.Goodwill]: '客诉补偿',
  [PointsAdjustmentReason.Correction]: '差错更正',
  [PointsAdjustmentReason.Campaign]: '活动奖励',
  [PointsAdjustmentReason.Migration]: '历史积分迁移',
  [PointsAdjustmentReason.Abuse]: '违规扣回',
  [PointsAdjustmentReason.Other]: '其他',
};

export type PointsAdjustmentStatus = 'pending' | 'applied' | 'rejected';

export const POINTS_ADJUSTMENT_STATUS_LABELS: Record<PointsAdjustmentStatus, string> = {
  pending: '待审批',
  applied: '已生效',
  rejected: '已驳回',
};

// POST /api/v1/admin/members/:id/points/adjustments (admin, operator)
// |delta| ≤ approval threshold: applied at once. Above it: pending until another operator approves.
// Every request counts against the requesting operator's daily limit (a rejection gives it back).
export interface CreatePointsAdjustmentRequest {
  /** Signed points: positive gives, negative takes. Never 0. */
  delta: number;
  reasonCode: PointsAdjustmentReason;
  /** What happened, for the member's history and the audit log (2-200 characters). */
  note: string;
  /** Client-generated key (8-64 of [A-Za-z0-9_-]); a retry with the same key answers the first result. */
  requestId: string;
}

export interface PointsAdjustment {
  id: number;
  member: MemberRef;
  delta: number;
  reasonCode: PointsAdjustmentReason;
  note: string;
  status: PointsAdjustmentStatus;
  requestedBy: OperatorRef;
  requestedAt: IsoTime;
  decidedBy: OperatorRef | null;
  decidedAt: IsoTime | null;
  decisionNote: string | null;
  /** Points balance right after it was applied; null unless applied. */
  balanceAfter: number | null;
}

// GET /api/v1/admin/points/adjustments?status=&memberId=&page=&pageSize= → Page<PointsAdjustment>, newest first
export interface PointsAdjustmentQuery extends PageQuery {
  status?: PointsAdjustmentStatus;
  memberId?: number;
}

// POST /api/v1/admin/points/adjustments/:id/approve {note?} → PointsAdjustment (applied)
// POST /api/v1/admin/points/adjustments/:id/reject {note} → PointsAdjustment (rejected)
// Only a different operator than the requester may decide.
export interface DecidePointsAdjustmentRequest {
  note?: string;
}

// GET /api/v1/admin/points/adjustments/quota → the calling operator's limit today (Asia/Shanghai)
export interface PointsAdjustmentQuota {
  date: BizDate;
  /** Points (Σ|delta|) one operator may adjust per business day. */
  dailyLimit: number;
  used: number;
  remaining: number;
  /**
   * Points (Σ|delta|) an operator may apply per business day without a second operator; an adjustment that
   * would pass it waits for approval.
   */
  approvalThreshold: number;
  /** What is left of approvalThreshold today: a larger adjustment now waits for approval. */
  unapprovedRemaining: number;
}

export type TierReviewStatus = 'pending' | 'applied' | 'cancelled';

export const TIER_REVIEW_STATUS_LABELS: Record<TierReviewStatus, string> = {
  pending: '宽限期中',
  applied: '已降级',
  cancelled: '已取消',
};

/** Why a pending downgrade did not happen. */
export type TierReviewCancelReason = 'recovered' | 'pinned' | 'tier_changed';

export const TIER_REVIEW_CANCEL_LABELS: Record<TierReviewCancelReason, string> = {
  recovered: '成长值已达保级线',
  pinned: '已锁定等级',
  tier_changed: '等级已变更',
};

/**
 * A member whose growth over the rolling window is below their tier's retention threshold. They drop one
 * tier on `dueOn` (after the grace period) unless they recover, are pinned or their tier changes first.
 */
export interface TierReview {
  id: number;
  member: MemberRef;
  from: TierBrief;
  to: TierBrief;
  /** Growth when flagged and now (yuan of paid spend in the rolling window). */
  growthAtFlag: number;
  growthNow: number;
  retentionThreshold: number;
  status: TierReviewStatus;
  flaggedAt: IsoTime;
  /** Business day the downgrade applies. */
  dueOn: BizDate;
  decidedAt: IsoTime | null;
  cancelReason: TierReviewCancelReason | null;
}

// GET /api/v1/admin/tier-reviews?status=&page=&pageSize= → Page<TierReview>; pending ones soonest due first
export interface TierReviewQuery extends PageQuery {
  status?: TierReviewStatus;
}

// POST /api/v1/admin/tier-reviews/evaluate (admin, operator) — flags and cancels now, as the daily job does;
// downgrades only happen when a review is due.
export interface TierEvaluationResult {
  flagged: number;
  cancelled: number;
  applied: number;
  graceDays: number;
}

// PUT /api/v1/admin/members/:id/tier (admin, operator) → MemberTierView. Audited with the reason.
export interface SetMemberTierRequest {
  tierCode: string;
  /** Pinned members are left alone by automatic promotion and re-evaluation. */
  pinned: boolean;
  reason: string;
}

export type ExpiryReminderStatus = 'planned' | 'sent' | 'skipped';

/** One member's points that expire on one day, planned to be announced 30 days ahead (sent by notices). */
export interface PointsExpiryReminder {
  id: number;
  member: MemberRef;
  expiresOn: BizDate;
  points: number;
  status: ExpiryReminderStatus;
  plannedAt: IsoTime;
}

// GET /api/v1/admin/points/expiry-reminders?status=&page=&pageSize= → Page<PointsExpiryReminder>, soonest first
export interface PointsExpiryReminderQuery extends PageQuery {
  status?: ExpiryReminderStatus;
}
