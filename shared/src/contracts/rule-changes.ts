import type { IsoTime } from './common';
import type { OperatorRef } from './points-admin';

// Guard rails for changes to points rules and tiers: every change carries a note and a human diff;
// values outside the sensible range need the operator's confirmation; values beyond the hard bound wait
// for a second operator's approval before they take effect.

/** One changed field in words: 入会赠送积分 100 分 → 500 分. */
export interface FieldChange {
  field: string;
  label: string;
  before: string | null;
  after: string;
}

/** A value outside the sensible range ('soft', confirmed by the operator) or beyond the hard bound. */
export interface RuleWarning {
  field: string;
  label: string;
  level: 'soft' | 'hard';
  message: string;
}

/** What every publishing request carries besides the new values. */
export interface RuleChangeMeta {
  /** Why; 2-255 characters, shown in the history and the audit log. */
  note: string;
  /** The operator ticked 我确认这个数值 for every warning the change raises. */
  acknowledgeWarnings?: boolean;
}

export type RuleChangeStatus = 'applied' | 'pending' | 'rejected';

/** A change request and what became of it. */
export interface RuleChangeBase {
  id: number;
  status: RuleChangeStatus;
  changes: FieldChange[];
  /** The warnings the requester confirmed (我确认这个数值); a change raising any is refused without it. */
  warnings: RuleWarning[];
  note: string;
  requestedBy: OperatorRef;
  requestedAt: IsoTime;
  /** The second operator who approved or rejected it; null when applied without approval or still pending. */
  decidedBy: OperatorRef | null;
  decidedAt: IsoTime | null;
  decisionNote: string | null;
}

// POST /api/v1/admin/points-rules/changes/:id/approve, …/reject; POST /api/v1/admin/tiers/changes/:id/approve, …/reject
export interface DecideRuleChangeRequest {
  /** Required when rejecting. */
  note?: string;
}
