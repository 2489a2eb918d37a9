import type {
  BindPhoneRequest,
  MemberCard,
  MemberLookupRequest,
  MemberProfile,
  MemberSummary,
  PrivacyConsentRequest,
  RedeemInviteRequest,
  StaffSessionResponse,
  UpdateProfileRequest,
  WechatLoginRequest,
  WechatLoginResponse,
} from '@member/shared';
import { request } from './request';

// One function per endpoint of the shared contracts; the auth mode says which token is sent.

export const authApi = {
  wechatLogin: (body: WechatLoginRequest) =>
    request<WechatLoginResponse>('/api/v1/auth/wechat/login', { method: 'POST', data: body, auth: 'none' }),
};

export const meApi = {
  get: () => request<MemberProfile>('/api/v1/me'),
  update: (body: UpdateProfileRequest) => request<MemberProfile>('/api/v1/me', { method: 'PATCH', data: body }),
  bindPhone: (body: BindPhoneRequest) => request<MemberProfile>('/api/v1/me/phone', { method: 'POST', data: body }),
  acceptPrivacy: (body: PrivacyConsentRequest) =>
    request<MemberProfile>('/api/v1/me/privacy-consent', { method: 'POST', data: body }),
  card: () => request<MemberCard>('/api/v1/me/card'),
};

export const staffApi = {
  // These two are called with the member token: they are how a member obtains a staff token.
  redeemInvite: (body: RedeemInviteRequest) =>
    request<StaffSessionResponse>('/api/v1/staff/invites/redeem', { method: 'POST', data: body, auth: 'member' }),
  session: () => request<StaffSessionResponse>('/api/v1/staff/session', { method: 'POST', auth: 'member' }),
  lookupMember: (body: MemberLookupRequest) =>
    request<MemberSummary>('/api/v1/staff/member-lookup', { method: 'POST', data: body, auth: 'staff' }),
};
