import {
  ErrorCode,
  type CouponTerms,
  type ClaimableCoupon,
  type CouponClaimBlock,
  type CouponSource,
  type CouponStatus,
  type MemberCoupon,
  type MemberCouponTab,
  formatInt,
} from '@member/shared';
import { formatBizDate } from './time';

// Pure helpers of the member's coupon pages: code display, claim states, expiry hints, gift links.

export const COUPON_URLS = {
  center: '/packages/coupons/center/index',
  mine: '/packages/coupons/mine/index',
  detail: '/packages/coupons/detail/index',
  gift: '/packages/coupons/gift/index',
} as const;

export const COUPON_TABS: { key: MemberCouponTab; label: string }[] = [
  { key: 'usable', label: '可使用' },
  { key: 'used', label: '已使用' },
  { key: 'expired', label: '已过期' },
];

export const COUPON_SOURCE_LABELS: Record<CouponSource, string> = {
  CLAIM: '领券中心领取',
  NEW_MEMBER: '新人礼',
  BIRTHDAY: '生日礼',
  TIER_UP: '升级礼',
  BATCH: '商家发放',
  GIFT: '好友赠送',
  TOPUP: '充值赠券',
  MALL: '积分兑换',
  EVENT: '活动签到奖励',
};

/** "1234567890123456" → "1234 5678 9012 3456" (read aloud or typed at the counter in fours). */
export function groupCouponCode(code: string): string {
  return code.replace(/(\d{4})(?=\d)/g, '$1 ');
}

/** What the 领取 button of a card says when the member cannot claim. */
export const CLAIM_BLOCK_LABELS: Record<CouponClaimBlock, string> = {
  SOLD_OUT: '已领完',
  LIMIT_REACHED: '已领取',
  NOT_ELIGIBLE: '等级不符',
  NOT_STARTED: '未开始',
  ENDED: '已结束',
};

/** Why a card cannot be claimed, in a line on the card (the toast after a refused claim is shorter). */
export const CLAIM_BLOCK_NOTES: Record<CouponClaimBlock, string> = {
  SOLD_OUT: '手慢了，优惠券已被领完',
  LIMIT_REACHED: '已达领取上限，可在我的优惠券中查看',
  NOT_ELIGIBLE: '您当前的会员等级暂不能领取',
  NOT_STARTED: '领取尚未开始，请到时再来',
  ENDED: '领取已结束',
};

/** Toasts (≤ 7 汉字, the wx.showToast limit) for a refused claim. */
export const CLAIM_BLOCK_TOASTS: Record<CouponClaimBlock, string> = {
  SOLD_OUT: '优惠券已领完',
  LIMIT_REACHED: '已达领取上限',
  NOT_ELIGIBLE: '会员等级不符',
  NOT_STARTED: '领取尚未开始',
  ENDED: '领取已结束',
};

const BLOCK_OF_ERROR: Partial<Record<string, CouponClaimBlock>> = {
  [ErrorCode.COUPON_SOLD_OUT]: 'SOLD_OUT',
  [ErrorCode.COUPON_LIMIT_REACHED]: 'LIMIT_REACHED',
  [ErrorCode.COUPON_NOT_ELIGIBLE]: 'NOT_ELIGIBLE',
  [ErrorCode.COUPON_CLAIM_NOT_STARTED]: 'NOT_STARTED',
  [ErrorCode.COUPON_CLAIM_ENDED]: 'ENDED',
  [ErrorCode.COUPON_NOT_CLAIMABLE]: 'ENDED',
};

/** The card state a refused claim reveals (the list was stale), or null when the refusal says nothing of it. */
export function blockOfClaimError(code: string): CouponClaimBlock | null {
  return BLOCK_OF_ERROR[code] ?? null;
}

/** A card after a claim: one more claimed, blocked once the member's limit is reached. */
export function afterClaim(c: ClaimableCoupon): ClaimableCoupon {
  const claimed = c.claimed + 1;
  const remaining = c.remaining == null ? null : Math.max(0, c.remaining - 1);
  const blocked: CouponClaimBlock | null =
    claimed >= c.perMemberLimit ? 'LIMIT_REACHED' : remaining === 0 ? 'SOLD_OUT' : null;
  return { ...c, claimed, remaining, blocked };
}

/** "剩余 12 张", "已领完", or null when the stock is unlimited. */
export function stockLine(remaining: number | null): string | null {
  if (remaining == null) return null;
  return remaining > 0 ? `剩余 ${formatInt(remaining)} 张` : '已领完';
}

/** "每人限领 2 张 · 已领 1 张". */
export function limitLine(c: Pick<ClaimableCoupon, 'perMemberLimit' | 'claimed'>): string {
  return `每人限领 ${c.perMemberLimit} 张${c.claimed > 0 ? ` · 已领 ${c.claimed} 张` : ''}`;
}

const DAY_MS = 86_400_000;

/**
 * "3天后过期" within 7 days of the end, "今天过期" on the last day (Asia/Shanghai days), otherwise null;
 * the absolute date is always shown beside it.
 */
export function expiryHint(validUntil: string, now: Date = new Date()): string | null {
  const end = Date.parse(validUntil);
  if (end <= now.getTime()) return null;
  // validUntil is usually a Shanghai midnight: the coupon's last day is the day before it.
  const lastDay = Date.parse(`${formatBizDate(new Date(end - 1).toISOString())}T00:00:00+08:00`);
  const today = Date.parse(`${formatBizDate(now.toISOString())}T00:00:00+08:00`);
  const days = Math.round((lastDay - today) / DAY_MS);
  if (days <= 0) return '今天过期';
  return days < 7 ? `${days}天后过期` : null;
}

/** "2026-12-01 至 2026-12-07"; the end shown is the last valid day (validUntil is exclusive). */
export function validityRange(validFrom: string, validUntil: string): string {
  const last = new Date(Date.parse(validUntil) - 1).toISOString();
  return `${formatBizDate(validFrom)} 至 ${formatBizDate(last)}`;
}

/** Not valid yet (RELATIVE validity starting M days after the claim). */
export function notYetValid(validFrom: string, now: Date = new Date()): boolean {
  return Date.parse(validFrom) > now.getTime();
}

/** The small tag on a held coupon: 转赠中, "2026-12-02 生效", "3天后过期" or nothing. */
export function couponHint(
  c: Pick<MemberCoupon, 'status' | 'validFrom' | 'validUntil'>,
  now: Date = new Date(),
): string | null {
  if (c.status === 'GIFTING') return '转赠中';
  if (c.status !== 'USABLE') return null;
  if (notYetValid(c.validFrom, now)) return `${formatBizDate(c.validFrom)} 生效`;
  return expiryHint(c.validUntil, now);
}

/** The stamp over a card that can no longer be used; null while usable. */
export function statusStamp(status: CouponStatus): string | null {
  if (status === 'USED') return '已使用';
  if (status === 'EXPIRED') return '已过期';
  if (status === 'VOID') return '已作废';
  return null;
}

/** Page path of the gift (share card target and H5 link). */
export function giftPagePath(token: string): string {
  return `${COUPON_URLS.gift}?token=${encodeURIComponent(token)}`;
}

/** A claim's request id: one per tap attempt, reused when the same claim is retried after a lost answer. */
export function newClaimRequestId(random: () => number = Math.random, now = Date.now()): string {
  const tail = Math.floor(random() * 36 ** 6)
    .toString(36)
    .padStart(6, '0');
  return `C${now.toString(36)}${tail}`;
}

/** Where a coupon can be used; store names are not part of the member's view, so a count for a list. */
export function storesLine(storeIds: number[] | null): string {
  return storeIds == null ? '全部门店可用' : `仅限指定的 ${storeIds.length} 家门店使用`;
}

/** The rule lines of a coupon (领券中心 folds them; the detail page lists them). */
export function ruleLines(terms: CouponTerms): { label: string; value: string }[] {
  const lines = [
    { label: '适用门店', value: storesLine(terms.storeIds) },
    {
      label: '叠加规则',
      value: terms.stackable ? '可与其他可叠加的优惠券同时使用' : '每单限用一张，不与其他优惠券同享',
    },
    { label: '转赠', value: terms.giftable ? '未使用前可赠送给好友' : '不可转赠' },
  ];
  if (terms.instructions.trim()) lines.unshift({ label: '使用说明', value: terms.instructions.trim() });
  return lines;
}
