// Typed wrappers for every /api/v1/admin endpoint the console uses.
import type {
  AdminMemberDetail,
  AdminMemberListItem,
  AdminUpdateMemberRequest,
  AuditLogEntry,
  AuditLogQuery,
  ChangePasswordRequest,
  ChangePasswordResponse,
  CreateOperatorRequest,
  CreateStaffInviteRequest,
  CreateStoreRequest,
  CreateTierRequest,
  MemberListQuery,
  MemberPoints,
  MemberTierView,
  OperatorLoginRequest,
  OperatorListItem,
  OperatorLoginResponse,
  OperatorProfile,
  Page,
  PointsRulesChange,
  PointsRulesVersion,
  PublishPointsRulesRequest,
  ResetOperatorPasswordResponse,
  StaffInvite,
  StaffMember,
  Store,
  Tier,
  TierChange,
  UpdateStaffRequest,
  UpdateStoreRequest,
  UpdateTierRequest,
} from '@member/shared';
import { apiRequest } from './client';

export const authApi = {
  login: (body: OperatorLoginRequest) =>
    apiRequest<OperatorLoginResponse>('/admin/auth/login', {
      method: 'POST',
      body,
      skipAuthRedirect: true,
    }),
  me: () => apiRequest<OperatorProfile>('/admin/me'),
  /** Ends this browser's session on the server (other browsers stay signed in). */
  logout: () => apiRequest<void>('/admin/auth/logout', { method: 'POST', skipAuthRedirect: true }),
  /** Ends every session of the signed-in operator, this one included. */
  logoutEverywhere: () => apiRequest<void>('/admin/auth/logout-all', { method: 'POST', skipAuthRedirect: true }),
  changePassword: (body: ChangePasswordRequest) =>
    apiRequest<ChangePasswordResponse>('/admin/me/password', { method: 'POST', body }),
};

export const membersApi = {
  list: (query: MemberListQuery) => apiRequest<Page<AdminMemberListItem>>('/admin/members', { query: { ...query } }),
  get: (id: number) => apiRequest<AdminMemberDetail>(`/admin/members/${id}`),
  update: (id: number, body: AdminUpdateMemberRequest) =>
    apiRequest<AdminMemberDetail>(`/admin/members/${id}`, { method: 'PATCH', body }),
  /** Balance, soon-expiring lots and one page of the points ledger. */
  points: (id: number, query: { page?: number; pageSize?: number }) =>
    apiRequest<MemberPoints>(`/admin/members/${id}/points`, { query: { ...query } }),
  tier: (id: number) => apiRequest<MemberTierView>(`/admin/members/${id}/tier`),
};

export const storesApi = {
  list: () => apiRequest<Store[]>('/admin/stores'),
  create: (body: CreateStoreRequest) => apiRequest<Store>('/admin/stores', { method: 'POST', body }),
  update: (id: number, body: UpdateStoreRequest) => apiRequest<Store>(`/admin/stores/${id}`, { method: 'PATCH', body }),
};

export const loyaltyApi = {
  currentRules: () => apiRequest<PointsRulesVersion>('/admin/points-rules'),
  ruleVersions: () => apiRequest<PointsRulesVersion[]>('/admin/points-rules/versions'),
  /** Applied at once, or 'pending' a second operator when a value is beyond a hard bound. */
  publishRules: (body: PublishPointsRulesRequest) =>
    apiRequest<PointsRulesChange>('/admin/points-rules', { method: 'POST', body }),
  tiers: () => apiRequest<Tier[]>('/admin/tiers'),
  createTier: (body: CreateTierRequest) => apiRequest<TierChange>('/admin/tiers', { method: 'POST', body }),
  updateTier: (id: number, body: UpdateTierRequest) =>
    apiRequest<TierChange>(`/admin/tiers/${id}`, { method: 'PATCH', body }),
};

export const staffApi = {
  list: (storeId?: number) => apiRequest<StaffMember[]>('/admin/staff', { query: { storeId } }),
  update: (id: number, body: UpdateStaffRequest) =>
    apiRequest<StaffMember>(`/admin/staff/${id}`, { method: 'PATCH', body }),
  listInvites: (storeId?: number) => apiRequest<StaffInvite[]>('/admin/staff-invites', { query: { storeId } }),
  createInvite: (body: CreateStaffInviteRequest) =>
    apiRequest<StaffInvite>('/admin/staff-invites', { method: 'POST', body }),
};

export const auditApi = {
  list: (query: AuditLogQuery) => apiRequest<Page<AuditLogEntry>>('/admin/audit-logs', { query: { ...query } }),
};

export const operatorsApi = {
  list: () => apiRequest<OperatorListItem[]>('/admin/operators'),
  create: (body: CreateOperatorRequest) => apiRequest<OperatorProfile>('/admin/operators', { method: 'POST', body }),
  disable: (id: number) => apiRequest<OperatorListItem>(`/admin/operators/${id}/disable`, { method: 'POST' }),
  enable: (id: number) => apiRequest<OperatorListItem>(`/admin/operators/${id}/enable`, { method: 'POST' }),
  resetPassword: (id: number) =>
    apiRequest<ResetOperatorPasswordResponse>(`/admin/operators/${id}/reset-password`, { method: 'POST' }),
  unlock: (id: number) => apiRequest<void>(`/admin/operators/${id}/unlock`, { method: 'POST' }),
};
