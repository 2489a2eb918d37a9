import Taro from '@tarojs/taro';

// Member and staff tokens are stored apart: staff endpoints need the staff token,
// everything else (including getting a staff token) uses the member token.
export type TokenKind = 'member' | 'staff';

const KEYS: Record<TokenKind, string> = {
  member: 'mp.memberToken',
  staff: 'mp.staffToken',
};

export function getToken(kind: TokenKind): string | null {
  try {
    const value: unknown = Taro.getStorageSync(KEYS[kind]);
    return typeof value === 'string' && value ? value : null;
  } catch {
    return null;
  }
}

export function setToken(kind: TokenKind, token: string | null): void {
  if (token) Taro.setStorageSync(KEYS[kind], token);
  else Taro.removeStorageSync(KEYS[kind]);
}
