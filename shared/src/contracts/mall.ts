import type { BizDate, IsoTime, PageQuery } from './common';

// Points mall (积分商城): goods operators put on sale for points (or points + cash through WeChat Pay),
// redeemed by members into orders that are picked up in a store, issued as a coupon, or used as a service
// voucher. Stock, per-member limits and points move in one transaction with guarded updates.
//
// Routes (all JSON unless said):
//   member   GET  /api/v1/mall/categories                         → MallCategory[] (on-sale goods count)
//            GET  /api/v1/mall/goods?categoryId&q&featured&page    → Page<MallGoodsCard> (可兑换 vs balance)
//            GET  /api/v1/mall/goods/:id                           → MallGoodsDetail
//            POST /api/v1/me/mall/orders  MallRedeemRequest        → MallOrderResult (idempotent by requestId)
//            GET  /api/v1/me/mall/orders?tab&page                  → Page<MallOrderView>
//            GET  /api/v1/me/mall/orders/:id                       → MallOrderView (pickup code + QR payload)
//            POST /api/v1/me/mall/orders/:id/cancel                → MallOrderView (before pickup)
//            POST /api/v1/me/mall/orders/:id/pay                   → MallOrderResult (fresh pay params, cash part)
//   staff    POST /api/v1/staff/mall/pickups/lookup {code}         → MallPickupView (own store only)
//            POST /api/v1/staff/mall/pickups {code, requestId}     → MallPickupView (hand over, once)
//            GET  /api/v1/staff/mall/pickups/today                 → MallPickupView[] (this store, today)
//   operator GET/POST/PUT /api/v1/admin/mall/categories[/:id]      → MallCategory
//            GET  /api/v1/admin/mall/goods?status&categoryId&q     → Page<MallGoodsAdmin>
//            POST /api/v1/admin/mall/goods  MallGoodsInput         → MallGoodsAdmin
//            PUT  /api/v1/admin/mall/goods/:id  MallGoodsInput & {version}
//            POST /api/v1/admin/mall/goods/:id/status {status, version}
//            POST /api/v1/admin/mall/goods/:id/stock  MallStockAdjustment (audited, guarded)
//            GET  /api/v1/admin/mall/orders?status&kind&storeId&goodsId&memberNo&from&to  → Page<MallOrderAdmin>
//            GET  /api/v1/admin/mall/orders.csv  (same filters, streamed, audited)
//            GET  /api/v1/admin/mall/dashboard?from&to              → MallDashboard
//            POST /api/v1/admin/media (multipart `file`)           → MediaAsset (images for goods and posters)

/** 实物 picked up in a store, a coupon issued at once, or a service voucher used in a store. */
export type MallGoodsKind = 'PHYSICAL' | 'COUPON' | 'SERVICE';

export type MallGoodsStatus = 'DRAFT' | 'ON_SALE' | 'OFF_SALE';

/**
 * PENDING_PAYMENT: points + cash, points and stock held until WeChat Pay confirms the cash part.
 * READY: waiting for pickup (physical) or use (service voucher). DONE: picked up / used / coupon issued.
 * CANCELLED: by the member before pickup, or the payment never came. EXPIRED: the pickup window passed.
 * Cancelled and expired orders give points, cash and stock back exactly once.
 */
export type MallOrderStatus = 'PENDING_PAYMENT' | 'READY' | 'DONE' | 'CANCELLED' | 'EXPIRED';

/** A per-member limit counted over the goods' whole life, or per Asia/Shanghai calendar period. */
export type MallLimitPeriod = 'TOTAL' | 'DAY' | 'WEEK' | 'MONTH';

/** An uploaded image: original and a thumbnail, served with long-lived cache headers. */
export interface MediaAsset {
  id: number;
  url: string;
  thumbUrl: string;
  width: number;
  height: number;
  contentType: string;
  bytes: number;
}

export interface MallCategory {
  id: number;
  name: string;
  sortOrder: number;
  /** Goods on sale in it now (member view) or all goods (operator view). */
  goodsCount: number;
}

export interface MallCategoryInput {
  name: string;
  sortOrder: number;
}

/** Why a member cannot redeem a goods now; null when they can. */
export type MallBlockReason =
  'OUT_OF_STOCK' | 'LIMIT_REACHED' | 'NOT_ELIGIBLE' | 'NOT_ENOUGH_POINTS' | 'NOT_STARTED' | 'ENDED' | null;

/** A goods as a card in 积分商城 (two columns: image, name, "1,200 积分 + ¥9.90", stock hint). */
export interface MallGoodsCard {
  id: number;
  kind: MallGoodsKind;
  name: string;
  categoryId: number | null;
  imageUrl: string | null;
  thumbUrl: string | null;
  pointsPrice: number;
  /** 0 = points only. */
  cashFen: number;
  /** null = unlimited. */
  stockLeft: number | null;
  /** "仅剩 3 件" below a threshold, "已兑完" at 0; null otherwise. */
  stockHint: string | null;
  /** Member view: whether the signed-in member can redeem one now, and why not. */
  redeemable: boolean;
  blockReason: MallBlockReason;
}

export interface MallGoodsDetail extends MallGoodsCard {
  description: string;
  images: MediaAsset[];
  perMemberLimit: number | null;
  limitPeriod: MallLimitPeriod;
  /** What this member has already taken within the limit's current period. */
  takenInPeriod: number;
  /** Tier codes allowed; null = every tier. */
  tierCodes: string[] | null;
  /** Stores where a physical item or service can be picked up / used (empty for coupons). */
  pickupStores: { id: number; name: string; address: string | null }[];
  saleStartsAt: IsoTime | null;
  saleEndsAt: IsoTime | null;
  /** Days a physical/service order stays ready before it expires and gives everything back. */
  pickupDays: number;
  /** COUPON goods: the coupon it issues (name and terms in words). */
  coupon: { templateId: number; name: string; summary: string } | null;
  /** The member's points balance, for the confirm sheet's "兑换后剩余". */
  pointsBalance: number;
}

export interface MallGoodsInput {
  kind: MallGoodsKind;
  name: string;
  categoryId: number | null;
  description: string;
  /** MediaAsset ids, the first is the cover. */
  imageIds: number[];
  pointsPrice: number;
  cashFen: number;
  /** Initial stock on create (later changes go through stock adjustments); null = unlimited. */
  stock: number | null;
  perMemberLimit: number | null;
  limitPeriod: MallLimitPeriod;
  tierCodes: string[] | null;
  /** PHYSICAL / SERVICE: at least one store. */
  pickupStoreIds: number[];
  pickupDays: number;
  /** COUPON: the template it issues. */
  couponTemplateId: number | null;
  saleStartsAt: IsoTime | null;
  saleEndsAt: IsoTime | null;
  sortOrder: number;
  featured: boolean;
}

export interface MallGoodsAdmin extends Omit<MallGoodsInput, 'stock'> {
  id: number;
  status: MallGoodsStatus;
  images: MediaAsset[];
  /** null = unlimited. */
  stock: number | null;
  /** Units taken by orders that are not cancelled or expired. */
  soldCount: number;
  version: number;
  createdAt: IsoTime;
  updatedAt: IsoTime;
}

/** A stock change by an operator: +n adds, −n removes (never below what is left); reason is audited. */
export interface MallStockAdjustment {
  delta: number;
  reason: string;
  version: number;
}

export interface MallRedeemRequest {
  goodsId: number;
  quantity: number;
  /** PHYSICAL / SERVICE: one of the goods' pickup stores. */
  pickupStoreId?: number;
  /** Idempotency key: a retry answers the first order; the same key with another body is 409. */
  requestId: string;
}

/** WeChat Pay JSAPI parameters for the cash part (as the wallet's top-up answers them). */
export interface MallPayParams {
  appId: string;
  timeStamp: string;
  nonceStr: string;
  package: string;
  signType: 'RSA';
  paySign: string;
}

export interface MallOrderResult {
  order: MallOrderView;
  /** Only while PENDING_PAYMENT. */
  pay: MallPayParams | null;
  pointsBalance: number;
  replayed?: boolean;
}

export interface MallOrderView {
  id: number;
  orderNo: string;
  status: MallOrderStatus;
  goods: { id: number; kind: MallGoodsKind; name: string; thumbUrl: string | null };
  quantity: number;
  pointsTotal: number;
  cashFen: number;
  pickupStore: { id: number; name: string; address: string | null } | null;
  /** READY physical/service orders: 6 digits shown under the QR; null otherwise. */
  pickupCode: string | null;
  /** The QR payload staff scan (same code, prefixed so the staff scanner knows it is a mall order). */
  pickupQr: string | null;
  /** Last day to pick up (Asia/Shanghai). */
  pickupUntil: BizDate | null;
  /** PENDING_PAYMENT: when the hold ends (WeChat's time_expire). */
  payUntil: IsoTime | null;
  /** COUPON goods: the coupon issued. */
  couponId: number | null;
  createdAt: IsoTime;
  doneAt: IsoTime | null;
  cancelledAt: IsoTime | null;
  /** Why cancelled/expired, in words (会员取消 / 未在有效期内自提 / 支付超时). */
  endReason: string | null;
  canCancel: boolean;
}

export type MallOrderTab = 'ALL' | 'PENDING' | 'READY' | 'DONE' | 'ENDED';

export interface MallOrderQuery extends PageQuery {
  tab?: MallOrderTab;
}

export interface MallPickupView {
  order: MallOrderView;
  member: { memberNo: string; nickname: string };
  /** Why this clerk cannot hand it over (another store's order, not ready, already picked up); null = can. */
  blockReason: 'OTHER_STORE' | 'NOT_READY' | 'ALREADY_PICKED_UP' | 'ENDED' | null;
  replayed?: boolean;
}

/** The cash part going back through WeChat Pay (a paid order that ended, or a payment after we closed it). */
export interface MallRefundView {
  outRefundNo: string;
  refundFen: number;
  /** PROCESSING until WeChat settles it; CLOSED / ABNORMAL are flagged for operators (支付异常). */
  status: 'PROCESSING' | 'SUCCESS' | 'CLOSED' | 'ABNORMAL';
  settledAt: IsoTime | null;
  /** 1 as first asked; 2, 3 … after each 重新退款 (out_refund_no …R2, …R3). */
  attempt: number;
  /** Why WeChat closed or refused it (its code), when it did. */
  failReason: string | null;
}

export interface MallOrderAdmin extends MallOrderView {
  memberNo: string;
  memberNickname: string;
  pickedUpByStaffId: number | null;
  outTradeNo: string | null;
  /** Points + cash, once paid: WeChat's shipping upload (PENDING / UPLOADED / FAILED). */
  shippingStatus: string | null;
  refund: MallRefundView | null;
}

export interface MallOrderAdminQuery extends PageQuery {
  status?: MallOrderStatus;
  kind?: MallGoodsKind;
  storeId?: number;
  goodsId?: number;
  memberNo?: string;
  from?: BizDate;
  to?: BizDate;
}

export interface MallDashboard {
  from: BizDate;
  to: BizDate;
  pointsSpent: number;
  cashFen: number;
  orders: number;
  /** Picked up / (picked up + expired) among physical and service orders that ended in the range. */
  pickupRatePct: number | null;
  topGoods: { goodsId: number; name: string; quantity: number; points: number }[];
  /** One row per Asia/Shanghai day. */
  daily: { date: BizDate; orders: number; points: number }[];
}
