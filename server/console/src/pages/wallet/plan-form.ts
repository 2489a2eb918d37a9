// The shared yuan parser and writer: "128.5" → 12850 (null for what it refuses) and 12850 → "128.50".
import {
  fenOfYuanInput as fenOfYuanText,
  fenToYuanInput as yuanTextOfFen,
  formatCny,
  type TopupPlan,
  type TopupPlanInput,
} from '@member/shared';
import type { Rule } from 'antd/es/form';
import type { Dayjs } from 'dayjs';
import { pickedInstant, pickerValue } from '../../utils/format';

// The plan form in the operator's units (yuan typed as text, Beijing-time dates) and its conversion to the
// contract (integer fen, ISO instants). Yuan are parsed digit by digit: no float ever holds an amount.

export interface PlanFormValues {
  name: string;
  /** 充值金额 / 赠送金额 as typed (InputNumber in string mode), e.g. "500" or "128.50". */
  payYuan?: string | null;
  bonusYuan?: string | null;
  saleWindow?: [Dayjs | null, Dayjs | null];
  /** Empty = 不限. */
  perMemberLimit?: number | null;
  sortOrder?: number | null;
  /** 加赠优惠券: coupon template ids given with each paid top-up. */
  couponTemplateIds?: number[];
}

/** 赠送比例 as "10%" / "12.5%", from integer permille (display only). */
export function bonusRatioText(payFen: number, bonusFen: number): string {
  if (payFen <= 0 || bonusFen <= 0) return '—';
  const permille = Math.round((bonusFen * 1000) / payFen);
  return permille % 10 === 0 ? `${permille / 10}%` : `${Math.floor(permille / 10)}.${permille % 10}%`;
}

/** 充500送50 headline as members read it (whole yuan stay whole). */
export function planHeadline(payFen: number, bonusFen: number): string {
  const yuan = (fen: number) => (fen % 100 === 0 ? (fen / 100).toLocaleString('en-US') : formatCny(fen).slice(1));
  return bonusFen > 0 ? `充${yuan(payFen)}送${yuan(bonusFen)}` : `充${yuan(payFen)}`;
}

const local = pickerValue;

export const DEFAULT_PLAN_VALUES: PlanFormValues = {
  name: '',
  payYuan: null,
  bonusYuan: '0',
  saleWindow: undefined,
  perMemberLimit: null,
  sortOrder: 0,
};

export function planValuesOf(p: TopupPlan): PlanFormValues {
  return {
    name: p.name,
    payYuan: yuanTextOfFen(p.payFen),
    bonusYuan: yuanTextOfFen(p.bonusFen),
    saleWindow:
      p.startsAt || p.endsAt ? [p.startsAt ? local(p.startsAt) : null, p.endsAt ? local(p.endsAt) : null] : undefined,
    perMemberLimit: p.perMemberLimit,
    sortOrder: p.sortOrder,
    couponTemplateIds: p.couponTemplateIds,
  };
}

/** The request body; call after the form validated (amounts parse). */
export function planInputOf(v: PlanFormValues): TopupPlanInput {
  const [from, until] = v.saleWindow ?? [];
  return {
    name: v.name.trim(),
    payFen: fenOfYuanText(v.payYuan) ?? 0,
    bonusFen: fenOfYuanText(v.bonusYuan) ?? 0,
    startsAt: pickedInstant(from),
    endsAt: pickedInstant(until),
    perMemberLimit: v.perMemberLimit ?? null,
    sortOrder: v.sortOrder ?? 0,
    couponTemplateIds: v.couponTemplateIds ?? [],
  };
}

/** Only what changed since `plan`, so a concurrent edit of another field is not overwritten. */
export function planPatchOf(plan: TopupPlan, v: PlanFormValues): Partial<TopupPlanInput> {
  const next = planInputOf(v);
  return Object.fromEntries(
    (Object.keys(next) as (keyof TopupPlanInput)[]).flatMap((k) =>
      // Lists compare by content (the coupon templates), everything else by value.
      JSON.stringify(next[k]) !== JSON.stringify(plan[k]) ? [[k, next[k]]] : [],
    ),
  ) as Partial<TopupPlanInput>;
}

/** Preview figures from half-typed values (invalid text previews as 0). */
export function previewOf(v: Partial<PlanFormValues>): { name: string; payFen: number; bonusFen: number } {
  return {
    name: v.name?.trim() || '充值方案名称',
    payFen: fenOfYuanText(v.payYuan) ?? 0,
    bonusFen: fenOfYuanText(v.bonusYuan) ?? 0,
  };
}

/** A yuan amount within `bounds` (fen), with at most two decimals. */
export function yuanRule(label: string, bounds: { min: number; max: number }): Rule {
  return {
    validator: (_: unknown, v: string | null | undefined) => {
      if (v == null || v === '') return Promise.resolve();
      const fen = fenOfYuanText(v);
      if (fen == null) return Promise.reject(new Error(`${label}最多两位小数`));
      if (fen < bounds.min || fen > bounds.max)
        return Promise.reject(new Error(`${label}须在 ${formatCny(bounds.min)} 至 ${formatCny(bounds.max)} 之间`));
      return Promise.resolve();
    },
  };
}
