import type { StaffRole } from '../enums';
import type { IsoTime } from './common';
import type { StaffBinding } from './member';

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
