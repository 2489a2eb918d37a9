import type { MemberProfile, RedeemInviteRequest, StaffSessionResponse, WechatLoginResponse } from '@member/shared';
import { platform } from '../platform';
import { authApi, staffApi } from './api';
import { setReauthHandler } from './request';
import { setToken } from './tokens';

/** wx.login (or the sandbox) → our member JWT, stored for later calls. */
export async function loginWithWechat(): Promise<WechatLoginResponse> {
  const code = await platform.login();
  const res = await authApi.wechatLogin({ code });
  setToken('member', res.token);
  // A staff token belongs to the previous member session; never mix identities.
  setToken('staff', null);
  return res;
}

/** Exchanges the member token for a staff token (member must already be bound to a store). */
export async function openStaffSession(): Promise<StaffSessionResponse> {
  const res = await staffApi.session();
  setToken('staff', res.token);
  return res;
}

export async function redeemStaffInvite(body: RedeemInviteRequest): Promise<StaffSessionResponse> {
  const res = await staffApi.redeemInvite(body);
  setToken('staff', res.token);
  return res;
}

/** Lets the request layer recover from expired tokens; `onMember` keeps the store in sync. */
export function installReauth(onMember: (member: MemberProfile) => void): void {
  setReauthHandler('member', async () => {
    const res = await loginWithWechat();
    onMember(res.member);
  });
  setReauthHandler('staff', async () => {
    await openStaffSession();
  });
}
