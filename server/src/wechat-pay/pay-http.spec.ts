import { generateKeyPairSync } from 'node:crypto';
import { loadPlatformKeys } from './notification-verifier';
import { PayHttp, redirectUrl, WECHATPAY_ORIGIN } from './pay-http';
import {
  errorAnswer,
  payTestKit,
  signedAnswer,
  stubFetch,
  TEST_PAY_BASE,
  type PayTestKit,
} from './testing/fake-pay-answers';
import { WechatPayError } from './wechat-pay.gateway';

async function failure(promise: Promise<unknown>): Promise<WechatPayError> {
  const error = await promise.catch((err: unknown) => err);
  expect(error).toBeInstanceOf(WechatPayError);
  return error as WechatPayError;
}

describe('redirectUrl', () => {
  it('swaps the official origin for the configured base, keeping path and query', () => {
    expect(redirectUrl(`${WECHATPAY_ORIGIN}/v3/pay/transactions/out-trade-no/T1?mchid=1900000109`, TEST_PAY_BASE)).toBe(
      `${TEST_PAY_BASE}/v3/pay/transactions/out-trade-no/T1?mchid=1900000109`,
    );
    expect(redirectUrl(`${WECHATPAY_ORIGIN}/v3/bill/tradebill?bill_date=2025-11-30`, 'http://127.0.0.1:5/x/')).toBe(
      'http://127.0.0.1:5/x/v3/bill/tradebill?bill_date=2025-11-30',
    );
    expect(redirectUrl(`${WECHATPAY_ORIGIN}/v3/certificates`, WECHATPAY_ORIGIN)).toBe(
      `${WECHATPAY_ORIGIN}/v3/certificates`,
    );
  });

  it('refuses URLs that are not on the official origin (a look-alike host, a relative path)', () => {
    expect(() => redirectUrl('https://api.mch.weixin.qq.com.evil.example/v3/x', TEST_PAY_BASE)).toThrow(/refusing/);
    expect(() => redirectUrl('/v3/merchant/media/upload', TEST_PAY_BASE)).toThrow(/refusing/);
  });
});

describe('PayHttp', () => {
  let kit: PayTestKit;
  let http: PayHttp;
  const url = `${WECHATPAY_ORIGIN}/v3/pay/transactions/out-trade-no/T1?mchid=1900000109`;

  beforeEach(() => {
    kit = payTestKit();
    http = new PayHttp({
      settings: () => kit.config.wechatPay,
      keys: loadPlatformKeys(kit.config.wechatPay),
      clock: kit.clock,
    });
  });
  afterEach(() => jest.restoreAllMocks());

  it('sends the headers it was given and exactly the JSON the library signed, to the configured base', async () => {
    const sent = stubFetch(() => signedAnswer(kit, 200, '{"prepay_id":"wx1"}'));
    const params = { appid: 'wx0', amount: { total: 1, currency: 'CNY' }, description: '会员储值' };
    const out = await http.post(`${WECHATPAY_ORIGIN}/v3/pay/transactions/jsapi`, params, {
      Authorization: 'WECHATPAY2-SHA256-RSA2048 x',
      'Content-Type': 'application/json',
    });
    expect(out).toEqual({ status: 200, data: { prepay_id: 'wx1' } });
    expect(sent).toEqual([
      {
        url: `${TEST_PAY_BASE}/v3/pay/transactions/jsapi`,
        method: 'POST',
        headers: { Authorization: 'WECHATPAY2-SHA256-RSA2048 x', 'Content-Type': 'application/json' },
        body: JSON.stringify(params),
      },
    ]);
  });

  it('reads the base URL at send time (sandbox mode binds it after listening)', async () => {
    let base = 'http://127.0.0.1:1/sandbox/pay/api';
    http = new PayHttp({
      settings: () => ({ apiBaseUrl: base, timeoutMs: 1000 }),
      keys: loadPlatformKeys(kit.config.wechatPay),
      clock: kit.clock,
    });
    const sent = stubFetch(() => signedAnswer(kit, 200, '{}'));
    await http.get(url, {});
    base = 'http://127.0.0.1:2/sandbox/pay/api';
    await http.get(url, {});
    expect(sent.map((r) => new URL(r.url).port)).toEqual(['1', '2']);
  });

  it('accepts a signed 204 with an empty body', async () => {
    stubFetch(() => signedAnswer(kit, 204, null));
    await expect(http.post(`${WECHATPAY_ORIGIN}/v3/pay/transactions/out-trade-no/T1/close`, {}, {})).resolves.toEqual({
      status: 204,
      data: {},
    });
  });

  it('hands error answers back as the library expects: {status, error: raw text}, unsigned or not', async () => {
    stubFetch(() => errorAnswer(404, 'ORDER_NOT_EXIST', '订单不存在'));
    await expect(http.get(url, {})).resolves.toEqual({
      status: 404,
      error: '{"code":"ORDER_NOT_EXIST","message":"订单不存在"}',
    });
  });

  describe('treats a 2xx answer without a valid WeChat Pay signature as forged (SIGN_ERROR)', () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    it.each([
      ['unsigned', { unsigned: true }, /signature headers missing/],
      ['signed by another key', { key: other }, /does not verify/],
      ['a SIGNTEST probe', { signature: 'WECHATPAY/SIGNTEST/abc' }, /SIGNTEST/],
      ['an unknown serial', { serial: 'PUB_KEY_ID_0000000000000000000000000000000000' }, /unknown Wechatpay-Serial/],
      ['stale by 301 s', { agedSeconds: 301 }, /30[12] s off/],
    ] as const)('%s', async (_name, opts, reason) => {
      stubFetch(() => signedAnswer(kit, 200, '{"trade_state":"SUCCESS"}', opts));
      const error = await failure(http.get(url, {}));
      expect([error.code, error.status]).toEqual(['SIGN_ERROR', 200]);
      expect(error.message).toMatch(reason);
    });

    it('a body changed after signing', async () => {
      stubFetch(async () => {
        const genuine = signedAnswer(kit, 200, '{"trade_state":"NOTPAY"}');
        return new Response('{"trade_state":"SUCCESS"}', { status: 200, headers: genuine.headers });
      });
      expect((await failure(http.get(url, {}))).code).toBe('SIGN_ERROR');
    });
  });

  it('checks the answer timestamp against our clock (which the sandbox may move)', async () => {
    stubFetch(() => signedAnswer(kit, 200, '{}', { timestamp: Math.floor(Date.now() / 1000) + 3600 }));
    kit.clock.advance(3600);
    await expect(http.get(url, {})).resolves.toEqual({ status: 200, data: {} });
  });

  it('keeps a bill download as bytes and does not ask it to be signed (WeChat does not sign files)', async () => {
    const bytes = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0xff]);
    const sent = stubFetch(
      () => new Response(bytes, { status: 200, headers: { 'content-type': 'application/octet-stream' } }),
    );
    const out = await http.get(`${WECHATPAY_ORIGIN}/v3/billdownload/file?token=abc`, {});
    expect(out.status).toBe(200);
    expect(Buffer.compare(out.data as Buffer, bytes)).toBe(0);
    expect(sent[0].url).toBe(`${TEST_PAY_BASE}/v3/billdownload/file?token=abc`);
  });

  it('reports an unreachable or slow WeChat Pay as NETWORK with no status (retryable)', async () => {
    jest
      .spyOn(globalThis, 'fetch')
      .mockRejectedValue(new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }));
    const refused = await failure(http.get(url, {}));
    expect([refused.code, refused.status, refused.retryable]).toEqual(['NETWORK', null, true]);
    expect(refused.message).toMatch(/ECONNREFUSED/);

    const timeout = Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' });
    jest.spyOn(globalThis, 'fetch').mockRejectedValue(timeout);
    expect((await failure(http.get(url, {}))).message).toMatch(/timed out after 5000 ms/);
  });

  it('gives fetch the configured timeout', async () => {
    const spy = jest.spyOn(AbortSignal, 'timeout');
    stubFetch(() => signedAnswer(kit, 200, '{}'));
    await http.get(url, {});
    expect(spy).toHaveBeenCalledWith(kit.config.wechatPay.timeoutMs);
  });

  it('refuses media upload, which this product never uses', async () => {
    await expect(http.upload()).rejects.toThrow(/not supported/);
  });
});
