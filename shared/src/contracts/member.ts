import type { Gender, StaffRole } from '../enums';
import type { BizDate, IsoTime } from './common';
import type { TierBrief } from './points';
import type { PendingWalletCharge } from './wallet-confirmations';

// POST /api/v1/auth/wechat/login
export interface WechatLoginRequest {
  code: string;
}
export interface WechatLoginResponse {
  token: string;
  member: MemberProfile;
  /** true when this login created the member. */
  created: boolean;
}

export interface StaffBinding {
  staffId: number;
  storeId: number;
  storeName: string;
  role: StaffRole;
}

// GET /api/v1/me, PATCH /api/v1/me, POST /api/v1/me/phone, POST /api/v1/me/privacy-consent
export interface MemberProfile {
  id: number;
  memberNo: string;
  nickname: string;
  gender: Gender;
  birthday: BizDate | null;
  /** Members may set their birthday once; afterwards only an operator can change it. */
  birthdayLocked: boolean;
  phoneMasked: string | null;
  privacyVersion: string | null;
  privacyAcceptedAt: IsoTime | null;
  /** The policy version the member must accept (when privacyVersion differs). */
  currentPrivacyVersion: string;
  joinedAt: IsoTime;
  staff: StaffBinding | null;
}

export interface BindPhoneRequest {
  code: string;
}

export interface UpdateProfileRequest {
  nickname?: string;
  gender?: Gender;
  birthday?: BizDate;
}

export interface PrivacyConsentRequest {
  version: string;
}

// GET /api/v1/me/card
export interface MemberCard {
  memberNo: string;
  nickname: string;
  /** 18 digits, single use, valid until expiresAt; render as QR and as grouped digits. */
  code: string;
  expiresAt: IsoTime;
  ttlSeconds: number;
  /** Server time when issued, so clients can correct for a skewed phone clock. */
  issuedAt: IsoTime;
}

// GET /api/v1/me/card/activity?since=<IsoTime> — polled while the 会员码 page is on screen: what stores did
// with this member's codes after `since` (pass the previous answer's `now`; start with the card's issuedAt).
export interface CardActivityQuery {
  since: IsoTime;
  /** The checkout the page saw scanned and waits on: its sale is reported even if stamped before `since`. */
  checkoutId?: number;
}
export interface CardActivity {
  /** Server time of this answer: the next poll's `since`. */
  now: IsoTime;
  /** The latest checkout a store opened by scanning this member's code after `since`. */
  scanned: { checkoutId: number; storeName: string; at: IsoTime } | null;
  /** The latest sale completed after `since`. */
  sale: CardSale | null;
  /** A store's stored-value charge waiting for the member's confirmation on this phone (the latest). */
  walletConfirmation: PendingWalletCharge | null;
}
export interface CardSale {
  checkoutId: number;
  receiptNo: string;
  storeName: string;
  amountFen: number;
  /** What the sale's coupons took off (0 without coupons). */
  couponDiscountFen: number;
  deductionFen: number;
  /** Paid from the member's stored value (0 without). */
  walletFen: number;
  /** Stored value left right after the sale; null when none was used. */
  walletBalanceFen: number | null;
  payableFen: number;
  pointsUsed: number;
  pointsEarned: number;
  /** Points balance right after the sale. */
  balance: number;
  tier: TierBrief;
  /** Set when the sale moved the member up a tier. */
  promotedTo: TierBrief | null;
  at: IsoTime;
}
