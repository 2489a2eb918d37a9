import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Pay from 'wechatpay-node-v3';
import { startTestServer, type TestServer } from './support';

// The WeChat Pay v3 simulator over HTTP, called the way a merchant calls api.mch.weixin.qq.com: every request
// signed with the merchant key (wechatpay-node-v3's own signing helpers), paths as WeChat knows them.
describe('WeChat Pay sandbox (HTTP)', () => {
  let s: TestServer;
  let merchant: Pay;
  let notify: { url: string; server: Server; hits: number; failFirst: number };

  beforeAll(async () => {
    s = await startTestServer();
    merchant = new Pay({
      appid: s.config.wechat.appId,
      mchid: s.config.wechatPay.mchId,
      publicKey: Buffer.from('unused: serial_no is given'),
      privateKey: readFileSync(s.config.wechatPay.privateKeyFile),
      serial_no: s.config.wechatPay.merchantSerial,
    });
    // A merchant notify_url that refuses the first `failFirst` deliveries (500), then acknowledges (204).
    notify = { url: '', server: createServer(), hits: 0, failFirst: 0 };
    notify.server.on('request', (req, res) => {
      req.resume();
      req.on('end', () => {
        notify.hits += 1;
        res.statusCode = notify.hits <= notify.failFirst ? 500 : 204;
        res.end(res.statusCode === 500 ? JSON.stringify({ code: 'FAIL', message: '失败' }) : undefined);
      });
    });
    await new Promise<void>((resolve) => notify.server.listen(0, '127.0.0.1', resolve));
    notify.url = `http://127.0.0.1:${(notify.server.address() as AddressInfo).port}/pay/notify`;
  });
  afterAll(async () => {
    notify?.server.close();
    await s?.close();
  });

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests inspect answers ad hoc
  type Answer = { status: number; body: any; headers: Headers };

  async function wire(method: 'GET' | 'POST', path: string, body?: unknown, auth?: string): Promise<Answer> {
    const text = body === undefined ? '' : JSON.stringify(body);
    const nonce = randomBytes(16).toString('hex');
    const ts = String(Math.floor(Date.now() / 1000));
    const authorization =
      auth ?? merchant.getAuthorization(nonce, ts, merchant.getSignature(method, nonce, ts, path, text));
    const response = await fetch(`${s.url}/sandbox/pay/api${path}`, {
      method,
      headers: { Authorization: authorization, Accept: 'application/json', 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : text,
    });
    const raw = await response.text();
    return { status: response.status, body: raw ? JSON.parse(raw) : undefined, headers: response.headers };
  }

  let seq = 0;
  const outTradeNo = () => `TAPI${Date.now()}${++seq}`;
  const prepayBody = (no: string, total = 1000, extra: Record<string, unknown> = {}) => ({
    appid: s.config.wechat.appId,
    mchid: s.config.wechatPay.mchId,
    description: '储值 10 元',
    out_trade_no: no,
    notify_url: notify.url,
    amount: { total, currency: 'CNY' },
    payer: { openid: 'oApiPayer00000001' },
    ...extra,
  });
  const prepay = (no: string, total?: number, extra?: Record<string, unknown>) =>
    wire('POST', '/v3/pay/transactions/jsapi', prepayBody(no, total, extra));
  const pay = (no: string, options: Record<string, unknown> = {}) =>
    s.http.post(`/sandbox/pay/transactions/${no}/pay`).send({ retryScale: 1 / 1000, ...options });
  const view = async (no: string) => (await s.http.get(`/sandbox/pay/transactions/${no}`).expect(200)).body;

  async function waitFor<T>(probe: () => Promise<T>, done: (value: T) => boolean, ms = 10_000): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const value = await probe();
      if (done(value) || Date.now() > deadline) return value;
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  it('refuses requests without a valid merchant signature (401 SIGN_ERROR)', async () => {
    const no = outTradeNo();
    const forged =
      'WECHATPAY2-SHA256-RSA2048 mchid="' +
      s.config.wechatPay.mchId +
      '",nonce_str="abc",' +
      `timestamp="${Math.floor(Date.now() / 1000)}",serial_no="${s.config.wechatPay.merchantSerial}",` +
      'signature="' +
      randomBytes(256).toString('base64') +
      '"';
    const refused = await wire('POST', '/v3/pay/transactions/jsapi', prepayBody(no), forged);
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ code: 'SIGN_ERROR', message: expect.any(String) });

    const none = await fetch(`${s.url}/sandbox/pay/api/v3/pay/transactions/out-trade-no/${no}?mchid=1`);
    expect(none.status).toBe(401);
    const stale = String(Math.floor(Date.now() / 1000) - 600);
    const staleAuth = merchant.getAuthorization(
      'n1',
      stale,
      merchant.getSignature('GET', 'n1', stale, '/v3/certificates', ''),
    );
    expect((await wire('GET', '/v3/certificates', undefined, staleAuth)).body.code).toBe('SIGN_ERROR');
    // The order was never created.
    expect((await s.http.get(`/sandbox/pay/transactions/${no}`)).status).toBe(404);
  });

  it('prepay: the same parameters again give the same order with a new prepay_id; others → OUT_TRADE_NO_USED', async () => {
    const no = outTradeNo();
    const first = await prepay(no);
    expect(first.status).toBe(200);
    expect(first.body.prepay_id).toMatch(/^wx\d{14}/);
    expect(first.headers.get('wechatpay-serial')).toBe(s.config.wechatPay.publicKeyId);
    const again = await prepay(no);
    expect(again.status).toBe(200);
    expect(again.body.prepay_id).not.toBe(first.body.prepay_id);
    expect((await view(no)).prepayIds).toHaveLength(2);

    const other = await prepay(no, 2000);
    expect(other.status).toBe(403);
    expect(other.body.code).toBe('OUT_TRADE_NO_USED');
    expect((await prepay(outTradeNo(), 1000, { appid: 'wx0000000000000000' })).body.code).toBe('APPID_MCHID_NOT_MATCH');
    const invalid = await prepay('short', 0);
    expect(invalid.status).toBe(400);
    expect(invalid.body.code).toBe('PARAM_ERROR');

    const query = await wire('GET', `/v3/pay/transactions/out-trade-no/${no}?mchid=${s.config.wechatPay.mchId}`);
    expect(query.status).toBe(200);
    expect(query.body).toMatchObject({ out_trade_no: no, trade_state: 'NOTPAY', amount: { total: 1000 } });
    const missing = await wire('GET', `/v3/pay/transactions/out-trade-no/NOPE${no}?mchid=${s.config.wechatPay.mchId}`);
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ code: 'ORDER_NOT_EXIST', message: '订单不存在' });
  });

  it('close answers 204, a closed order cannot be prepaid or paid (unless forced); a paid one → ORDERPAID', async () => {
    const mchid = s.config.wechatPay.mchId;
    const closedNo = outTradeNo();
    await prepay(closedNo);
    const closed = await wire('POST', `/v3/pay/transactions/out-trade-no/${closedNo}/close`, { mchid });
    expect(closed.status).toBe(204);
    expect(closed.headers.get('wechatpay-signature')).toBeTruthy();
    expect((await prepay(closedNo)).body.code).toBe('ORDER_CLOSED');
    expect((await pay(closedNo)).status).toBe(409);
    const forced = await pay(closedNo, { force: true });
    expect(forced.status).toBe(200);
    expect(forced.body).toMatchObject({ tradeState: 'SUCCESS', paidAfterClose: true });

    const paidNo = outTradeNo();
    await prepay(paidNo);
    const paid = await pay(paidNo);
    expect(paid.status).toBe(200);
    expect(paid.body.transactionId).toMatch(/^42\d{26}$/);
    expect((await pay(paidNo)).status).toBe(409);
    const refused = await wire('POST', `/v3/pay/transactions/out-trade-no/${paidNo}/close`, { mchid });
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('ORDERPAID');
    const byId = await wire('GET', `/v3/pay/transactions/id/${paid.body.transactionId}?mchid=${mchid}`);
    expect(byId.body).toMatchObject({ out_trade_no: paidNo, trade_state: 'SUCCESS', amount: { payer_total: 1000 } });
  });

  it('time_expire: an unpaid order past it is CLOSED and cannot be paid', async () => {
    const no = outTradeNo();
    const expire = new Date(s.clock.nowMs() + 5 * 60_000 + 8 * 3600_000).toISOString().slice(0, 19) + '+08:00';
    await prepay(no, 1000, { time_expire: expire });
    s.clock.advance(6 * 60);
    try {
      expect((await view(no)).tradeState).toBe('CLOSED');
      expect((await pay(no)).status).toBe(409);
    } finally {
      s.clock.advance(-6 * 60);
    }
  });

  it('refunds: partial, idempotent by out_refund_no, never more than the total (NOT_ENOUGH)', async () => {
    const no = outTradeNo();
    await prepay(no, 1000);
    await pay(no).expect(200);
    const refund = (outRefundNo: string, amount: number) =>
      wire('POST', '/v3/refund/domestic/refunds', {
        out_trade_no: no,
        out_refund_no: outRefundNo,
        amount: { refund: amount, total: 1000, currency: 'CNY' },
      });
    const first = await refund(`${no}-R1`, 600);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: 'PROCESSING', out_trade_no: no, amount: { refund: 600, total: 1000 } });
    const retry = await refund(`${no}-R1`, 600);
    expect(retry.body.refund_id).toBe(first.body.refund_id);
    const over = await refund(`${no}-R2`, 401);
    expect(over.status).toBe(403);
    expect(over.body.code).toBe('NOT_ENOUGH');
    expect((await refund(`${no}-R2`, 400)).status).toBe(200);
    expect((await refund(`${no}-R3`, 1)).body.code).toBe('NOT_ENOUGH');

    const query = await wire('GET', `/v3/refund/domestic/refunds/${no}-R1`);
    expect(query.body).toMatchObject({ status: 'PROCESSING', refund_id: first.body.refund_id });
    const order = await wire('GET', `/v3/pay/transactions/out-trade-no/${no}?mchid=${s.config.wechatPay.mchId}`);
    expect(order.body.trade_state).toBe('REFUND');
    // A refund that fails gives its amount back to what may be refunded.
    await s.http
      .post(`/sandbox/pay/refunds/${no}-R1/settle`)
      .send({ status: 'CLOSED', retryScale: 1 / 1000 })
      .expect(200);
    expect((await wire('GET', `/v3/refund/domestic/refunds/${no}-R1`)).body.status).toBe('CLOSED');
    expect((await refund(`${no}-R3`, 600)).status).toBe(200);
    expect((await s.http.post(`/sandbox/pay/refunds/${no}-R1/settle`).send({ status: 'SUCCESS' })).status).toBe(409);
  });

  it('retries the notification on the (scaled) schedule until acknowledged, and sends duplicates when asked', async () => {
    const no = outTradeNo();
    await prepay(no);
    notify.hits = 0;
    notify.failFirst = 2;
    const paid = await pay(no);
    expect(paid.body).toMatchObject({ tradeState: 'SUCCESS', acked: false });
    const acked = await waitFor(
      () => view(no),
      (v) => v.acked,
    );
    expect(acked.notifyAttempts.map((a: { status: number }) => a.status)).toEqual([500, 500, 204]);
    await new Promise((r) => setTimeout(r, 200));
    expect(notify.hits).toBe(3); // nothing after the ack

    const twice = outTradeNo();
    await prepay(twice);
    notify.hits = 0;
    notify.failFirst = 0;
    await pay(twice, { duplicates: 2 }).expect(200);
    const delivered = await waitFor(
      () => view(twice),
      (v) => v.notifyAttempts.filter((a: { status: unknown }) => a.status === 204).length === 3,
    );
    expect(delivered.notifyAttempts.map((a: { status: number }) => a.status)).toEqual([204, 204, 204]);
    expect(notify.hits).toBe(3);
  });

  it('validates control bodies (400 in Chinese, never 5xx) and schedules faults', async () => {
    const no = outTradeNo();
    await prepay(no);
    const bad = await s.http.post(`/sandbox/pay/transactions/${no}/pay`).send({ duplicates: 9, delayMs: 'soon' });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(bad.body.message).toMatch(/[\u4e00-\u9fa5]/);
    expect((await s.http.post('/sandbox/pay/faults').send({ next: 'NOPE' })).status).toBe(400);
    expect((await s.http.post('/sandbox/pay/refunds/none/settle').send({ status: 'SUCCESS' })).status).toBe(404);

    await s.http.post('/sandbox/pay/faults').send({ next: 'SYSTEM_ERROR', count: 1 }).expect(200);
    const failed = await wire('GET', `/v3/pay/transactions/out-trade-no/${no}?mchid=${s.config.wechatPay.mchId}`);
    expect(failed.status).toBe(500);
    expect(failed.body.code).toBe('SYSTEM_ERROR');
    await s.http.post('/sandbox/pay/faults').send({ next: 'SIGNTEST', on: 'api' }).expect(200);
    const probe = await wire('GET', `/v3/pay/transactions/out-trade-no/${no}?mchid=${s.config.wechatPay.mchId}`);
    expect(probe.status).toBe(200);
    expect(probe.headers.get('wechatpay-signature')).toMatch(/^WECHATPAY\/SIGNTEST\//);
  });
});
