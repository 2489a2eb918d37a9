import type { KeyObject } from 'node:crypto';
import type { IPayRequest, Output } from 'wechatpay-node-v3/dist/define';
import type { Clock } from '../common/clock';
import { signatureProblem } from './wechatpay-signature';
import { WechatPayError } from './wechat-pay.gateway';

// The HTTP client handed to wechatpay-node-v3 through pay.createHttp(). The library signs every request for
// the official origin (the canonical URL is the path, so the signature does not depend on the host), and
// this client sends it to wechatPay.apiBaseUrl instead — the real API or our sandbox. It also does what the
// library does not: timeouts, verifying WeChat Pay's signature on every 2xx answer, and keeping bill
// downloads as bytes (the library's own client turns an octet-stream body into `{}`).

/** The origin wechatpay-node-v3 hardcodes into every URL it builds and signs. */
export const WECHATPAY_ORIGIN = 'https://api.mch.weixin.qq.com';

/** Bill files: WeChat does not sign them (their SHA1 comes in the signed tradebill answer instead). */
const DOWNLOAD_PATH = '/v3/billdownload/';

export interface PayHttpOptions {
  /** Read on every request: in sandbox mode the base URL is bound only once the server listens. */
  settings: () => { apiBaseUrl: string; timeoutMs: number };
  /** WeChat Pay's verification keys by Wechatpay-Serial (see loadPlatformKeys). */
  keys: Map<string, KeyObject>;
  clock: Clock;
}

/** The library's URL with the official origin replaced by `apiBaseUrl` (which may carry a path prefix). */
export function redirectUrl(url: string, apiBaseUrl: string): string {
  if (url !== WECHATPAY_ORIGIN && !url.startsWith(`${WECHATPAY_ORIGIN}/`)) {
    // Only the library builds URLs; anything else (upload_images' relative URL) is a programming error.
    throw new Error(`wechat-pay: refusing to send to ${url.slice(0, 80)}, not a WeChat Pay API URL`);
  }
  return apiBaseUrl.replace(/\/+$/, '') + url.slice(WECHATPAY_ORIGIN.length);
}

export class PayHttp implements IPayRequest {
  constructor(private readonly options: PayHttpOptions) {}

  post(url: string, params: Record<string, unknown>, headers: Record<string, string>): Promise<Output> {
    // Exactly the text the library signed (it signs JSON.stringify(params)).
    return this.send('POST', url, headers, JSON.stringify(params));
  }

  get(url: string, headers: Record<string, string>): Promise<Output> {
    return this.send('GET', url, headers);
  }

  upload(): Promise<Output> {
    // Media upload (merchant images) is no part of this product; the library's own upload is broken anyway.
    return Promise.reject(new Error('wechat-pay: media upload is not supported'));
  }

  /**
   * Non-2xx: `{status, error: <raw text>}` like the library's own client, so its callers keep working.
   * Unreachable/timeout: throws WechatPayError NETWORK. 2xx without a valid signature: throws SIGN_ERROR.
   */
  private async send(method: 'GET' | 'POST', url: string, headers: Record<string, string>, body?: string) {
    const { apiBaseUrl, timeoutMs } = this.options.settings();
    const target = redirectUrl(url, apiBaseUrl);
    let response: Response;
    let bytes: Buffer;
    try {
      response = await fetch(target, {
        method,
        headers,
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      bytes = Buffer.from(await response.arrayBuffer());
    } catch (err) {
      // Checked by name: AbortSignal's DOMException may come from another realm than our Error.
      const timedOut = (err as { name?: unknown } | null)?.name === 'TimeoutError';
      throw new WechatPayError('NETWORK', timedOut ? `timed out after ${timeoutMs} ms` : describe(err), null);
    }
    const { status } = response;
    if (status < 200 || status >= 300) return { status, error: bytes.toString('utf8') };
    if (new URL(target).pathname.includes(DOWNLOAD_PATH)) return { status, data: bytes };

    // An unsigned or badly signed 2xx answer is forged (WeChat Pay signs every answer but bill downloads).
    const problem = signatureProblem(
      (name) => response.headers.get(name),
      bytes,
      this.options.keys,
      Math.floor(this.options.clock.nowMs() / 1000),
    );
    if (problem) throw new WechatPayError('SIGN_ERROR', `answer: ${problem}`, status);
    if (bytes.length === 0) return { status, data: {} };
    try {
      return { status, data: JSON.parse(bytes.toString('utf8')) as unknown };
    } catch {
      throw new WechatPayError('BAD_RESPONSE', 'answer is not JSON', status);
    }
  }
}

function describe(err: unknown): string {
  const { message, cause } = (err ?? {}) as { message?: unknown; cause?: { code?: unknown } };
  const text = typeof message === 'string' ? message : String(err);
  return typeof cause?.code === 'string' ? `network error: ${text} (${cause.code})` : `network error: ${text}`;
}
