import type { StaffRole } from '../enums';
import type { IsoTime } from './common';
import type { StaffBinding } from './member';
import type { TierBrief } from './points';

// POST /api/v1/staff/invites/redeem (member token) and POST /api/v1/staff/session (member token)
export interface RedeemInviteRequest {
  inviteCode: string;
  /** A manager's approval PIN (6 digits), set with the redemption; it can be set later too. */
  pin?: string;
}
export interface StaffSessionResponse {
  /** Staff token: carries staff id, store and role. Use it for /api/v1/staff/* calls. */
  token: string;
  staff: StaffBinding & { pinSet: boolean };
}

// POST /api/v1/staff/invites/preview (member token): what redeeming the invite would grant, before the
// member confirms. Unknown, used and expired codes answer as the redemption would.
export interface InvitePreview {
  storeName: string;
  role: StaffRole;
  roleLabel: string;
  expiresAt: IsoTime;
}

// PUT /api/v1/staff/pin (staff token, managers): sets or changes the approval PIN (currentPin when one is set).
export interface SetStaffPinRequest {
  pin: string;
  currentPin?: string;
}

// GET /api/v1/staff/approvers (staff token): managers of the clerk's store who can approve (PIN set).
export interface SaleApprover {
  staffId: number;
  name: string;
}

// POST /api/v1/staff/approvals (staff token) → 201: a manager of the same store approves a bill over the
// clerk's limits on the clerk's device with their PIN. One-time, bound to the checkout and the amount.
export interface SaleApprovalRequest {
  checkoutId: number;
  amountFen: number;
  approverStaffId: number;
  pin: string;
}
export interface SaleApproval {
  approvalId: number;
  approverName: string;
  expiresAt: IsoTime;
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
