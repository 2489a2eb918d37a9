import type { IsoTime } from './common';

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
  /** null for the built-in default version. */
  createdBy: { operatorId: number; name: string } | null;
}

// GET /api/v1/admin/points-rules, GET /api/v1/admin/points-rules/versions (newest first),
// POST /api/v1/admin/points-rules → the new PointsRulesVersion. Versions are append-only.
export interface PublishPointsRulesRequest {
  rules: PointsRules;
  /** Why the rules changed; kept in the audit log. */
  note?: string;
}

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

// GET/POST /api/v1/admin/tiers, PATCH /api/v1/admin/tiers/:id
// Active tiers must have strictly increasing growth thresholds by sortOrder, and exactly one active
// tier has growth threshold 0 (the entry tier).
export interface CreateTierRequest {
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
export type UpdateTierRequest = Partial<Omit<CreateTierRequest, 'code'>>;

// GET /api/v1/tiers (member): active tiers, lowest first.
export type MemberTier = Omit<Tier, 'id' | 'active'>;
