import type { Gender, StaffRole } from '../enums';
import type { BizDate, IsoTime } from './common';

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
