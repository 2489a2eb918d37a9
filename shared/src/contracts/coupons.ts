import type { BizDate, IsoTime, PageQuery } from './common';

// Coupons: templates (operators), coupons issued to members (claims, gifts from the shop, batches),
// coupons as a tender of a sale at the counter, stand-alone voucher redemption and gifting between members.

/** 满减 (cash off above a minimum spend), 折扣 (percentage off with a cap), 兑换券 (names an item and its value). */
export type CouponKind = 'CASH_OFF' | 'PERCENT_OFF' | 'EXCHANGE';

export type CouponTemplateStatus = 'DRAFT' | 'ACTIVE' | 'PAUSED' | 'ENDED';

/** How a template reaches members: claimed in 领券中心, or issued by the shop on an occasion. */
export type CouponTrigger = 'CLAIM' | 'NEW_MEMBER' | 'BIRTHDAY' | 'TIER_UP' | 'MANUAL';

/** Fixed dates, or N days after issue starting M days later (whole Asia/Shanghai days). */
export type CouponValidity =
  { kind: 'FIXED'; from: IsoTime; until: IsoTime } | { kind: 'RELATIVE'; days: number; startsAfterDays: number };

/**
 * The terms a coupon is issued with: copied onto each coupon at issue, so editing the template later never
 * changes coupons already in members' hands.
 */
export interface CouponTerms {
  kind: CouponKind;
  name: string;
  /** CASH_OFF: fen off; EXCHANGE: the item's value (fen); PERCENT_OFF: 0. */
  faceValueFen: number;
  /** The bill must reach this (fen); 0 = no minimum. */
  minSpendFen: number;
  /** PERCENT_OFF: percent taken off (15 = 8.5 折). */
  percentOff: number | null;
  /** PERCENT_OFF: the most it takes off (fen); null = no cap. */
  maxDiscountFen: number | null;
  /** EXCHANGE: the item it buys. */
  itemName: string | null;
  /** Stores where it can be used; null = every store. */
  storeIds: number[] | null;
  /** Can be used together with other stackable coupons on one bill (by default one coupon per bill). */
  stackable: boolean;
  /** Members may give it to a friend. */
  giftable: boolean;
  /** 使用说明 shown to members and staff. */
  instructions: string;
}

export interface CouponTemplateInput {
  kind: CouponKind;
  name: string;
  faceValueFen: number;
  minSpendFen: number;
  percentOff?: number | null;
  maxDiscountFen?: number | null;
  itemName?: string | null;
  instructions?: string;
  /** null = unlimited. */
  totalStock: number | null;
  /** Coupons of this template one member may claim (claims only; the shop's own issues are not counted). */
  perMemberLimit: number;
  trigger: CouponTrigger;
  /** Claim window (CLAIM only); null ends = open-ended. */
  claimStartsAt?: IsoTime | null;
  claimEndsAt?: IsoTime | null;
  validity: CouponValidity;
  /** Tiers that may receive it; null = every tier. TIER_UP: the tiers whose reaching issues it. */
  tierIds: number[] | null;
  storeIds: number[] | null;
  stackable: boolean;
  giftable: boolean;
}

export interface CouponTemplate extends Required<CouponTemplateInput> {
  id: number;
  status: CouponTemplateStatus;
  /** Coupons issued so far (claims and the shop's issues). */
  issued: number;
  /** null when unlimited. */
  remaining: number | null;
  version: number;
  createdAt: IsoTime;
  updatedAt: IsoTime;
}

// PATCH /api/v1/admin/coupon-templates/{id}: any field; `version` guards against a concurrent edit.
export type UpdateCouponTemplateRequest = Partial<CouponTemplateInput> & { version: number };

// POST /api/v1/admin/coupon-templates/{id}/status
export interface SetCouponTemplateStatusRequest {
  status: CouponTemplateStatus;
}

export interface CouponTemplateQuery extends PageQuery {
  status?: CouponTemplateStatus;
  trigger?: CouponTrigger;
  q?: string;
}

/** USABLE includes coupons not yet valid (validFrom in the future); GIFTING = offered to a friend. */
export type CouponStatus = 'USABLE' | 'GIFTING' | 'USED' | 'EXPIRED' | 'VOID';

export type CouponSource =
  'CLAIM' | 'NEW_MEMBER' | 'BIRTHDAY' | 'TIER_UP' | 'BATCH' | 'GIFT' | 'TOPUP' | 'MALL' | 'EVENT';

// GET /api/v1/me/coupons?status=usable|used|expired, GET /api/v1/me/coupons/{id}
export type MemberCouponTab = 'usable' | 'used' | 'expired';
export interface MemberCouponQuery extends PageQuery {
  status?: MemberCouponTab;
}

export interface MemberCoupon {
  id: number;
  /** Shown as QR and digits for in-store use (staff scan it). */
  code: string;
  templateId: number;
  terms: CouponTerms;
  status: CouponStatus;
  validFrom: IsoTime;
  validUntil: IsoTime;
  source: CouponSource;
  issuedAt: IsoTime;
  usedAt: IsoTime | null;
  /** Store where it was used. */
  usedStoreName: string | null;
  /** Open gift link (status GIFTING). */
  gift: { token: string; expiresAt: IsoTime } | null;
}

// GET /api/v1/coupon-center (member): templates open for claiming, with the member's own standing.
export interface ClaimableCoupon {
  templateId: number;
  terms: CouponTerms;
  validity: CouponValidity;
  claimEndsAt: IsoTime | null;
  /** null when unlimited. */
  remaining: number | null;
  perMemberLimit: number;
  /** How many this member has claimed. */
  claimed: number;
  /** Why this member cannot claim now; null = can claim. */
  blocked: CouponClaimBlock | null;
}
export type CouponClaimBlock = 'SOLD_OUT' | 'LIMIT_REACHED' | 'NOT_ELIGIBLE' | 'NOT_STARTED' | 'ENDED';

// POST /api/v1/me/coupons/claims → 201 MemberCoupon (idempotent by requestId; replayed on retry)
export interface ClaimCouponRequest {
  templateId: number;
  requestId: string;
}
export type ClaimCouponResult = MemberCoupon & { replayed: boolean };

// Gifting. POST /api/v1/me/coupons/{id}/gift → 201 (the coupon becomes GIFTING until accepted, cancelled
// or the link expires); DELETE /api/v1/me/coupons/{id}/gift takes it back. A friend opens
// GET /api/v1/coupon-gifts/{token} and accepts with POST /api/v1/coupon-gifts/{token}/accept.
export interface CouponGiftLink {
  token: string;
  expiresAt: IsoTime;
}
export interface CouponGiftPreview {
  terms: CouponTerms;
  validFrom: IsoTime;
  validUntil: IsoTime;
  /** The giver's nickname, masked. */
  giverName: string;
  status: 'OPEN' | 'ACCEPTED' | 'CANCELLED' | 'EXPIRED';
  expiresAt: IsoTime;
  /** true when the viewer is the giver (they cannot accept their own gift). */
  mine: boolean;
}

// In a quote at the counter: every coupon the member holds, usable on this bill or not and why.
export type CouponUnusableReason = 'MIN_SPEND' | 'NOT_YET_VALID' | 'STORE' | 'EXPIRED';
export interface CouponOption {
  couponId: number;
  terms: CouponTerms;
  validUntil: IsoTime;
  /** What it takes off this bill (0 when it does not apply). */
  discountFen: number;
  usable: boolean;
  reason: CouponUnusableReason | null;
  /** zh-CN, e.g. "还差 ¥12.00 可用", "本店不可用". */
  reasonText: string | null;
}

// Stand-alone voucher redemption at the counter (exchange vouchers only).
// POST /api/v1/staff/coupons/lookup {code} → StaffCouponView; POST /api/v1/staff/coupon-redemptions.
export interface StaffCouponLookupRequest {
  code: string;
}
export interface StaffCouponView {
  couponId: number;
  code: string;
  terms: CouponTerms;
  status: CouponStatus;
  validFrom: IsoTime;
  validUntil: IsoTime;
  memberNo: string;
  nickname: string;
  /** Whether it can be redeemed on its own here and now; otherwise why not (zh-CN). */
  redeemable: boolean;
  reasonText: string | null;
}
export interface RedeemCouponRequest {
  code: string;
  requestId: string;
}
export interface CouponRedemption {
  id: number;
  couponId: number;
  code: string;
  terms: CouponTerms;
  storeId: number;
  storeName: string;
  staffName: string;
  memberNo: string;
  status: 'REDEEMED' | 'VOIDED';
  createdAt: IsoTime;
  voidedAt: IsoTime | null;
  voidReason: string | null;
  replayed?: boolean;
}

// Console records. GET /api/v1/admin/coupons (issue records), GET /api/v1/admin/coupon-uses (uses in
// sales and stand-alone redemptions); both take format=csv.
export interface AdminCouponQuery extends PageQuery {
  templateId?: number;
  status?: CouponStatus;
  source?: CouponSource;
  memberNo?: string;
}
export interface AdminCouponRow {
  id: number;
  code: string;
  templateId: number;
  name: string;
  member: { id: number; memberNo: string; nickname: string };
  status: CouponStatus;
  source: CouponSource;
  issuedAt: IsoTime;
  validUntil: IsoTime;
  usedAt: IsoTime | null;
}
export interface CouponUseQuery extends PageQuery {
  templateId?: number;
  storeId?: number;
  staffId?: number;
  from?: BizDate;
  to?: BizDate;
}
export interface CouponUseRow {
  couponId: number;
  code: string;
  templateId: number;
  name: string;
  kind: 'SALE' | 'REDEMPTION';
  /** The sale's receipt no., or the redemption id. */
  ref: string;
  redemptionId: number | null;
  storeId: number;
  storeName: string;
  staffId: number;
  staffName: string;
  memberNo: string;
  discountFen: number;
  /** Gross bill of the sale (0 for a stand-alone redemption). */
  billFen: number;
  usedAt: IsoTime;
  voided: boolean;
}
// POST /api/v1/admin/coupon-redemptions/{id}/void (within the void window; sale coupons only by refund)
export interface VoidCouponRedemptionRequest {
  reason: string;
}

// Batch issue. POST /api/v1/admin/coupon-batches → 201; GET /api/v1/admin/coupon-batches[/{id}].
export type CouponBatchTarget =
  { kind: 'MEMBERS'; memberNos: string[] } | { kind: 'TIER'; tierId: number } | { kind: 'ALL' };
export interface CreateCouponBatchRequest {
  templateId: number;
  target: CouponBatchTarget;
  note: string;
  requestId: string;
}
export type CouponBatchStatus = 'RUNNING' | 'DONE' | 'STOPPED';
export interface CouponBatch {
  id: number;
  templateId: number;
  templateName: string;
  target: CouponBatchTarget | { kind: 'MEMBERS'; count: number };
  note: string;
  status: CouponBatchStatus;
  /** Members to go through (known when the batch starts). */
  total: number;
  /** Members gone through so far. */
  processed: number;
  issued: number;
  /** Members skipped: already had this batch's coupon, not eligible, or the stock ran out. */
  skipped: number;
  /** Why it stopped early (e.g. 库存已发完). */
  stopReason: string | null;
  createdBy: string;
  createdAt: IsoTime;
  finishedAt: IsoTime | null;
}

// GET /api/v1/admin/coupon-templates/{id}/stats
export interface CouponTemplateStats {
  templateId: number;
  issued: number;
  used: number;
  expired: number;
  voided: number;
  /** used / issued in per-mille (0-1000), so no float crosses the wire. */
  conversionPermille: number;
  discountGivenFen: number;
  /** Gross bills of the sales that used it. */
  salesDrivenFen: number;
  bySource: { source: CouponSource; issued: number }[];
  /** Uses per business day over the last 30 days. */
  usesByDay: { day: BizDate; uses: number; discountFen: number }[];
  byStore: { storeId: number; storeName: string; uses: number; discountFen: number }[];
}
