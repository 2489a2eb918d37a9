import { randomBytes } from 'node:crypto';

// errmsg texts as api.weixin.qq.com sends them (before the " rid: …" suffix).
export const WX_ERRMSG: Record<number, string> = {
  [-1]: 'system error',
  40001: 'invalid credential, access_token is invalid or not latest',
  40002: 'invalid grant_type',
  40003: 'invalid openid',
  40013: 'invalid appid',
  40029: 'invalid code',
  40037: 'invalid template_id',
  40125: 'invalid appsecret',
  40163: 'code been used',
  40226: 'high risk user, the user is blocked',
  41001: 'access_token missing',
  41002: 'appid missing',
  41004: 'appsecret missing',
  41008: 'missing code',
  41030: 'invalid page',
  42001: 'access_token expired',
  43101: 'user refuse to accept the msg',
  45009: 'reach max api daily quota limit',
  45011: 'api minute-quota reach limit, must slower, retry next minute',
  47001: 'data format error',
  47003: 'argument invalid!',
};

/** A failure answered the WeChat way: HTTP 200 with {errcode, errmsg: '… rid: …'}. */
export class SandboxWxError extends Error {
  constructor(
    readonly errcode: number,
    readonly errmsg: string = WX_ERRMSG[errcode] ?? 'unknown error',
  ) {
    super(`${errcode} ${errmsg}`);
  }

  toBody(): { errcode: number; errmsg: string } {
    return { errcode: this.errcode, errmsg: `${this.errmsg} rid: ${requestId()}` };
  }
}

/** Makes the wire endpoint answer like a broken proxy (HTML, HTTP 502) instead of JSON. */
export class SandboxBrokenAnswer extends Error {}

// WeChat's request ids look like "6650a1b2-3c4d5e6f-0a1b2c3d".
function requestId(): string {
  return [4, 4, 4].map((n) => randomBytes(n).toString('hex')).join('-');
}

/** A single string parameter from a query or JSON body; anything else counts as missing. */
export function wxParam(source: unknown, key: string): string | undefined {
  if (typeof source !== 'object' || source === null) return undefined;
  const value = (source as Record<string, unknown>)[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
