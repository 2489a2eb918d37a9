import { createHash, createPublicKey, createVerify } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type Pay from 'wechatpay-node-v3';
import { loadPayVectors } from '../../../test/fixtures/wechat-pay-fixtures';
import { WECHATPAY_ORIGIN } from './pay-http';
import {
  errorAnswer,
  payTestKit,
  signedAnswer,
  stubFetch,
  TEST_PAY_BASE,
  type PayTestKit,
} from './testing/fake-pay-answers';
import { WechatPayError } from './wechat-pay.gateway';
import { beijingTime, payErrorOf, WechatPayNodeGateway } from './wechatpay-node.gateway';

// Vectors built from WeChat Pay's documented format, independently of our code (test/fixtures).
const vectors = loadPayVectors<{
  keys: { appId: string; merchantId: string; merchantCertSerial: string; merchantPrivateKeyPem: string };
  merchantRequest: {
    method: string;
    url: string;
    timestamp: number;
    nonce: string;
    body: string;
    authorization: string;
  };
  requestPayment: { appId: string; timeStamp: string; nonceStr: string; package: string; paySign: string };
}>();

/** Authorization header → scheme + fields (WeChat ignores field order). */
function authFields(header: string): Record<string, string> {
  const [scheme, rest] = [header.slice(0, header.indexOf(' ')), header.slice(header.indexOf(' ') + 1)];
  return { scheme, ...Object.fromEntries([...rest.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]])) };
}

async function failure(promise: Promise<unknown>): Promise<WechatPayError> {
  const error = await promise.catch((err: unknown) => err);
  expect(error).toBeInstanceOf(WechatPayError);
  return error as WechatPayError;
}

/** A kit whose merchant identity is the vectors' (app id, merchant number, serial, private key). */
function vectorKit(): PayTestKit {
  return payTestKit((v) => {
    const keyFile = join(v.database.dataDir, 'vector-merchant-key.pem');
    writeFileSync(keyFile, vectors.keys.merchantPrivateKeyPem);
    v.wechat.appId = vectors.keys.appId;
    v.wechatPay.mchId = vectors.keys.merchantId;
    v.wechatPay.merchantSerial = vectors.keys.merchantCertSerial;
    v.wechatPay.privateKeyFile = keyFile;
    v.wechatPay.notifyUrl = 'https://member.example.com/api/v1/pay/wechat/notify';
  });
}
// Fake only Date: fetch, AbortSignal.timeout and the event loop keep running.
const NOT_DATE: FakeTimersConfig['doNotFake'] = [
  'hrtime',
  'nextTick',
  'performance',
  'queueMicrotask',
  'requestAnimationFrame',
  'cancelAnimationFrame',
  'requestIdleCallback',
  'cancelIdleCallback',
  'setImmediate',
  'clearImmediate',
  'setInterval',
  'clearInterval',
  'setTimeout',
  'clearTimeout',
];

describe('WechatPayNodeGateway: signing is the library’s, checked against the vectors', () => {
  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it('the library’s Authorization for the vector prepay equals the vector, byte for byte', async () => {
    const kit = vectorKit();
    const gateway = new WechatPayNodeGateway(kit.config, kit.clock);
    // The vector's second; the library's nonce is random, so only that is pinned to the vector's.
    jest.useFakeTimers({ now: vectors.merchantRequest.timestamp * 1000, doNotFake: NOT_DATE });
    const pay = (gateway as unknown as { pay: Pay }).pay;
    const getSignature = pay.getSignature.bind(pay);
    const getAuthorization = pay.getAuthorization.bind(pay);
    jest
      .spyOn(pay, 'getSignature')
      .mockImplementation((method, _nonce, ts, url, body) =>
        getSignature(method, vectors.merchantRequest.nonce, ts, url, body),
      );
    jest
      .spyOn(pay, 'getAuthorization')
      .mockImplementation((_nonce, ts, sig) => getAuthorization(vectors.merchantRequest.nonce, ts, sig));
    const sent = stubFetch(() => signedAnswer(kit, 200, '{"prepay_id":"wx1"}'));

    const body = JSON.parse(vectors.merchantRequest.body) as Record<string, unknown>;
    const { appid: _a, mchid: _m, ...params } = body; // the library adds appid and mchid itself
    await pay.transactions_jsapi(params as unknown as Parameters<Pay['transactions_jsapi']>[0]);

    expect(sent[0].url).toBe(TEST_PAY_BASE + vectors.merchantRequest.url);
    expect(sent[0].body).toBe(vectors.merchantRequest.body);
    expect(authFields(sent[0].headers.Authorization)).toEqual(authFields(vectors.merchantRequest.authorization));
  });

  it('prepay sends the documented body and answers the prepay id with signed wx.requestPayment params', async () => {
    const kit = vectorKit();
    const gateway = new WechatPayNodeGateway(kit.config, kit.clock);
    jest.useFakeTimers({ now: Number(vectors.requestPayment.timeStamp) * 1000, doNotFake: NOT_DATE });
    const prepayId = vectors.requestPayment.package.slice('prepay_id='.length);
    const sent = stubFetch(() => signedAnswer(kit, 200, JSON.stringify({ prepay_id: prepayId })));

    const prepay = await gateway.prepay({
      outTradeNo: 'T20251130000001',
      description: '会员储值 ¥500',
      amountFen: 50000,
      openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o',
      timeExpire: new Date('2025-11-30T02:30:00Z'),
    });

    expect(JSON.parse(sent[0].body!)).toEqual({
      appid: vectors.keys.appId,
      mchid: vectors.keys.merchantId,
      description: '会员储值 ¥500',
      out_trade_no: 'T20251130000001',
      time_expire: '2025-11-30T10:30:00+08:00',
      notify_url: 'https://member.example.com/api/v1/pay/wechat/notify',
      amount: { total: 50000, currency: 'CNY' },
      payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
    });
    expect(sent[0].headers['User-Agent']).toMatch(/^member-server \(wechatpay-node-v3\/2\.2\.1; Node\.js\//);
    expect(prepay.prepayId).toBe(prepayId);
    const { timeStamp, nonceStr, package: pkg, signType, paySign } = prepay.payParams;
    expect([timeStamp, pkg, signType]).toEqual([
      vectors.requestPayment.timeStamp,
      vectors.requestPayment.package,
      'RSA',
    ]);
    // wechat.md §2.8: paySign over appId\ntimeStamp\nnonceStr\npackage\n with the merchant key.
    const merchantPublic = createPublicKey(vectors.keys.merchantPrivateKeyPem);
    const message = `${vectors.keys.appId}\n${timeStamp}\n${nonceStr}\n${pkg}\n`;
    expect(createVerify('RSA-SHA256').update(message).verify(merchantPublic, paySign, 'base64')).toBe(true);
    // And the same signer over the vector's nonce gives the vector's paySign exactly.
    const pay = (gateway as unknown as { pay: Pay }).pay;
    const vectorMessage = message.replace(nonceStr, vectors.requestPayment.nonceStr);
    expect(pay.sha256WithRsa(vectorMessage)).toBe(vectors.requestPayment.paySign);
  });
});

describe('WechatPayNodeGateway: answers and errors', () => {
  let kit: PayTestKit;
  let gateway: WechatPayNodeGateway;

  beforeEach(() => {
    kit = payTestKit();
    gateway = new WechatPayNodeGateway(kit.config, kit.clock);
  });
  afterEach(() => jest.restoreAllMocks());

  it('maps the library’s {status, error} outputs to WechatPayError', () => {
    const notFound = payErrorOf({ status: 404, error: '{"code":"ORDER_NOT_EXIST","message":"订单不存在"}' });
    expect([notFound.code, notFound.message, notFound.status, notFound.retryable]).toEqual([
      'ORDER_NOT_EXIST',
      'ORDER_NOT_EXIST: 订单不存在',
      404,
      false,
    ]);
    const busy = payErrorOf({ status: 500, error: '{"code":"SYSTEM_ERROR","message":"系统错误"}' });
    expect([busy.code, busy.retryable]).toEqual(['SYSTEM_ERROR', true]);
    const proxy = payErrorOf({ status: 502, error: '<html>Bad Gateway</html>' });
    expect([proxy.code, proxy.status, proxy.retryable]).toEqual(['HTTP_502', 502, true]);
    // The library's own client reports a network failure as status undefined.
    const unreachable = payErrorOf({ status: undefined as unknown as number, error: undefined });
    expect([unreachable.code, unreachable.status]).toEqual(['NETWORK', null]);
  });

  it('query reads the transaction; ORDER_NOT_EXIST is null; other errors throw', async () => {
    const answer = {
      appid: kit.config.wechat.appId,
      mchid: kit.config.wechatPay.mchId,
      out_trade_no: 'T1',
      transaction_id: '4200000001',
      trade_type: 'JSAPI',
      trade_state: 'SUCCESS',
      success_time: '2025-11-30T10:01:02+08:00',
      payer: { openid: 'o1' },
      amount: { total: 10000, payer_total: 10000, currency: 'CNY', payer_currency: 'CNY' },
    };
    const sent = stubFetch(() => signedAnswer(kit, 200, JSON.stringify(answer)));
    await expect(gateway.query('T1')).resolves.toEqual({
      appid: answer.appid,
      mchid: answer.mchid,
      outTradeNo: 'T1',
      transactionId: '4200000001',
      tradeState: 'SUCCESS',
      totalFen: 10000,
      payerTotalFen: 10000,
      successTime: new Date('2025-11-30T02:01:02Z'),
      openid: 'o1',
      attach: null,
    });
    expect(sent[0].url).toBe(`${TEST_PAY_BASE}/v3/pay/transactions/out-trade-no/T1?mchid=${answer.mchid}`);

    jest.restoreAllMocks();
    stubFetch(() => errorAnswer(404, 'ORDER_NOT_EXIST', '订单不存在'));
    await expect(gateway.query('T2')).resolves.toBeNull();
    jest.restoreAllMocks();
    stubFetch(() => errorAnswer(429, 'FREQUENCY_LIMITED', '频率超限'));
    expect(await failure(gateway.query('T3'))).toMatchObject({
      code: 'FREQUENCY_LIMITED',
      status: 429,
      retryable: true,
    });
  });

  it('close: 204 → CLOSED, ORDERPAID → PAID, ORDER_CLOSED → CLOSED, others throw', async () => {
    const sent = stubFetch(() => signedAnswer(kit, 204, null));
    await expect(gateway.close('T1')).resolves.toBe('CLOSED');
    expect(sent[0]).toMatchObject({
      method: 'POST',
      url: `${TEST_PAY_BASE}/v3/pay/transactions/out-trade-no/T1/close`,
      body: JSON.stringify({ mchid: kit.config.wechatPay.mchId }),
    });
    for (const [answer, expected] of [
      [errorAnswer(400, 'ORDERPAID', '该订单已支付'), 'PAID'],
      [errorAnswer(400, 'ORDER_CLOSED', '订单已关闭'), 'CLOSED'],
    ] as const) {
      jest.restoreAllMocks();
      stubFetch(() => answer);
      await expect(gateway.close('T1')).resolves.toBe(expected);
    }
    jest.restoreAllMocks();
    stubFetch(() => errorAnswer(500, 'SYSTEM_ERROR', '系统错误'));
    expect((await failure(gateway.close('T1'))).code).toBe('SYSTEM_ERROR');
  });

  it('a forged success answer is never taken for WeChat’s (close that looks done, unsigned)', async () => {
    stubFetch(() => signedAnswer(kit, 204, null, { unsigned: true }));
    expect(await failure(gateway.close('T1'))).toMatchObject({ code: 'SIGN_ERROR', status: 204 });
  });

  it('refund sends the refund notify URL and amounts; queryRefund is null for an unknown refund', async () => {
    const answer = {
      refund_id: '50000000382019052709732678859',
      out_refund_no: 'R1',
      transaction_id: '4200000001',
      out_trade_no: 'T1',
      channel: 'ORIGINAL',
      create_time: '2025-11-30T10:05:00+08:00',
      status: 'PROCESSING',
      amount: { total: 10000, refund: 3000, payer_total: 10000, payer_refund: 3000, currency: 'CNY' },
    };
    const sent = stubFetch(() => signedAnswer(kit, 200, JSON.stringify(answer)));
    const refund = await gateway.refund({ outTradeNo: 'T1', outRefundNo: 'R1', refundFen: 3000, totalFen: 10000 });
    expect(refund).toMatchObject({
      refundId: answer.refund_id,
      status: 'PROCESSING',
      refundFen: 3000,
      totalFen: 10000,
    });
    expect(JSON.parse(sent[0].body!)).toEqual({
      out_trade_no: 'T1',
      out_refund_no: 'R1',
      notify_url: kit.config.wechatPay.refundNotifyUrl,
      amount: { refund: 3000, total: 10000, currency: 'CNY' },
    });

    jest.restoreAllMocks();
    stubFetch(() => errorAnswer(404, 'RESOURCE_NOT_EXISTS', '退款单不存在'));
    await expect(gateway.queryRefund('R404')).resolves.toBeNull();
    jest.restoreAllMocks();
    stubFetch(() => errorAnswer(404, 'NOT_FOUND', '请求的内容不存在')); // a wrong route, not a missing refund
    expect((await failure(gateway.queryRefund('R404'))).code).toBe('NOT_FOUND');
    jest.restoreAllMocks();
    stubFetch(() => errorAnswer(403, 'NOT_ENOUGH', '余额不足'));
    expect(
      (await failure(gateway.refund({ outTradeNo: 'T1', outRefundNo: 'R2', refundFen: 1, totalFen: 10000 }))).code,
    ).toBe('NOT_ENOUGH');
  });

  describe('tradeBill', () => {
    const csv = '交易时间,公众账号ID,商户号\n`2025-11-30 10:01:02,`wx0,`1900000109\n总交易单数\n`1\n';
    const download = `${WECHATPAY_ORIGIN}/v3/billdownload/file?token=t1`;

    function billServer(file: Buffer, hash: string, url = download) {
      return stubFetch((request) =>
        request.url.includes('/v3/bill/tradebill')
          ? signedAnswer(kit, 200, JSON.stringify({ hash_type: 'SHA1', hash_value: hash, download_url: url }))
          : new Response(new Uint8Array(file), {
              status: 200,
              headers: { 'content-type': 'application/octet-stream' },
            }),
      );
    }

    it('asks for the GZIP bill, downloads it as bytes, gunzips it and checks its SHA1', async () => {
      const sha1 = createHash('sha1').update(csv).digest('hex');
      const sent = billServer(gzipSync(Buffer.from(csv)), sha1);
      await expect(gateway.tradeBill('2025-11-30')).resolves.toBe(csv);
      expect(sent.map((r) => r.url)).toEqual([
        `${TEST_PAY_BASE}/v3/bill/tradebill?bill_date=2025-11-30&bill_type=ALL&tar_type=GZIP`,
        `${TEST_PAY_BASE}/v3/billdownload/file?token=t1`,
      ]);
      // The download is merchant-signed too (by the library).
      expect(sent[1].headers.Authorization).toMatch(/^WECHATPAY2-SHA256-RSA2048 mchid=/);
    });

    it('refuses a bill whose content does not match the signed SHA1', async () => {
      billServer(gzipSync(Buffer.from(csv + 'x')), createHash('sha1').update(csv).digest('hex'));
      expect((await failure(gateway.tradeBill('2025-11-30'))).code).toBe('BILL_HASH_MISMATCH');
    });

    it('refuses a download_url off the WeChat Pay origin', async () => {
      billServer(Buffer.from(csv), 'x', 'https://elsewhere.example/v3/billdownload/file?token=t1');
      expect((await failure(gateway.tradeBill('2025-11-30'))).code).toBe('BAD_RESPONSE');
    });

    it('is null when WeChat has no bill for the day', async () => {
      stubFetch(() => errorAnswer(400, 'NO_STATEMENT_EXIST', '账单文件不存在'));
      await expect(gateway.tradeBill('2025-11-29')).resolves.toBeNull();
    });
  });

  it('writes time_expire in Beijing time', () => {
    expect(beijingTime(new Date('2025-12-31T16:30:05.999Z'))).toBe('2026-01-01T00:30:05+08:00');
  });
});
