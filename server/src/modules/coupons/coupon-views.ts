import {
  ErrorCode,
  type CouponTemplate as CouponTemplateView,
  type CouponTemplateInput,
  type CouponTerms,
  type CouponValidity,
  type MemberCoupon,
} from '@member/shared';
import { AppException } from '../../common/app-exception';
import type { CouponTemplate } from './entities/coupon-template.entity';
import type { Coupon } from './entities/coupon.entity';

// Entity ↔ contract shapes of the coupons module, and the rules that make a template's terms coherent.

const ids = (json: string | null): number[] | null => (json == null ? null : (JSON.parse(json) as number[]));

export const validityOf = (t: CouponTemplate): CouponValidity => JSON.parse(t.validityJson) as CouponValidity;

/** The terms a coupon of this template is issued with (copied onto the coupon). */
export function termsOf(t: CouponTemplate): CouponTerms {
  return {
    kind: t.kind,
    name: t.name,
    faceValueFen: t.faceValueFen,
    minSpendFen: t.minSpendFen,
    percentOff: t.percentOff,
    maxDiscountFen: t.maxDiscountFen,
    itemName: t.itemName,
    storeIds: ids(t.storeIdsJson),
    stackable: t.stackable,
    giftable: t.giftable,
    instructions: t.instructions,
  };
}

export const tierIdsOf = (t: CouponTemplate): number[] | null => ids(t.tierIdsJson);

export function templateView(t: CouponTemplate): CouponTemplateView {
  return {
    id: t.id,
    kind: t.kind,
    name: t.name,
    faceValueFen: t.faceValueFen,
    minSpendFen: t.minSpendFen,
    percentOff: t.percentOff,
    maxDiscountFen: t.maxDiscountFen,
    itemName: t.itemName,
    instructions: t.instructions,
    totalStock: t.totalStock,
    perMemberLimit: t.perMemberLimit,
    trigger: t.trigger,
    claimStartsAt: t.claimStartsAt?.toISOString() ?? null,
    claimEndsAt: t.claimEndsAt?.toISOString() ?? null,
    validity: validityOf(t),
    tierIds: tierIdsOf(t),
    storeIds: ids(t.storeIdsJson),
    stackable: t.stackable,
    giftable: t.giftable,
    status: t.status,
    issued: t.issued,
    remaining: t.totalStock == null ? null : Math.max(0, t.totalStock - t.issued),
    version: t.version,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
  };
}

export function couponView(
  c: Coupon,
  // terms: the object termsJson was just written from (a new coupon), so it is not parsed back.
  extra: { usedStoreName?: string | null; gift?: MemberCoupon['gift']; terms?: CouponTerms } = {},
): MemberCoupon {
  return {
    id: c.id,
    code: c.code,
    templateId: c.templateId,
    terms: extra.terms ?? (JSON.parse(c.termsJson) as CouponTerms),
    status: c.status,
    validFrom: c.validFrom.toISOString(),
    validUntil: c.validUntil.toISOString(),
    source: c.source,
    issuedAt: c.issuedAt.toISOString(),
    usedAt: c.usedAt?.toISOString() ?? null,
    usedStoreName: extra.usedStoreName ?? null,
    gift: extra.gift ?? null,
  };
}

const bad = (message: string) => new AppException(ErrorCode.COUPON_TEMPLATE_TERMS_INVALID, message);

/**
 * A template's fields as they will be stored, checked as a whole (the DTO checked each field): kind-specific
 * values present and the others cleared, windows in order. Throws COUPON_TEMPLATE_TERMS_INVALID with the
 * first problem in zh-CN.
 */
export function coherentTemplate(input: CouponTemplateInput): CouponTemplateInput {
  const t = { ...input };
  if (t.kind === 'PERCENT_OFF') {
    if (t.percentOff == null || t.percentOff < 1 || t.percentOff > 99) throw bad('折扣券需要填写 1-99 的优惠比例');
    t.faceValueFen = 0;
    t.itemName = null;
  } else {
    if (t.faceValueFen < 1) throw bad(t.kind === 'EXCHANGE' ? '兑换券需要填写商品价值' : '满减券需要填写优惠金额');
    t.percentOff = null;
    t.maxDiscountFen = null;
    if (t.kind === 'EXCHANGE') {
      if (!t.itemName?.trim()) throw bad('兑换券需要填写兑换的商品');
      t.minSpendFen = 0;
    } else {
      t.itemName = null;
      if (t.minSpendFen > 0 && t.faceValueFen > t.minSpendFen) throw bad('满减券的优惠金额不能超过使用门槛');
    }
  }
  const v = t.validity;
  if (v.kind === 'FIXED' && Date.parse(v.from) >= Date.parse(v.until)) throw bad('有效期的结束时间必须晚于开始时间');
  if (t.claimStartsAt && t.claimEndsAt && Date.parse(t.claimStartsAt) >= Date.parse(t.claimEndsAt))
    throw bad('领取结束时间必须晚于开始时间');
  if (t.trigger !== 'CLAIM') {
    t.claimStartsAt = null;
    t.claimEndsAt = null;
  }
  if (t.totalStock != null && t.totalStock < 1) throw bad('库存至少为 1，或选择不限量');
  if (t.perMemberLimit < 1) throw bad('每人限领至少为 1');
  return t;
}
