import { OPERATOR_PASSWORD_MAX_LENGTH, OPERATOR_PASSWORD_MIN_LENGTH } from './contracts/admin';
import { formatCny } from './money';

// One definition of every field limit the mini-program, the console and the server check. Server DTOs build
// their validators from these numbers, the console and mini-program forms their rules, so a value one side
// accepts the others accept too; messages are zh-CN and say the allowed range instead of clamping quietly.

/** Length limits of free-text fields (characters after trimming). */
export const TEXT_LIMITS = {
  nickname: { min: 1, max: 32 },
  /** Why a rule, tier or balance changed; shown in the history and the audit log. */
  changeNote: { min: 2, max: 255 },
  /** Reason given for a manual points adjustment or a tier pin. */
  reason: { min: 2, max: 200 },
  /** Reason an operator gives for correcting a member's profile. */
  memberEditReason: { min: 2, max: 255 },
  operatorPassword: { min: OPERATOR_PASSWORD_MIN_LENGTH, max: OPERATOR_PASSWORD_MAX_LENGTH },
  operatorUsername: { min: 3, max: 64 },
  operatorDisplayName: { min: 1, max: 64 },
  tierName: { min: 1, max: 32 },
  tierDiscountText: { min: 0, max: 64 },
} as const;

export type TextLimitKey = keyof typeof TEXT_LIMITS;

/**
 * A numeric setting: `min`/`max` is what can be stored at all (outside it the input is rejected); `soft` is
 * the sensible range (outside it the operator must confirm the value); beyond `hard` a second operator must
 * approve before the change takes effect. soft ⊆ hard ⊆ [min, max].
 */
export interface NumberLimit {
  label: string;
  /** Unit shown after the number ('分', '%', '天', '元'); '¥' means the value is fen, shown as yuan. */
  unit: string;
  min: number;
  max: number;
  soft?: { min: number; max: number };
  hard?: { min: number; max: number };
}

/** Points rules fields, by their path in PointsRules. minSpendFen is in fen (the console edits yuan). */
export const POINTS_RULE_LIMITS = {
  pointsPerYuan: {
    label: '每消费 ¥1 得积分',
    unit: '分',
    min: 0,
    max: 1000,
    soft: { min: 0, max: 10 },
    hard: { min: 0, max: 100 },
  },
  birthdayMultiplierPct: {
    label: '生日月倍率',
    unit: '%',
    min: 100,
    max: 1000,
    soft: { min: 100, max: 300 },
    hard: { min: 100, max: 500 },
  },
  signUpBonus: {
    label: '入会赠送积分',
    unit: '分',
    min: 0,
    max: 1_000_000,
    soft: { min: 0, max: 1000 },
    hard: { min: 0, max: 10_000 },
  },
  'expiry.days': {
    label: '积分有效天数',
    unit: '天',
    min: 1,
    max: 3650,
    soft: { min: 90, max: 1095 },
    hard: { min: 30, max: 3650 },
  },
  'deduction.pointsPerYuan': {
    label: '多少积分抵 ¥1',
    unit: '分',
    min: 1,
    max: 1_000_000,
    soft: { min: 50, max: 1000 },
    hard: { min: 10, max: 100_000 },
  },
  'deduction.maxPercentOfBill': {
    label: '最多抵扣账单比例',
    unit: '%',
    min: 0,
    max: 100,
    soft: { min: 0, max: 50 },
    hard: { min: 0, max: 80 },
  },
  'deduction.minSpendFen': {
    label: '满多少元可用积分',
    unit: '¥',
    min: 0,
    max: 1_000_000_000,
    soft: { min: 0, max: 1_000_000 },
  },
} as const satisfies Record<string, NumberLimit>;

export type PointsRuleField = keyof typeof POINTS_RULE_LIMITS;

/** Tier fields. Thresholds are yuan of paid spend. */
export const TIER_LIMITS = {
  growthThreshold: { label: '升级门槛', unit: '元', min: 0, max: 1_000_000_000, soft: { min: 0, max: 1_000_000 } },
  retentionThreshold: { label: '保级门槛', unit: '元', min: 0, max: 1_000_000_000, soft: { min: 0, max: 1_000_000 } },
  pointsMultiplierPct: {
    label: '积分倍率',
    unit: '%',
    min: 0,
    max: 1000,
    soft: { min: 100, max: 300 },
    hard: { min: 50, max: 500 },
  },
  sortOrder: { label: '排序', unit: '', min: 0, max: 1_000_000 },
} as const satisfies Record<string, NumberLimit>;

export type TierNumberField = keyof typeof TIER_LIMITS;

/** How long a staff invite stays valid. */
export const INVITE_HOURS_LIMIT = {
  label: '邀请有效期',
  unit: '小时',
  min: 1,
  max: 720,
} as const satisfies NumberLimit;

/** Tier codes: letters, digits, _ and -. */
export const TIER_CODE_PATTERN = /^[A-Za-z0-9_-]{2,32}$/;
export const TIER_CODE_RULE = '等级编码为 2-32 位字母、数字、_ 或 -';
export const BADGE_COLOR_PATTERN = /^#[0-9A-Fa-f]{6}$/;
export const BADGE_COLOR_RULE = '徽章颜色须为 #RRGGBB 格式';

/** 1000000 → "1,000,000 分"; for '¥' fields 5000 → "¥50.00". */
export function formatLimitValue(limit: Pick<NumberLimit, 'unit'>, value: number): string {
  if (limit.unit === '¥') return formatCny(value);
  const n = value.toLocaleString('en-US');
  return limit.unit === '%' ? `${n}%` : limit.unit ? `${n} ${limit.unit}` : n;
}

/** "入会赠送积分须为 0 至 1,000,000 分之间的整数" — the message for a value outside min..max. */
export function rangeMessage(limit: NumberLimit): string {
  if (limit.unit === '¥') {
    return `${limit.label}须在 ${formatCny(limit.min)} 至 ${formatCny(limit.max)} 之间`;
  }
  const n = (v: number) => v.toLocaleString('en-US');
  const unit = limit.unit === '%' ? '%' : limit.unit ? ` ${limit.unit}` : '';
  return `${limit.label}须为 ${n(limit.min)} 至 ${n(limit.max)}${unit} 之间的整数`;
}

/** "变更说明须为 2-255 个字" — the message for a text field outside its length limits. */
export function lengthMessage(label: string, limit: { min: number; max: number }): string {
  return limit.min > 0 ? `${label}须为 ${limit.min}-${limit.max} 个字` : `${label}最多 ${limit.max} 个字`;
}

export type BoundLevel = 'soft' | 'hard';

/** Whether a value lies outside the sensible range (soft) or beyond what one operator may set (hard). */
export function boundLevel(limit: NumberLimit, value: number): BoundLevel | null {
  const outside = (r?: { min: number; max: number }) => !!r && (value < r.min || value > r.max);
  if (outside(limit.hard)) return 'hard';
  if (outside(limit.soft)) return 'soft';
  return null;
}

/** Coupon template fields (fen where it says ¥). The console's form uses the same bounds. */
export const COUPON_LIMITS = {
  faceValueFen: { label: '面额', unit: '¥', min: 1, max: 1_000_000 },
  minSpendFen: { label: '使用门槛', unit: '¥', min: 0, max: 100_000_000 },
  percentOff: { label: '优惠比例', unit: '%', min: 1, max: 99 },
  maxDiscountFen: { label: '最多优惠', unit: '¥', min: 1, max: 10_000_000 },
  totalStock: { label: '总库存', unit: '张', min: 1, max: 10_000_000 },
  perMemberLimit: { label: '每人限领', unit: '张', min: 1, max: 100 },
  validDays: { label: '有效天数', unit: '天', min: 1, max: 3650 },
  startsAfterDays: { label: '领取后几天生效', unit: '天', min: 0, max: 365 },
} as const satisfies Record<string, NumberLimit>;

export const COUPON_TEXT_LIMITS = {
  name: { min: 1, max: 32 },
  itemName: { min: 1, max: 32 },
  instructions: { min: 0, max: 500 },
  batchNote: { min: 2, max: 255 },
  voidReason: { min: 2, max: 200 },
} as const;

/** Points-mall goods fields (fen where it says ¥). The console's goods editor uses the same bounds. */
export const MALL_LIMITS = {
  pointsPrice: { label: '兑换积分', unit: '分', min: 0, max: 10_000_000 },
  cashFen: { label: '加价金额', unit: '¥', min: 0, max: 1_000_000 },
  stock: { label: '库存', unit: '件', min: 0, max: 10_000_000 },
  perMemberLimit: { label: '每人限兑', unit: '件', min: 1, max: 1000 },
  pickupDays: { label: '自提有效天数', unit: '天', min: 1, max: 90 },
  sortOrder: { label: '排序', unit: '', min: 0, max: 9999 },
  quantity: { label: '兑换数量', unit: '件', min: 1, max: 99 },
  stockDelta: { label: '库存调整', unit: '件', min: -10_000_000, max: 10_000_000 },
} as const satisfies Record<string, NumberLimit>;

export const MALL_TEXT_LIMITS = {
  goodsName: { min: 1, max: 40 },
  description: { min: 0, max: 2000 },
  categoryName: { min: 1, max: 16 },
  stockReason: { min: 2, max: 200 },
  /** A pickup code as typed (6 digits) or scanned (`MALL:` + 6 digits). */
  pickupCode: { min: 6, max: 16 },
} as const;

/** Images a goods may show (the first is the cover). */
export const MALL_MAX_IMAGES = 9;
/** Below this many left, a card says "仅剩 N 件". */
export const MALL_LOW_STOCK_HINT = 10;
