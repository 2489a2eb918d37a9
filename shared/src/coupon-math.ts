import type { CouponKind, CouponOption, CouponTerms, CouponUnusableReason, CouponValidity } from './contracts/coupons';
import { formatCny } from './money';

// The coupon rules both sides of the counter share: what a coupon takes off a bill, when it is valid, and
// which of a member's coupons is best for a bill. Pure functions over integer fen.

export const COUPON_KIND_LABELS: Record<CouponKind, string> = {
  CASH_OFF: '满减券',
  PERCENT_OFF: '折扣券',
  EXCHANGE: '兑换券',
};

/** A coupon's code (QR and digits): 16 digits, the last one a check digit (Luhn), so typos are caught. */
export const COUPON_CODE_PATTERN = /^\d{16}$/;

export function luhnCheckDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

export function isCouponCode(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    COUPON_CODE_PATTERN.test(value) &&
    luhnCheckDigit(value.slice(0, 15)) === value.charCodeAt(15) - 48
  );
}

/** "8.5 折" for 15 % off. */
export function percentOffLabel(percentOff: number): string {
  // Integer digits only: 85 % paid is "8.5", 80 % is "8".
  const paid = 100 - percentOff;
  const whole = Math.floor(paid / 10);
  return `${paid % 10 === 0 ? whole : `${whole}.${paid % 10}`} 折`;
}

/** The big figure on a coupon card: "¥20", "8.5 折", "兑换". */
export function couponHeadline(t: Pick<CouponTerms, 'kind' | 'faceValueFen' | 'percentOff'>): string {
  if (t.kind === 'PERCENT_OFF') return percentOffLabel(t.percentOff ?? 0);
  if (t.kind === 'EXCHANGE') return '兑换';
  return formatCny(t.faceValueFen).replace(/\.00$/, '');
}

/** The condition line: "满 ¥100 可用", "无门槛", "最多减 ¥30", "可兑换 拿铁一杯（价值 ¥32）". */
export function couponCondition(t: CouponTerms): string {
  const parts: string[] = [];
  if (t.kind === 'EXCHANGE') parts.push(`可兑换 ${t.itemName ?? ''}（价值 ${formatCny(t.faceValueFen)}）`);
  else parts.push(t.minSpendFen > 0 ? `满 ${formatCny(t.minSpendFen)} 可用` : '无门槛');
  if (t.kind === 'PERCENT_OFF' && t.maxDiscountFen != null) parts.push(`最多减 ${formatCny(t.maxDiscountFen)}`);
  return parts.join('，');
}

/**
 * What the coupon takes off a bill of `billFen` when `remainingFen` of it is still to pay (other coupons
 * may have taken some): 0 when the bill is below the minimum spend. Never more than what is left.
 */
export function couponDiscountFen(t: CouponTerms, billFen: number, remainingFen = billFen): number {
  if (billFen < t.minSpendFen || remainingFen <= 0) return 0;
  let off: number;
  if (t.kind === 'PERCENT_OFF') {
    off = Math.floor((remainingFen * (t.percentOff ?? 0)) / 100);
    if (t.maxDiscountFen != null) off = Math.min(off, t.maxDiscountFen);
  } else off = t.faceValueFen;
  return Math.max(0, Math.min(off, remainingFen));
}

const DAY_MS = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** Start (UTC instant) of the Asia/Shanghai day `days` after the day of `at`. */
export function shanghaiDayStartAfter(at: Date, days: number): Date {
  const local = at.getTime() + SHANGHAI_OFFSET_MS;
  return new Date(Math.floor(local / DAY_MS) * DAY_MS - SHANGHAI_OFFSET_MS + days * DAY_MS);
}

/**
 * The window of a coupon issued at `issuedAt`. RELATIVE: valid from issue (or from the start of the day
 * M days later) to the end of the N-th day, Asia/Shanghai — "领取后 N 天内有效" counts the first day.
 */
export function couponWindow(v: CouponValidity, issuedAt: Date): { validFrom: Date; validUntil: Date } {
  if (v.kind === 'FIXED') return { validFrom: new Date(v.from), validUntil: new Date(v.until) };
  const validFrom = v.startsAfterDays > 0 ? shanghaiDayStartAfter(issuedAt, v.startsAfterDays) : issuedAt;
  return { validFrom, validUntil: shanghaiDayStartAfter(issuedAt, v.startsAfterDays + v.days) };
}

/** zh-CN validity rule of a template: "2026-12-01 至 2026-12-31", "领取后 7 天内有效", "领取 1 天后生效，7 天内有效". */
export function validityText(v: CouponValidity, fmt: (iso: string) => string): string {
  if (v.kind === 'FIXED') return `${fmt(v.from)} 至 ${fmt(v.until)}`;
  return v.startsAfterDays > 0 ? `领取 ${v.startsAfterDays} 天后生效，${v.days} 天内有效` : `领取后 ${v.days} 天内有效`;
}

export interface HeldCoupon {
  couponId: number;
  terms: CouponTerms;
  validFrom: Date;
  validUntil: Date;
}

/** Whether one coupon applies to a bill at a store now, and what it takes off on its own. */
export function couponOption(c: HeldCoupon, billFen: number, storeId: number, now: Date): CouponOption {
  const base = { couponId: c.couponId, terms: c.terms, validUntil: c.validUntil.toISOString() };
  const no = (reason: CouponUnusableReason, reasonText: string): CouponOption => ({
    ...base,
    discountFen: 0,
    usable: false,
    reason,
    reasonText,
  });
  // Valid up to the second: a coupon is usable while validFrom <= now < validUntil.
  if (c.validUntil.getTime() <= now.getTime()) return no('EXPIRED', '已过期');
  if (c.validFrom.getTime() > now.getTime()) return no('NOT_YET_VALID', '尚未生效');
  if (c.terms.storeIds && !c.terms.storeIds.includes(storeId)) return no('STORE', '本店不可用');
  if (billFen < c.terms.minSpendFen) return no('MIN_SPEND', `还差 ${formatCny(c.terms.minSpendFen - billFen)} 可用`);
  return { ...base, discountFen: couponDiscountFen(c.terms, billFen), usable: true, reason: null, reasonText: null };
}

/**
 * The member's coupons for this bill, usable first, best first (largest discount, then soonest to
 * expire), and the one preselected: the best single money-off coupon (one per bill unless both are
 * stackable; never an exchange voucher).
 */
export function rankCoupons(
  held: readonly HeldCoupon[],
  billFen: number,
  storeId: number,
  now: Date,
): { options: CouponOption[]; best: number | null } {
  const options = held
    .map((c) => couponOption(c, billFen, storeId, now))
    .sort(
      (a, b) =>
        Number(b.usable) - Number(a.usable) ||
        b.discountFen - a.discountFen ||
        Date.parse(a.validUntil) - Date.parse(b.validUntil) ||
        a.couponId - b.couponId,
    );
  // An exchange voucher pays for its item only when that item is on the bill, which the till cannot know:
  // the clerk picks it; the preselection is the best money-off coupon.
  const best = options.find((o) => o.usable && o.discountFen > 0 && o.terms.kind !== 'EXCHANGE')?.couponId ?? null;
  return { options, best };
}

/**
 * The discount of a set of coupons on one bill, applied in the given order on what is left to pay. More
 * than one coupon only when every one is stackable. Returns null when the set is not allowed.
 */
export function combinedDiscount(
  coupons: readonly { terms: CouponTerms }[],
  billFen: number,
): { totalFen: number; perCoupon: number[] } | null {
  if (coupons.length > 1 && coupons.some((c) => !c.terms.stackable)) return null;
  let remaining = billFen;
  const perCoupon = coupons.map((c) => {
    const off = couponDiscountFen(c.terms, billFen, remaining);
    remaining -= off;
    return off;
  });
  return { totalFen: billFen - remaining, perCoupon };
}
