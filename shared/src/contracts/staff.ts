import type { StaffRole } from '../enums';
import type { IsoTime } from './common';
import type { StaffBinding } from './member';
import type { TierBrief } from './points';

// POST /api/v1/staff/invites/redeem (member token) and POST /api/v1/staff/session (member token)
export interface RedeemInviteRequest {
  inviteCode: string;
}
export interface StaffSessionResponse {
  /** Staff token: carries staff id, store and role. Use it for /api/v1/staff/* calls. */
  token: string;
  staff: StaffBinding;
}

// POST /api/v1/staff/member-lookup (staff token)
export interface MemberLookupRequest {
  code: string;
}
export interface MemberSummary {
  id: number;
  memberNo: string;
  nickname: string;
  phoneMasked: string | null;
  joinedAt: IsoTime;
  /** When the scanned code stops being valid for a follow-up action. */
  codeExpiresAt: IsoTime;
}

export interface StaffIdentity {
  staffId: number;
  memberId: number;
  storeId: number;
  role: StaffRole;
}

// POST /api/v1/staff/checkouts (staff token) → 201 StaffCheckout. Scanning opens a checkout: the member
// code is consumed, and quote and purchase then name the checkout, valid CHECKOUT_TTL_SECONDS for this
// clerk at this store (others get 404 CHECKOUT_NOT_FOUND / 403 CHECKOUT_OTHER_STAFF). Its sale closes it.
// GET /api/v1/staff/checkouts/{id} (same clerk) → the same view again, e.g. after a page reload.
export interface OpenCheckoutRequest {
  memberCode: string;
}

/** open until its sale closes it; expired once expiresAt passes without one (derived, not stored). */
export type CheckoutStatus = 'open' | 'closed' | 'expired';

export interface StaffCheckout {
  checkoutId: number;
  status: CheckoutStatus;
  openedAt: IsoTime;
  expiresAt: IsoTime;
  /** Server time of this answer, so a countdown can correct for the device clock. */
  serverTime: IsoTime;
  member: CheckoutMember;
}

export interface CheckoutMember {
  memberNo: string;
  nickname: string;
  phoneMasked: string | null;
  tier: TierBrief;
  /** Live points (lots past their expiry do not count). */
  balance: number;
  /** Live points that expire within `withinDays` days; soonestAt is null when none do. */
  expiring: { points: number; soonestAt: IsoTime | null; withinDays: number };
}
