import { createPrivateKey, createSign, randomBytes, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Clock } from '../../common/clock';
import { AppConfig } from '../../config/app-config';
import type { AppConfigShape } from '../../config/config.schema';
import { loadConfig } from '../../config/load-config';

// For unit specs: a test config whose sandbox key set is on disk, and WeChat Pay answers signed (or not)
// with its platform key, served through a stubbed global fetch. The API test talks to the real sandbox.

export const TEST_PAY_BASE = 'http://pay.test/sandbox/pay/api';

export interface PayTestKit {
  config: AppConfig;
  clock: Clock;
  platformKey: KeyObject;
  platformKeyId: string;
}

export function payTestKit(patch?: (values: AppConfigShape) => void): PayTestKit {
  const dataDir = mkdtempSync(join(tmpdir(), 'member-pay-'));
  const config = new AppConfig(loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir })).with((v) => {
    v.wechatPay.apiBaseUrl = TEST_PAY_BASE;
    patch?.(v);
  });
  const keyDir = join(dataDir, 'sandbox-keys');
  return {
    config,
    clock: new Clock(),
    platformKey: createPrivateKey(readFileSync(join(keyDir, 'platform-key.pem'))),
    platformKeyId: readFileSync(join(keyDir, 'platform-key-id.txt'), 'utf8').trim(),
  };
}

export interface SignOptions {
  key?: KeyObject;
  serial?: string;
  timestamp?: number;
  /** Stamp the answer this many seconds before our clock. */
  agedSeconds?: number;
  signature?: string;
  unsigned?: boolean;
}

/** A WeChat Pay answer with Wechatpay-* headers over `ts\nnonce\nbody\n` (WeChat's response signing). */
export function signedAnswer(kit: PayTestKit, status: number, body: string | null, opts: SignOptions = {}): Response {
  const headers = new Headers({ 'content-type': 'application/json', 'request-id': randomBytes(8).toString('hex') });
  if (!opts.unsigned) {
    const timestamp = String(opts.timestamp ?? Math.floor(kit.clock.nowMs() / 1000) - (opts.agedSeconds ?? 0));
    const nonce = randomBytes(16).toString('hex').toUpperCase();
    const signature =
      opts.signature ??
      createSign('RSA-SHA256')
        .update(`${timestamp}\n${nonce}\n${body ?? ''}\n`)
        .sign(opts.key ?? kit.platformKey, 'base64');
    headers.set('Wechatpay-Timestamp', timestamp);
    headers.set('Wechatpay-Nonce', nonce);
    headers.set('Wechatpay-Serial', opts.serial ?? kit.platformKeyId);
    headers.set('Wechatpay-Signature', signature);
  }
  return new Response(status === 204 ? null : body, { status, headers });
}

/** An error answer as WeChat sends it (errors are not signature-checked, as WeChat's SDKs do). */
export function errorAnswer(status: number, code: string, message: string): Response {
  return new Response(JSON.stringify({ code, message }), { status, headers: { 'content-type': 'application/json' } });
}

export interface SentRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
}

/** Replaces global fetch with `answer` for each call; returns the requests as they were sent. */
export function stubFetch(answer: (request: SentRequest) => Response | Promise<Response>): SentRequest[] {
  const sent: SentRequest[] = [];
  jest.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const request: SentRequest = {
      url: String(input),
      method: init?.method ?? 'GET',
      headers: Object.fromEntries(Object.entries((init?.headers ?? {}) as Record<string, string>)),
      body: typeof init?.body === 'string' ? init.body : undefined,
    };
    sent.push(request);
    return answer(request);
  });
  return sent;
}
