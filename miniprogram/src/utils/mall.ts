import {
  ErrorCode,
  formatCny,
  type MallBlockReason,
  type MallGoodsCard,
  type MallGoodsDetail,
  type MallGoodsKind,
  type MallLimitPeriod,
  type MallOrderStatus,
  type MallOrderTab,
  type MallPickupView,
  type MallRedeemRequest,
  formatInt,
} from '@member/shared';
import { outcomeUnknown } from './refund-attempt';

// Pure helpers of the points mall pages (积分商城, 商品详情, 兑换确认, 兑换结果, 我的兑换, 自提核销).

export const MALL_URLS = {
  index: '/pages/mall/index',
  detail: '/packages/mall/detail/index',
  result: '/packages/mall/result/index',
  orders: '/packages/mall/orders/index',
};

/** 1200 → "1,200": points always with separators. */
export function formatPoints(points: number): string {
  return formatInt(points);
}

/** "1,200 积分" or "1,200 积分 + ¥9.90" (for `quantity` units). */
export function priceText(goods: Pick<MallGoodsCard, 'pointsPrice' | 'cashFen'>, quantity = 1): string {
  const points = `${formatPoints(goods.pointsPrice * quantity)} 积分`;
  return goods.cashFen > 0 ? `${points} + ${formatCny(goods.cashFen * quantity)}` : points;
}

const PERIOD_UNIT: Record<MallLimitPeriod, string> = { TOTAL: '', DAY: '/天', WEEK: '/周', MONTH: '/月' };

/** "每人限兑 2 件/月"; "每人限兑 1 件" over the goods' life; null without a limit. */
export function limitText(goods: Pick<MallGoodsDetail, 'perMemberLimit' | 'limitPeriod'>): string | null {
  if (goods.perMemberLimit == null) return null;
  return `每人限兑 ${goods.perMemberLimit} 件${PERIOD_UNIT[goods.limitPeriod]}`;
}

const PERIOD_WORD: Record<MallLimitPeriod, string> = { TOTAL: '', DAY: '今天', WEEK: '本周', MONTH: '本月' };

/** "本月已兑 1 件" next to the limit; null before the first one. */
export function takenText(goods: Pick<MallGoodsDetail, 'perMemberLimit' | 'limitPeriod' | 'takenInPeriod'>) {
  if (goods.perMemberLimit == null || goods.takenInPeriod <= 0) return null;
  return `${PERIOD_WORD[goods.limitPeriod]}已兑 ${goods.takenInPeriod} 件`;
}

type Reason = Exclude<MallBlockReason, null>;

/** Short words on a greyed card or a disabled button (the reason a goods cannot be redeemed now). */
export const BLOCK_LABELS: Record<Reason, string> = {
  OUT_OF_STOCK: '已兑完',
  LIMIT_REACHED: '已达兑换上限',
  NOT_ELIGIBLE: '等级不符',
  NOT_ENOUGH_POINTS: '积分不足',
  NOT_STARTED: '未开始',
  ENDED: '已结束',
};

/** The reason in a sentence, for the detail page (what the member can do about it, when anything). */
export function blockNote(
  reason: Reason,
  goods: Pick<MallGoodsDetail, 'pointsPrice' | 'pointsBalance' | 'saleStartsAt' | 'perMemberLimit' | 'limitPeriod'>,
  formatTime: (iso: string) => string,
): string {
  switch (reason) {
    case 'OUT_OF_STOCK':
      return '该商品已兑完，看看其他商品吧';
    case 'LIMIT_REACHED':
      return `${limitText(goods) ?? '兑换次数有限'}，您已兑满`;
    case 'NOT_ELIGIBLE':
      return '您当前的会员等级暂不能兑换该商品';
    case 'NOT_ENOUGH_POINTS':
      return `还差 ${formatPoints(Math.max(0, goods.pointsPrice - goods.pointsBalance))} 积分，消费可累积积分`;
    case 'NOT_STARTED':
      return goods.saleStartsAt ? `${formatTime(goods.saleStartsAt)} 开始兑换` : '该商品尚未开始兑换';
    case 'ENDED':
      return '该商品的兑换已结束';
  }
}

const BLOCK_OF_CODE: Partial<Record<string, Reason>> = {
  [ErrorCode.MALL_OUT_OF_STOCK]: 'OUT_OF_STOCK',
  [ErrorCode.MALL_LIMIT_REACHED]: 'LIMIT_REACHED',
  [ErrorCode.MALL_NOT_ELIGIBLE]: 'NOT_ELIGIBLE',
  [ErrorCode.MALL_NOT_ENOUGH_POINTS]: 'NOT_ENOUGH_POINTS',
  [ErrorCode.MALL_SALE_NOT_STARTED]: 'NOT_STARTED',
  [ErrorCode.MALL_SALE_ENDED]: 'ENDED',
  [ErrorCode.MALL_GOODS_OFF_SALE]: 'ENDED',
};

/** The block a refused redemption reveals (the page greys the goods with it); null for other errors. */
export function blockOfRedeemError(code: string): Reason | null {
  return BLOCK_OF_CODE[code] ?? null;
}

/**
 * What the confirm sheet offers after a refused or unanswered redemption (the message is the server's):
 * retry — no answer, the same request id goes again; reload — the goods changed (stock, limit, window), the
 * detail is read again and the sheet closes; points — not enough points, see 积分明细; tier — 等级权益;
 * store — pick another pickup store; gone — the goods no longer exists; other — close and try again.
 */
export type RedeemNextStep = 'retry' | 'reload' | 'points' | 'tier' | 'store' | 'gone' | 'other';

export function redeemNextStep(e: unknown, code: string | undefined): RedeemNextStep {
  if (outcomeUnknown(e)) return 'retry';
  switch (code) {
    case ErrorCode.MALL_NOT_ENOUGH_POINTS:
      return 'points';
    case ErrorCode.MALL_NOT_ELIGIBLE:
      return 'tier';
    case ErrorCode.MALL_PICKUP_STORE_INVALID:
      return 'store';
    case ErrorCode.MALL_GOODS_NOT_FOUND:
      return 'gone';
    case ErrorCode.MALL_OUT_OF_STOCK:
    case ErrorCode.MALL_LIMIT_REACHED:
    case ErrorCode.MALL_SALE_NOT_STARTED:
    case ErrorCode.MALL_SALE_ENDED:
    case ErrorCode.MALL_GOODS_OFF_SALE:
      return 'reload';
    default:
      return 'other';
  }
}

/** How many one redemption may take: within stock, what is left of the limit, and what the points pay. */
export function maxQuantity(
  goods: Pick<
    MallGoodsDetail,
    'stockLeft' | 'perMemberLimit' | 'takenInPeriod' | 'pointsPrice' | 'pointsBalance' | 'kind'
  >,
  cap = 99,
): number {
  let max = cap;
  if (goods.stockLeft != null) max = Math.min(max, goods.stockLeft);
  if (goods.perMemberLimit != null) max = Math.min(max, goods.perMemberLimit - goods.takenInPeriod);
  if (goods.pointsPrice > 0) max = Math.min(max, Math.floor(goods.pointsBalance / goods.pointsPrice));
  return Math.max(0, max);
}

/** Why the quantity stops where it does ("库存仅剩 3 件" …); null when only the page's cap stops it. */
export function quantityCapText(
  goods: Pick<
    MallGoodsDetail,
    'stockLeft' | 'perMemberLimit' | 'takenInPeriod' | 'pointsPrice' | 'pointsBalance' | 'limitPeriod' | 'kind'
  >,
  cap = 99,
): string | null {
  const max = maxQuantity(goods, cap);
  if (goods.perMemberLimit != null && goods.perMemberLimit - goods.takenInPeriod === max) {
    return `${limitText(goods)}${goods.takenInPeriod > 0 ? `，已兑 ${goods.takenInPeriod} 件` : ''}`;
  }
  if (goods.stockLeft != null && goods.stockLeft === max) return `库存仅剩 ${goods.stockLeft} 件`;
  if (goods.pointsPrice > 0 && Math.floor(goods.pointsBalance / goods.pointsPrice) === max) {
    return `积分最多可兑 ${max} 件`;
  }
  return null;
}

/** Physical items and services are collected in a store; coupons are issued at once. */
export function needsPickupStore(kind: MallGoodsKind): boolean {
  return kind !== 'COUPON';
}

export const KIND_LABELS: Record<MallGoodsKind, string> = { PHYSICAL: '实物', COUPON: '优惠券', SERVICE: '服务' };

/** A redemption's request id: created when the confirm sheet opens, reused on every retry of it. */
export function newRedeemRequestId(random: () => number = Math.random, now = Date.now()): string {
  const tail = Math.floor(random() * 36 ** 8)
    .toString(36)
    .padStart(8, '0');
  return `M${now.toString(36)}${tail}`;
}

export type RedeemBody = Omit<MallRedeemRequest, 'requestId'>;

/**
 * The request id of an open confirm sheet and, once a submission went out without a clear answer, exactly
 * what was sent: the retry resends that body with that id, so the server answers the first order instead
 * of placing a second one (the sheet locks its inputs meanwhile).
 */
export interface RedeemAttempt {
  requestId: string;
  sent: RedeemBody | null;
}

export function openRedeemAttempt(newId: () => string = newRedeemRequestId): RedeemAttempt {
  return { requestId: newId(), sent: null };
}

/** The request to send now: the unanswered one again, otherwise this body under the sheet's id. */
export function redeemRequestFor(attempt: RedeemAttempt, body: RedeemBody): MallRedeemRequest {
  return { ...(attempt.sent ?? body), requestId: attempt.requestId };
}

/**
 * After a failed submission: no answer (network, 5xx) keeps the id and the body for the retry; a refusal
 * (4xx) means nothing was placed, so the next submission, perhaps with another quantity, gets a fresh id.
 */
export function attemptAfterFailure(
  attempt: RedeemAttempt,
  sent: MallRedeemRequest,
  e: unknown,
  newId: () => string = newRedeemRequestId,
): RedeemAttempt {
  if (outcomeUnknown(e)) {
    const { requestId: _id, ...body } = sent;
    return { requestId: attempt.requestId, sent: body };
  }
  return { requestId: newId(), sent: null };
}

/** Order status in words; READY/DONE read differently for a service voucher and a coupon. */
export function orderStatusText(status: MallOrderStatus, kind: MallGoodsKind): string {
  switch (status) {
    case 'PENDING_PAYMENT':
      return '待支付';
    case 'READY':
      return kind === 'SERVICE' ? '待使用' : '待自提';
    case 'DONE':
      return kind === 'COUPON' ? '已发放' : kind === 'SERVICE' ? '已使用' : '已自提';
    case 'CANCELLED':
      return '已取消';
    case 'EXPIRED':
      return '已过期';
  }
}

export type TagTone = 'primary' | 'success' | 'warning' | 'default';

export function orderStatusTone(status: MallOrderStatus): TagTone {
  if (status === 'READY') return 'primary';
  if (status === 'DONE') return 'success';
  if (status === 'PENDING_PAYMENT') return 'warning';
  return 'default';
}

export const ORDER_TABS: { key: MallOrderTab; label: string }[] = [
  { key: 'ALL', label: '全部' },
  { key: 'READY', label: '待自提' },
  { key: 'DONE', label: '已完成' },
  { key: 'ENDED', label: '已取消' },
];

export const ORDER_EMPTY_TEXT: Record<MallOrderTab, string> = {
  ALL: '还没有兑换记录',
  PENDING: '没有待支付的订单',
  READY: '没有待自提的订单',
  DONE: '没有已完成的订单',
  ENDED: '没有已取消的订单',
};

/** The result page's steps: 兑换成功 → 到店自提 → 完成 (a coupon is issued at once: 兑换成功 → 已发放). */
export function orderSteps(kind: MallGoodsKind): string[] {
  if (kind === 'COUPON') return ['兑换成功', '券已发放'];
  return kind === 'SERVICE' ? ['兑换成功', '到店使用', '完成'] : ['兑换成功', '到店自提', '完成'];
}

/** The step the order is at (1-based, as NutUI Steps counts); ended orders stop at the first. */
export function orderStep(status: MallOrderStatus, kind: MallGoodsKind): number {
  if (status === 'DONE') return orderSteps(kind).length;
  if (status === 'READY') return 2;
  return 1;
}

export const PICKUP_CODE_LENGTH = 6;

/**
 * What the clerk scanned or typed → the pickup code. The member's QR carries the code behind a prefix
 * (so a scan of a member card is not taken for it); typed digits may hold spaces.
 */
export function pickupCodeOf(text: string): string {
  const raw = text.trim();
  const tail = /(\d{6})$/.exec(raw.replace(/\s+/g, ''));
  if (tail && raw.replace(/\s+/g, '').length > PICKUP_CODE_LENGTH) return tail[1];
  return raw.replace(/\D/g, '');
}

/** "123 456": six digits read aloud in two groups. */
export function groupPickupCode(code: string): string {
  return code.length === 6 ? `${code.slice(0, 3)} ${code.slice(3)}` : code;
}

type PickupBlock = Exclude<MallPickupView['blockReason'], null>;

/** What the clerk is told instead of 确认交付. */
export const PICKUP_BLOCK_TEXT: Record<PickupBlock, string> = {
  OTHER_STORE: '非本店订单，请引导会员到所选门店自提',
  NOT_READY: '不可自提：该订单当前不能自提',
  ALREADY_PICKED_UP: '已自提，请勿重复交付',
  ENDED: '不可自提：订单已取消或已过期',
};

export const PICKUP_DUPLICATE_TEXT = '该笔已完成，无需重复操作';
