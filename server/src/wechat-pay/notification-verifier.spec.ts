import { createPublicKey } from 'node:crypto';
import { loadPayVectors } from '../../../test/fixtures/wechat-pay-fixtures';
import { Clock } from '../common/clock';
import { NotificationVerifier, PayNotificationRejected, refundOf, transactionOf } from './notification-verifier';

// Vectors built from WeChat Pay's documented wire format with throwaway keys, independently of our sandbox's
// signer (test/fixtures/wechatpay-v3-vectors.json): what WeChat would send, and what an attacker might.
interface Vector {
  name: string;
  headers: Record<string, string>;
  body: string;
  plaintext?: Record<string, unknown>;
}
const vectors = loadPayVectors<{
  clockAt: number;
  keys: { apiV3Key: string; platformPublicKeyId: string; platformPublicKeyPem: string };
  notifications: { accept: Vector[]; reject: Vector[] };
}>();

function verifierAt(seconds: number): NotificationVerifier {
  const clock = new Clock();
  clock.setNow(new Date(seconds * 1000));
  const keys = new Map([[vectors.keys.platformPublicKeyId, createPublicKey(vectors.keys.platformPublicKeyPem)]]);
  return NotificationVerifier.withKeys(keys, vectors.keys.apiV3Key, clock);
}

describe('NotificationVerifier (documented wire format)', () => {
  const verifier = verifierAt(vectors.clockAt);

  it.each(vectors.notifications.accept.map((v) => [v.name, v] as const))('accepts %s', (_name, v) => {
    const n = verifier.verify(lower(v.headers), Buffer.from(v.body));
    expect(n.resource).toEqual(v.plaintext);
  });

  it.each(vectors.notifications.reject.map((v) => [v.name, v] as const))('refuses %s', (_name, v) => {
    expect(() => verifier.verify(lower(v.headers), Buffer.from(v.body))).toThrow(PayNotificationRejected);
  });

  it('refuses a valid notification outside the ±300 s window, on either side', () => {
    const v = vectors.notifications.accept[0];
    expect(() => verifierAt(vectors.clockAt + 301).verify(lower(v.headers), Buffer.from(v.body))).toThrow(/off/);
    expect(() => verifierAt(vectors.clockAt - 301).verify(lower(v.headers), Buffer.from(v.body))).toThrow(/off/);
    expect(verifierAt(vectors.clockAt + 300).verify(lower(v.headers), Buffer.from(v.body)).eventType).toBe(
      'TRANSACTION.SUCCESS',
    );
  });

  it('refuses missing headers and an empty body', () => {
    const v = vectors.notifications.accept[0];
    const { 'wechatpay-signature': _dropped, ...rest } = lower(v.headers);
    expect(() => verifier.verify(rest, Buffer.from(v.body))).toThrow(/headers missing/);
    expect(() => verifier.verify(lower(v.headers), Buffer.alloc(0))).toThrow(/empty body/);
  });

  it('reads the decrypted resources into our shapes', () => {
    const [pay, refund] = vectors.notifications.accept;
    const t = transactionOf(verifier.verify(lower(pay.headers), Buffer.from(pay.body)).resource);
    expect(t).toMatchObject({ outTradeNo: expect.any(String), tradeState: 'SUCCESS', totalFen: expect.any(Number) });
    const r = refundOf(verifier.verify(lower(refund.headers), Buffer.from(refund.body)).resource);
    expect(r).toMatchObject({ outRefundNo: 'R20251130000001', status: 'SUCCESS', refundFen: 20000, totalFen: 50000 });
    expect(transactionOf({ out_trade_no: 'x' })).toBeNull();
  });
});

/** Node lower-cases incoming header names; the vectors spell them as WeChat documents. */
function lower(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}
