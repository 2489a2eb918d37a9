import {
  COUPON_LIMITS as L,
  fenOfYuanInput,
  fenToYuanInput,
  type CouponKind,
  type CouponTemplate,
  type CouponTemplateInput,
  type CouponTerms,
  type CouponTrigger,
  type CouponValidity,
} from '@member/shared';
import type { Rule } from 'antd/es/form';
import type { Dayjs } from 'dayjs';
import { pickedInstant, pickerValue } from '../../utils/format';

// The template form in the operator's units (yuan, 折, dates) and its conversion to the contract (fen,
// percent off, ISO instants). The server checks the same bounds (shared COUPON_LIMITS) and coherence.

export interface TemplateFormValues {
  kind: CouponKind;
  name: string;
  /** CASH_OFF: 优惠金额; EXCHANGE: 商品价值 (yuan). */
  faceValueYuan?: number | null;
  /** 使用门槛 (yuan); empty or 0 = 无门槛. */
  minSpendYuan?: number | null;
  /** PERCENT_OFF: 8.5 means 8.5 折 (15 % off). */
  discountZhe?: number | null;
  /** PERCENT_OFF: 最多优惠 (yuan); empty = no cap. */
  maxDiscountYuan?: number | null;
  itemName?: string | null;
  trigger: CouponTrigger;
  unlimited: boolean;
  totalStock?: number | null;
  perMemberLimit: number;
  claimWindow?: [Dayjs | null, Dayjs | null];
  validityKind: 'FIXED' | 'RELATIVE';
  validityRange?: [Dayjs, Dayjs];
  days?: number | null;
  startsAfterDays?: number | null;
  tierIds?: number[];
  storeIds?: number[];
  stackable: boolean;
  giftable: boolean;
  instructions?: string;
}

/** Typed yuan → fen through the shared parser (empty or invalid counts as 0; the field rules say why). */
const toFen = (yuan: number | null | undefined) => fenOfYuanInput(yuan) ?? 0;
/** Fen → the InputNumber's yuan, from the exact decimal text ("19.99" → 19.99). */
const toYuan = (fen: number | null | undefined) => (fen == null ? null : Number(fenToYuanInput(fen)));
const iso = pickedInstant;
const local = pickerValue;

/** 8.5 折 → 15 (% off); null when the input is not a 0.1-step 折. */
export function percentOffOf(zhe: number | null | undefined): number | null {
  if (zhe == null || !Number.isFinite(zhe)) return null;
  const off = Math.round(100 - zhe * 10);
  return Math.abs(100 - zhe * 10 - off) < 1e-6 ? off : null;
}

export const DEFAULT_VALUES: TemplateFormValues = {
  kind: 'CASH_OFF',
  name: '',
  faceValueYuan: null,
  minSpendYuan: null,
  trigger: 'CLAIM',
  unlimited: false,
  totalStock: 1000,
  perMemberLimit: 1,
  validityKind: 'RELATIVE',
  days: 30,
  startsAfterDays: 0,
  tierIds: [],
  storeIds: [],
  stackable: false,
  giftable: false,
  instructions: '',
};

export function valuesOf(t: CouponTemplate): TemplateFormValues {
  const v = t.validity;
  return {
    kind: t.kind,
    name: t.name,
    faceValueYuan: t.kind === 'PERCENT_OFF' ? null : toYuan(t.faceValueFen),
    minSpendYuan: t.minSpendFen ? toYuan(t.minSpendFen) : null,
    discountZhe: t.percentOff == null ? null : (100 - t.percentOff) / 10,
    maxDiscountYuan: toYuan(t.maxDiscountFen),
    itemName: t.itemName,
    trigger: t.trigger,
    unlimited: t.totalStock == null,
    totalStock: t.totalStock,
    perMemberLimit: t.perMemberLimit,
    claimWindow:
      t.claimStartsAt || t.claimEndsAt
        ? [t.claimStartsAt ? local(t.claimStartsAt) : null, t.claimEndsAt ? local(t.claimEndsAt) : null]
        : undefined,
    validityKind: v.kind,
    validityRange: v.kind === 'FIXED' ? [local(v.from), local(v.until)] : undefined,
    days: v.kind === 'RELATIVE' ? v.days : 30,
    startsAfterDays: v.kind === 'RELATIVE' ? v.startsAfterDays : 0,
    tierIds: t.tierIds ?? [],
    storeIds: t.storeIds ?? [],
    stackable: t.stackable,
    giftable: t.giftable,
    instructions: t.instructions,
  };
}

function validityOf(v: Partial<TemplateFormValues>): CouponValidity | null {
  if (v.validityKind === 'FIXED') {
    const [from, until] = v.validityRange ?? [];
    return from && until ? { kind: 'FIXED', from: iso(from)!, until: iso(until)! } : null;
  }
  return v.days ? { kind: 'RELATIVE', days: v.days, startsAfterDays: v.startsAfterDays ?? 0 } : null;
}

/** The request body; only fields of the chosen kind and trigger are sent (the server clears the rest). */
export function inputOf(v: TemplateFormValues): CouponTemplateInput {
  const percent = v.kind === 'PERCENT_OFF';
  const exchange = v.kind === 'EXCHANGE';
  const [claimFrom, claimUntil] = v.trigger === 'CLAIM' ? (v.claimWindow ?? []) : [];
  return {
    kind: v.kind,
    name: v.name.trim(),
    faceValueFen: percent ? 0 : toFen(v.faceValueYuan),
    minSpendFen: exchange ? 0 : toFen(v.minSpendYuan),
    percentOff: percent ? percentOffOf(v.discountZhe) : null,
    maxDiscountFen: percent && v.maxDiscountYuan ? toFen(v.maxDiscountYuan) : null,
    itemName: exchange ? (v.itemName?.trim() ?? null) : null,
    instructions: v.instructions?.trim() ?? '',
    totalStock: v.unlimited ? null : (v.totalStock ?? null),
    perMemberLimit: v.perMemberLimit,
    trigger: v.trigger,
    claimStartsAt: iso(claimFrom),
    claimEndsAt: iso(claimUntil),
    validity: validityOf(v) ?? { kind: 'RELATIVE', days: 0, startsAfterDays: 0 },
    tierIds: v.tierIds?.length ? v.tierIds : null,
    storeIds: v.storeIds?.length ? v.storeIds : null,
    stackable: !!v.stackable,
    giftable: !!v.giftable,
  };
}

/** What the member's card shows while the form is being filled in (placeholders for empty fields). */
export function previewOf(v: Partial<TemplateFormValues>): { terms: CouponTerms; validity: CouponValidity | null } {
  const kind = v.kind ?? 'CASH_OFF';
  const percentOff = kind === 'PERCENT_OFF' ? (percentOffOf(v.discountZhe) ?? 0) : null;
  return {
    terms: {
      kind,
      name: v.name?.trim() || '券名称',
      faceValueFen: kind === 'PERCENT_OFF' ? 0 : toFen(v.faceValueYuan),
      minSpendFen: kind === 'EXCHANGE' ? 0 : toFen(v.minSpendYuan),
      percentOff,
      maxDiscountFen: kind === 'PERCENT_OFF' && v.maxDiscountYuan ? toFen(v.maxDiscountYuan) : null,
      itemName: kind === 'EXCHANGE' ? v.itemName?.trim() || '兑换商品' : null,
      storeIds: v.storeIds?.length ? v.storeIds : null,
      stackable: !!v.stackable,
      giftable: !!v.giftable,
      instructions: v.instructions ?? '',
    },
    validity: validityOf(v),
  };
}

/** 折 with one decimal whose percent off lies within COUPON_LIMITS.percentOff (0.1–9.9 折). */
export const zheRule: Rule = {
  validator: (_, v: unknown) => {
    if (v === undefined || v === null || v === '') return Promise.resolve();
    const off = percentOffOf(v as number);
    if (off == null) return Promise.reject(new Error('折扣最多保留一位小数，例如 8.5'));
    return off >= L.percentOff.min && off <= L.percentOff.max
      ? Promise.resolve()
      : Promise.reject(
          new Error(`折扣须在 ${(100 - L.percentOff.max) / 10} 至 ${(100 - L.percentOff.min) / 10} 折之间`),
        );
  },
};

export const requiredRange = (label: string): Rule => ({
  validator: (_, v: unknown) =>
    Array.isArray(v) && v[0] && v[1] ? Promise.resolve() : Promise.reject(new Error(`请选择${label}`)),
});
