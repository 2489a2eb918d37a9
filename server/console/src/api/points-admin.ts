// Typed wrappers for the operator points/tier tools (contracts: @member/shared points-admin).
import type {
  CreatePointsAdjustmentRequest,
  DecideRuleChangeRequest,
  DecidePointsAdjustmentRequest,
  MemberTierView,
  Page,
  PointsAdjustment,
  PointsAdjustmentQuery,
  PointsAdjustmentQuota,
  PointsExpiryReminder,
  PointsExpiryReminderQuery,
  PointsRulesChange,
  RuleChangeStatus,
  SetMemberTierRequest,
  TierEvaluationResult,
  TierReview,
  TierChange,
  TierReviewQuery,
} from '@member/shared';
import { apiRequest } from './client';

export const pointsAdminApi = {
  /** Applied at once up to the approval threshold, pending above it. Retrying with the same requestId is safe. */
  createAdjustment: (memberId: number, body: CreatePointsAdjustmentRequest) =>
    apiRequest<PointsAdjustment>(`/admin/members/${memberId}/points/adjustments`, { method: 'POST', body }),
  adjustments: (query: PointsAdjustmentQuery) =>
    apiRequest<Page<PointsAdjustment>>('/admin/points/adjustments', { query: { ...query } }),
  approveAdjustment: (id: number, body: DecidePointsAdjustmentRequest) =>
    apiRequest<PointsAdjustment>(`/admin/points/adjustments/${id}/approve`, { method: 'POST', body }),
  rejectAdjustment: (id: number, body: Required<DecidePointsAdjustmentRequest>) =>
    apiRequest<PointsAdjustment>(`/admin/points/adjustments/${id}/reject`, { method: 'POST', body }),
  /** The signed-in operator's adjustment limit today (Asia/Shanghai). */
  quota: () => apiRequest<PointsAdjustmentQuota>('/admin/points/adjustments/quota'),

  setMemberTier: (memberId: number, body: SetMemberTierRequest) =>
    apiRequest<MemberTierView>(`/admin/members/${memberId}/tier`, { method: 'PUT', body }),
  tierReviews: (query: TierReviewQuery) => apiRequest<Page<TierReview>>('/admin/tier-reviews', { query: { ...query } }),
  /** Flags and cancels reviews now, as the daily job does. */
  evaluateTiers: () => apiRequest<TierEvaluationResult>('/admin/tier-reviews/evaluate', { method: 'POST' }),

  expiryReminders: (query: PointsExpiryReminderQuery) =>
    apiRequest<Page<PointsExpiryReminder>>('/admin/points/expiry-reminders', { query: { ...query } }),
};

/** Rule and tier changes waiting for (or decided by) a second operator. */
export const ruleChangesApi = {
  pointsRules: (status?: RuleChangeStatus) =>
    apiRequest<PointsRulesChange[]>('/admin/points-rules/changes', { query: { status } }),
  decidePointsRules: (id: number, decision: 'approve' | 'reject', body: DecideRuleChangeRequest) =>
    apiRequest<PointsRulesChange>(`/admin/points-rules/changes/${id}/${decision}`, { method: 'POST', body }),
  tiers: (status?: RuleChangeStatus) => apiRequest<TierChange[]>('/admin/tiers/changes', { query: { status } }),
  decideTier: (id: number, decision: 'approve' | 'reject', body: DecideRuleChangeRequest) =>
    apiRequest<TierChange>(`/admin/tiers/changes/${id}/${decision}`, { method: 'POST', body }),
};

/**
 * Idempotency key for one adjustment form: 32 hex characters. Uses getRandomValues, which (unlike
 * randomUUID) also works when the console is served over plain HTTP on a LAN address.
 */
export function newRequestId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
