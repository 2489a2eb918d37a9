import type { PointsExpiry, PointsRules, TierFields } from './contracts/loyalty';
import type { FieldChange, RuleWarning } from './contracts/rule-changes';
import {
  boundLevel,
  formatLimitValue,
  POINTS_RULE_LIMITS,
  TIER_LIMITS,
  type NumberLimit,
  type PointsRuleField,
} from './limits';

// The diff and the bound checks of a rules or tier change, shared so that the console's confirmation shows
// exactly what the server will record and enforce.

const expiryWords = (e: PointsExpiry) => (e.kind === 'days' ? `获得后 ${e.days} 天` : '次年年底');

function pointsRuleValue(r: PointsRules, field: PointsRuleField): number | undefined {
  switch (field) {
    case 'pointsPerYuan':
      return r.pointsPerYuan;
    case 'birthdayMultiplierPct':
      return r.birthdayMultiplierPct;
    case 'signUpBonus':
      return r.signUpBonus;
    case 'expiry.days':
      return r.expiry.kind === 'days' ? r.expiry.days : undefined;
    case 'deduction.pointsPerYuan':
      return r.deduction.pointsPerYuan;
    case 'deduction.maxPercentOfBill':
      return r.deduction.maxPercentOfBill;
    case 'deduction.minSpendFen':
      return r.deduction.minSpendFen;
  }
}

const FIELDS = Object.keys(POINTS_RULE_LIMITS) as PointsRuleField[];

/** What changed from `before` to `after`, in words (入会赠送积分 100 分 → 500 分). */
export function pointsRulesDiff(before: PointsRules | null, after: PointsRules): FieldChange[] {
  const out: FieldChange[] = [];
  for (const field of FIELDS) {
    const limit: NumberLimit = POINTS_RULE_LIMITS[field];
    if (field === 'expiry.days') {
      const [b, a] = [before ? expiryWords(before.expiry) : null, expiryWords(after.expiry)];
      if (b !== a) out.push({ field: 'expiry', label: '积分有效期', before: b, after: a });
      continue;
    }
    const b = before ? pointsRuleValue(before, field) : undefined;
    const a = pointsRuleValue(after, field)!;
    if (b !== a) {
      out.push({
        field,
        label: limit.label,
        before: b === undefined ? null : formatLimitValue(limit, b),
        after: formatLimitValue(limit, a),
      });
    }
  }
  return out;
}

function warning(field: string, limit: NumberLimit, value: number): RuleWarning | null {
  const level = boundLevel(limit, value);
  if (!level) return null;
  const range = level === 'hard' ? limit.hard! : limit.soft!;
  const shown = formatLimitValue(limit, value);
  const span = `${formatLimitValue(limit, range.min)} 至 ${formatLimitValue(limit, range.max)}`;
  return {
    field,
    label: limit.label,
    level,
    message:
      level === 'hard'
        ? `${limit.label} ${shown} 超出单人可设范围（${span}），需另一位运营人员审批后才生效`
        : `${limit.label} ${shown} 超出常用范围（${span}），请确认这个数值`,
  };
}

/** Warnings for the fields this change touches (a value already in force is not flagged again). */
export function pointsRulesWarnings(before: PointsRules | null, after: PointsRules): RuleWarning[] {
  const out: RuleWarning[] = [];
  for (const field of FIELDS) {
    const a = pointsRuleValue(after, field);
    if (a === undefined) continue;
    if (before && pointsRuleValue(before, field) === a) continue;
    const w = warning(field, POINTS_RULE_LIMITS[field], a);
    if (w) out.push(w);
  }
  return out;
}

type TierValues = Partial<TierFields>;

const TIER_WORDS: { field: keyof TierFields; label: string; show: (v: TierValues) => string | undefined }[] = [
  { field: 'name', label: '等级名称', show: (t) => t.name },
  { field: 'code', label: '等级编码', show: (t) => t.code },
  ...(['growthThreshold', 'retentionThreshold', 'pointsMultiplierPct', 'sortOrder'] as const).map((field) => ({
    field,
    label: TIER_LIMITS[field].label,
    show: (t: TierValues) => (t[field] === undefined ? undefined : formatLimitValue(TIER_LIMITS[field], t[field]!)),
  })),
  {
    field: 'discountText',
    label: '折扣说明',
    show: (t) => (t.discountText === undefined ? undefined : t.discountText || '无'),
  },
  {
    field: 'birthdayGift',
    label: '生日礼',
    show: (t) => (t.birthdayGift === undefined ? undefined : t.birthdayGift ? '有' : '无'),
  },
  { field: 'badgeColor', label: '徽章颜色', show: (t) => t.badgeColor?.toUpperCase() },
  { field: 'active', label: '状态', show: (t) => (t.active === undefined ? undefined : t.active ? '启用' : '停用') },
];

/** A tier's changed fields in words; `before` null for a new tier. Fields absent from `after` are unchanged. */
export function tierDiff(before: TierValues | null, after: TierValues): FieldChange[] {
  const out: FieldChange[] = [];
  for (const w of TIER_WORDS) {
    const a = w.show(after);
    if (a === undefined) continue;
    const b = before ? (w.show(before) ?? null) : null;
    if (a !== b) out.push({ field: w.field, label: w.label, before: b, after: a });
  }
  return out;
}

/** Warnings for the tier numbers this change sets to a new value. */
export function tierWarnings(before: TierValues | null, after: TierValues): RuleWarning[] {
  const out: RuleWarning[] = [];
  for (const field of Object.keys(TIER_LIMITS) as (keyof typeof TIER_LIMITS)[]) {
    const a = after[field];
    if (a === undefined || (before && before[field] === a)) continue;
    const w = warning(field, TIER_LIMITS[field], a);
    if (w) out.push(w);
  }
  return out;
}

/** A change needs a second operator when any of its warnings is beyond a hard bound. */
export const needsSecondApproval = (warnings: RuleWarning[]) => warnings.some((w) => w.level === 'hard');
