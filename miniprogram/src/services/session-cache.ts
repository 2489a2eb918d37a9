import Taro from '@tarojs/taro';
import type { MemberProfile } from '@member/shared';
import { getToken } from './tokens';

// The member's last profile, kept beside their token so a later launch shows the card at once and checks
// the session in the background, instead of waiting for wx.login and a new token first (two round trips
// on every launch, and WeChat limits how often code2Session may be called).
const PROFILE_KEY = 'mp.memberProfile';
const OWNER_KEY = 'mp.memberOwner';

/** The stored profile when a member token of this owner is stored too; null otherwise. */
export function resumableMember(owner: string): MemberProfile | null {
  try {
    if (!getToken('member') || Taro.getStorageSync(OWNER_KEY) !== owner) return null;
    const raw: unknown = Taro.getStorageSync(PROFILE_KEY);
    return typeof raw === 'string' && raw ? (JSON.parse(raw) as MemberProfile) : null;
  } catch {
    return null;
  }
}

/** Remembers whose session this is and their profile (after a login, and whenever the profile changes). */
export function rememberMember(owner: string, member: MemberProfile): void {
  try {
    Taro.setStorageSync(OWNER_KEY, owner);
    Taro.setStorageSync(PROFILE_KEY, JSON.stringify(member));
  } catch {
    // storage full or unavailable: the next launch simply logs in again
  }
}
