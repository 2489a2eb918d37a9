import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The console's refresh token: `<session id>.<generation>.<MAC>`, the MAC an HMAC-SHA256 over the id, the
 * generation and the session's random nonce, keyed by a key derived from the JWT secret. Nothing secret is
 * stored: the database holds only the nonce and the current generation, so a leaked table mints no tokens.
 * Because every generation's MAC can be checked, a genuine but superseded token is told apart from a guess
 * (a guess is just refused; only a real copy of an old token ends the session, so nobody can end another's
 * session by sending made-up cookies). Rotating the JWT secret ends every console session (sign in again).
 */
export interface RefreshClaim {
  sessionId: number;
  generation: number;
  mac: string;
}

export const REFRESH_COOKIE = 'console_refresh';

export function newRefreshNonce(): string {
  return randomBytes(24).toString('base64url');
}

export function refreshKey(jwtSecret: string): Buffer {
  return createHmac('sha256', jwtSecret).update('operator-refresh-token/v1').digest();
}

function mac(key: Buffer, sessionId: number, generation: number, nonce: string): string {
  return createHmac('sha256', key).update(`${sessionId}.${generation}.${nonce}`).digest('base64url');
}

export function formatRefreshToken(key: Buffer, sessionId: number, generation: number, nonce: string): string {
  return `${sessionId}.${generation}.${mac(key, sessionId, generation, nonce)}`;
}

/** The parts of a well-formed token (not yet checked against its session), or null. */
export function parseRefreshToken(raw: string | undefined): RefreshClaim | null {
  const match = /^([1-9]\d{0,9})\.(0|[1-9]\d{0,9})\.([A-Za-z0-9_-]{43})$/.exec(raw ?? '');
  if (!match) return null;
  return { sessionId: Number(match[1]), generation: Number(match[2]), mac: match[3] };
}

export function refreshMacValid(key: Buffer, claim: RefreshClaim, nonce: string): boolean {
  const expected = Buffer.from(mac(key, claim.sessionId, claim.generation, nonce));
  const given = Buffer.from(claim.mac);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** One cookie's value from a Cookie header (the server has no cookie parser; only this route reads one). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** Only the console's auth routes ever see it; Secure whenever the console is served over https. */
export function refreshCookieOptions(publicUrl: string) {
  return {
    httpOnly: true,
    secure: publicUrl.startsWith('https:'),
    sameSite: 'strict' as const,
    path: '/api/v1/admin/auth',
  };
}

// The login limiter's device token (proof this browser signed in to a name before) is kept the same way:
// httpOnly, sent only to the login route, one cookie per name (named by a hash, so it does not show the name).
const DEVICE_COOKIE_PREFIX = 'console_device_';
export const DEVICE_COOKIE_MAX_AGE_MS = 180 * 86_400_000;

export function deviceCookieName(usernameNormalized: string): string {
  return (
    DEVICE_COOKIE_PREFIX + createHmac('sha256', 'console-device').update(usernameNormalized).digest('hex').slice(0, 16)
  );
}

export function deviceCookieOptions(publicUrl: string) {
  return { ...refreshCookieOptions(publicUrl), path: '/api/v1/admin/auth/login' };
}
