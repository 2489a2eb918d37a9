import type { ActorType, Gender, OperatorRole, StaffRole } from '../enums';
import type { BizDate, IsoTime, PageQuery } from './common';

// POST /api/v1/admin/auth/login. The username is compared in its normalised form (NFKC, trimmed, lower
// case). Failed logins are limited per name and per client address (429 RATE_LIMITED with Retry-After); a
// browser that signed in before sends its deviceToken and gets an allowance of its own, so an attacker
// guessing the name's password cannot lock its owner out.
export interface OperatorLoginRequest {
  username: string;
  password: string;
  deviceToken?: string;
}
export interface OperatorProfile {
  id: number;
  username: string;
  displayName: string;
  role: OperatorRole;
  storeId: number | null;
  /** Set after an admin reset the password: every route but me, password and logout answers 403 until changed. */
  mustChangePassword: boolean;
}
// Login, refresh and a password change also set the console's refresh token as an httpOnly cookie (Path
// /api/v1/admin/auth, SameSite=Strict); `token` is a short-lived access token the console keeps in memory.
export interface OperatorLoginResponse {
  token: string;
  /** Seconds until `token` expires: refresh before then. */
  expiresIn: number;
  operator: OperatorProfile;
  /**
   * Keep it for this username on this browser and send it with the next login. The console need not: the
   * server also sets it as an httpOnly cookie for the login route and reads it from there.
   */
  deviceToken: string;
}

// Operator passwords: the console's form and the server's DTOs check the same bounds.
export const OPERATOR_PASSWORD_MIN_LENGTH = 10;
export const OPERATOR_PASSWORD_MAX_LENGTH = 128;

// POST /api/v1/admin/me/password: ends every other session and answers a fresh token for this one.
export interface ChangePasswordRequest {
  currentPassword: string;
  newPassword: string;
}
export interface ChangePasswordResponse {
  token: string;
  expiresIn: number;
  operator: OperatorProfile;
}

// POST /api/v1/admin/auth/refresh with the refresh cookie and the header `X-Console: 1` (403 without it, so
// a cross-site form cannot call it): a fresh access token, and a new refresh cookie (each is used once; a
// used one presented again ends the session). 401 when the session has ended or expired.
export const CONSOLE_HEADER = 'X-Console';
export interface OperatorRefreshResponse {
  token: string;
  expiresIn: number;
  operator: OperatorProfile;
}
// POST /api/v1/admin/auth/logout (this session) and /auth/logout-all (every session): 204, refresh cookie cleared.

// GET/POST /api/v1/admin/operators (admin only)
export interface CreateOperatorRequest {
  username: string;
  password: string;
  displayName: string;
  role: OperatorRole;
  storeId?: number;
}
export interface OperatorListItem extends OperatorProfile {
  active: boolean;
  lastLoginAt: IsoTime | null;
  createdAt: IsoTime;
  /** While failed logins keep the name locked for new devices: when that ends. */
  lockedUntil: IsoTime | null;
}
// POST /api/v1/admin/operators/:id/disable | /enable → OperatorListItem; /unlock → 204 (admin only)
// POST /api/v1/admin/operators/:id/reset-password → shown to the admin once; the operator must change it.
export interface ResetOperatorPasswordResponse {
  temporaryPassword: string;
}

// GET /api/v1/admin/members?q=&page=&pageSize=   q: member no., phone (exact) or nickname (contains)
export interface MemberListQuery extends PageQuery {
  q?: string;
}
export interface AdminMemberListItem {
  id: number;
  memberNo: string;
  nickname: string;
  phoneMasked: string | null;
  gender: Gender;
  birthday: BizDate | null;
  joinedAt: IsoTime;
  isStaff: boolean;
}
// GET /api/v1/admin/members/:id
export interface AdminMemberDetail extends AdminMemberListItem {
  openidMasked: string;
  hasUnionid: boolean;
  privacyVersion: string | null;
  privacyAcceptedAt: IsoTime | null;
  birthdayLocked: boolean;
  staff: { staffId: number; storeId: number; storeName: string; role: StaffRole; active: boolean } | null;
}
// PATCH /api/v1/admin/members/:id  (operator correction, audited with reason)
export interface AdminUpdateMemberRequest {
  birthday?: BizDate;
  nickname?: string;
  reason: string;
}

// GET/POST /api/v1/admin/stores, PATCH /api/v1/admin/stores/:id
export interface Store {
  id: number;
  code: string;
  name: string;
  address: string;
  phone: string;
  active: boolean;
  createdAt: IsoTime;
  staffCount: number;
}
export interface CreateStoreRequest {
  name: string;
  code: string;
  address?: string;
  phone?: string;
}
export interface UpdateStoreRequest {
  name?: string;
  address?: string;
  phone?: string;
  active?: boolean;
}

// POST /api/v1/admin/staff-invites, GET /api/v1/admin/staff-invites?storeId=
export interface CreateStaffInviteRequest {
  storeId: number;
  role: StaffRole;
  /** Default 72 hours, at most 30 days. */
  expiresInHours?: number;
}
export interface StaffInvite {
  id: number;
  inviteCode: string;
  storeId: number;
  storeName: string;
  role: StaffRole;
  expiresAt: IsoTime;
  redeemedAt: IsoTime | null;
  redeemedByMemberNo: string | null;
  createdAt: IsoTime;
  status: 'pending' | 'redeemed' | 'expired';
}

// GET /api/v1/admin/staff?storeId=, PATCH /api/v1/admin/staff/:id {active, role}
export interface StaffMember {
  id: number;
  memberId: number;
  memberNo: string;
  nickname: string;
  storeId: number;
  storeName: string;
  role: StaffRole;
  active: boolean;
  createdAt: IsoTime;
}
export interface UpdateStaffRequest {
  role?: StaffRole;
  active?: boolean;
}

// GET /api/v1/admin/audit-logs?action=&actorType=&targetType=&targetId=&storeId=&page=
export interface AuditLogQuery extends PageQuery {
  action?: string;
  actorType?: ActorType;
  targetType?: string;
  targetId?: string;
  storeId?: number;
}
export interface AuditLogEntry {
  id: number;
  actorType: ActorType;
  actorId: number | null;
  actorName: string;
  actorRole: string | null;
  storeId: number | null;
  storeName: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  before: unknown;
  after: unknown;
  reason: string | null;
  createdAt: IsoTime;
}

// GET /api/health
export interface HealthResponse {
  status: 'ok' | 'degraded';
  db: { status: 'up' | 'down'; driver: 'mysql' | 'better-sqlite3'; latencyMs: number };
  wechatMode: 'sandbox' | 'live';
  time: IsoTime;
  version: string;
}
