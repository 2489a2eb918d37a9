import type { IsoTime } from './common';
import type { FieldChange, RuleChangeBase, RuleChangeMeta, RuleWarning } from './rule-changes';

// Points rules and member tiers. Money is integer fen, points are integers, percentages are integer
// percent (100 = ×1). Growth thresholds are yuan of paid spend.

/** When earned points expire. */
export type PointsExpiry =
  /** At the end (23:59:59.999 Asia/Shanghai) of the business day `days` days after the earning day. */
  | { kind: 'days'; days: number }
  /** At 23:59:59.999 Asia/Shanghai on Dec 31 of the year after the earning year. */
  | { kind: 'end_of_next_year' };

export interface PointsDeductionRules {
  /** Points that are worth ¥1 (100 → 100 points = ¥1). > 0. */
  pointsPerYuan: number;
  /** At most this percentage (0-100) of the bill may be paid with points. */
  maxPercentOfBill: number;
  /** Bills below this amount (fen) cannot use points. */
  minSpendFen: number;
}

export interface PointsRules {
  /** Points earned per yuan paid, before multipliers (rounded down). ≥ 0. */
  pointsPerYuan: number;
  /** Extra multiplier in the member's birthday month (100 = ×1, 200 = ×2). */
  birthdayMultiplierPct: number;
  /** Points given once when a member signs up. */
  signUpBonus: number;
  expiry: PointsExpiry;
  deduction: PointsDeductionRules;
}

export interface PointsRulesVersion {
  version: number;
  rules: PointsRules;
  createdAt: IsoTime;
  /** Who asked for it; null for the built-in default version. */
  createdBy: { operatorId: number; name: string } | null;
  /** The second operator, for a change beyond a hard bound. */
  approvedBy: { operatorId: number; name: string } | null;
  /** Why it changed; null for the built-in default version. */
  note: string | null;
  /** What changed against the version before, in words. Empty for the first version. */
  changes: FieldChange[];
  /** Warnings the publisher confirmed. */
  warnings: RuleWarning[];
}

// GET /api/v1/admin/points-rules, GET /api/v1/admin/points-rules/versions (newest first).
// POST /api/v1/admin/points-rules → PointsRulesChange: 'applied' (a new version is in force) or 'pending'
// (beyond a hard bound: waits for another operator). Versions are append-only.
export interface PublishPointsRulesRequest extends RuleChangeMeta {
  rules: PointsRules;
}

/** A request to publish points rules. */
export interface PointsRulesChange extends RuleChangeBase {
  rules: PointsRules;
  /** The version the diff was made against. */
  baseVersion: number;
  /** The version it became, once applied. */
  version: number | null;
}
// GET /api/v1/admin/points-rules/changes?status=pending (newest first)

export interface Tier {
  id: number;
  code: string;
  name: string;
  /** Yuan of paid spend needed to reach the tier. */
  growthThreshold: number;
  /** Yuan of paid spend needed to keep the tier; ≤ growthThreshold. */
  retentionThreshold: number;
  /** Earning multiplier (100 = ×1). */
  pointsMultiplierPct: number;
  discountText: string;
  birthdayGift: boolean;
  /** '#RRGGBB' */
  badgeColor: string;
  sortOrder: number;
  active: boolean;
}

// GET/POST /api/v1/admin/tiers, PATCH /api/v1/admin/tiers/:id → TierChange ('applied' with the tier, or
// 'pending' beyond a hard bound). Active tiers must have strictly increasing growth thresholds by sortOrder,
// and exactly one active tier has growth threshold 0 (the entry tier).
export interface TierFields {
  code: string;
  name: string;
  growthThreshold: number;
  retentionThreshold: number;
  pointsMultiplierPct: number;
  discountText?: string;
  birthdayGift?: boolean;
  badgeColor: string;
  sortOrder: number;
  active?: boolean;
}
export type CreateTierRequest = TierFields & RuleChangeMeta;
export type UpdateTierRequest = Partial<Omit<TierFields, 'code'>> & RuleChangeMeta;

/** A tier created or edited; GET /api/v1/admin/tiers/changes lists them newest first. */
export interface TierChange extends RuleChangeBase {
  action: 'create' | 'update';
  tierId: number | null;
  tierCode: string;
  tierName: string;
  /** The tier as it is now: changed once applied, unchanged while pending; null for a create not applied. */
  tier: Tier | null;
}

// GET /api/v1/tiers (member): active tiers, lowest first.
export type MemberTier = Omit<Tier, 'id' | 'active'>;
