import { createPublicKey, createVerify, randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { addBizDays } from '../../server/src/common/clock';
import { NotificationVerifier, transactionOf } from '../../server/src/wechat-pay/notification-verifier';
import { WechatPayError, WechatPayGateway, type PrepayInput } from '../../server/src/wechat-pay/wechat-pay.gateway';
import { startNotifySink, until, type NotifySink } from '../fixtures/wechat-pay-fixtures';
import { startTestServer, type TestServer } from './support';

// The real wechatpay-node-v3 client (through our gateway and PayHttp) against the sandbox's Pay v3 API: every
// outbound call, with the sandbox checking the library's request signatures and signing every answer.
// Notifications go to a small listener of this test (not the wallet's handler) and are checked with our
// NotificationVerifier, so the gateway is tested on its own.

async function failure(promise: Promise<unknown>): Promise<WechatPayError> {
  const error = await promise.catch((err: unknown) => err);
  expect(error).toBeInstanceOf(WechatPayError);
  return error as WechatPayError;
}

describe('WechatPayGateway (wechatpay-node-v3) against the sandbox Pay v3 API', () => {
  let s: TestServer;
  let gateway: WechatPayGateway;
  let sink: NotifySink;
  let seq = 0;

  const newOrder = (patch: Partial<PrepayInput> = {}): PrepayInput => ({
    outTradeNo: `TGW${Date.now()}${seq++}${randomInt(1000)}`,
    description: '会员储值 ¥100',
    amountFen: 10000,
    openid: 'oGatewayTest_' + randomInt(1_000_000),
    timeExpire: new Date(s.clock.nowMs() + 30 * 60_000),
    ...patch,
  });

  /** The member pays in the sandbox (it then notifies our sink). */
  const payInSandbox = (outTradeNo: string) =>
    s.http.post(`/sandbox/pay/transactions/${outTradeNo}/pay`).send({}).expect(200);

  beforeAll(async () => {
    s = await startTestServer();
    gateway = s.app.get(WechatPayGateway);
    sink = await startNotifySink();
    // Read per call by the gateway; pointed at the sink so this test needs no wallet handler.
    s.config.wechatPay.notifyUrl = sink.url;
    s.config.wechatPay.refundNotifyUrl = sink.url;
  });
  afterAll(async () => {
    await sink.close();
    await s.close();
  });

  it('prepay: signed wx.requestPayment params; the same parameters again answer the same order', async () => {
    const order = newOrder();
    const prepay = await gateway.prepay(order);
    expect(prepay.prepayId).toMatch(/^wx/);
    const { timeStamp, nonceStr, package: pkg, signType, paySign } = prepay.payParams;
    expect([pkg, signType]).toEqual([`prepay_id=${prepay.prepayId}`, 'RSA']);
    expect(Math.abs(Number(timeStamp) - Date.now() / 1000)).toBeLessThan(60);
    const merchantPublic = createPublicKey(
      readFileSync(join(s.config.database.dataDir, 'sandbox-keys', 'merchant-public.pem')),
    );
    const message = `${s.config.wechat.appId}\n${timeStamp}\n${nonceStr}\n${pkg}\n`;
    expect(createVerify('RSA-SHA256').update(message).verify(merchantPublic, paySign, 'base64')).toBe(true);

    const again = await gateway.prepay(order);
    expect(again.prepayId).toMatch(/^wx/);
    const view = await s.http.get(`/sandbox/pay/transactions/${order.outTradeNo}`).expect(200);
    expect(JSON.stringify(view.body)).toContain('NOTPAY');

    const reused = await failure(gateway.prepay({ ...order, amountFen: 20000 }));
    expect([reused.code, reused.status]).toEqual(['OUT_TRADE_NO_USED', 403]);
  });

  it('query: NOTPAY, then SUCCESS once paid (matching the verified notification); unknown → null', async () => {
    const order = newOrder({ amountFen: 12345, attach: 'plan:7' });
    await gateway.prepay(order);
    expect(await gateway.query(order.outTradeNo)).toMatchObject({
      outTradeNo: order.outTradeNo,
      tradeState: 'NOTPAY',
      totalFen: 12345,
      transactionId: null,
      mchid: s.config.wechatPay.mchId,
      appid: s.config.wechat.appId,
    });

    const before = sink.received.length;
    await payInSandbox(order.outTradeNo);
    const paid = await gateway.query(order.outTradeNo);
    expect(paid).toMatchObject({
      tradeState: 'SUCCESS',
      totalFen: 12345,
      payerTotalFen: 12345,
      openid: order.openid,
      attach: 'plan:7',
      transactionId: expect.stringMatching(/^\d+$/),
      successTime: expect.any(Date),
    });

    // The notification the sandbox sent passes our own verifier and says the same.
    const delivery = await until(
      () => sink.received.slice(before).find((d) => d.body.toString().includes('TRANSACTION.SUCCESS')),
      'the payment notification',
    );
    const notification = s.app.get(NotificationVerifier).verify(delivery.headers, delivery.body);
    expect(transactionOf(notification.resource)).toEqual(paid);

    await expect(gateway.query(`TNONE${Date.now()}`)).resolves.toBeNull();
  });

  it('close: an unpaid order → CLOSED (and stays closed); a paid one → PAID (ORDERPAID)', async () => {
    const unpaid = newOrder();
    await gateway.prepay(unpaid);
    await expect(gateway.close(unpaid.outTradeNo)).resolves.toBe('CLOSED');
    expect(await gateway.query(unpaid.outTradeNo)).toMatchObject({ tradeState: 'CLOSED' });
    expect((await failure(gateway.prepay(unpaid))).code).toBe('ORDER_CLOSED');

    const paid = newOrder();
    await gateway.prepay(paid);
    await payInSandbox(paid.outTradeNo);
    await expect(gateway.close(paid.outTradeNo)).resolves.toBe('PAID');
    expect(await gateway.query(paid.outTradeNo)).toMatchObject({ tradeState: 'SUCCESS' });
  });

  it('refund and queryRefund: accepted, idempotent by out_refund_no, settled; unknown → null; over-refund refused', async () => {
    const order = newOrder({ amountFen: 10000 });
    await gateway.prepay(order);
    await payInSandbox(order.outTradeNo);
    const outRefundNo = `RGW${Date.now()}${seq++}`;
    const input = { outTradeNo: order.outTradeNo, outRefundNo, refundFen: 3000, totalFen: 10000, reason: '会员退款' };

    const refund = await gateway.refund(input);
    expect(refund).toMatchObject({
      outRefundNo,
      outTradeNo: order.outTradeNo,
      refundFen: 3000,
      totalFen: 10000,
      refundId: expect.stringMatching(/\S/),
      transactionId: expect.stringMatching(/^\d+$/),
      createTime: expect.any(Date),
    });
    expect(['PROCESSING', 'SUCCESS']).toContain(refund.status);
    // A retry with the same out_refund_no is the same refund, not a second one.
    expect((await gateway.refund(input)).refundId).toBe(refund.refundId);
    expect(await gateway.queryRefund(outRefundNo)).toMatchObject({ refundId: refund.refundId, refundFen: 3000 });
    expect(await gateway.query(order.outTradeNo)).toMatchObject({ tradeState: 'REFUND' });

    if (refund.status === 'PROCESSING') {
      await s.http.post(`/sandbox/pay/refunds/${outRefundNo}/settle`).send({ status: 'SUCCESS' }).expect(200);
    }
    expect(await gateway.queryRefund(outRefundNo)).toMatchObject({ status: 'SUCCESS', successTime: expect.any(Date) });

    await expect(gateway.queryRefund(`RNONE${Date.now()}`)).resolves.toBeNull();
    const over = await failure(gateway.refund({ ...input, outRefundNo: `${outRefundNo}X`, refundFen: 7001 }));
    expect(over.status).toBeGreaterThanOrEqual(400);
    expect(over.status).toBeLessThan(500);
  });

  it('tradeBill: the day’s bill downloaded through the library, gunzipped and SHA1-checked; none → null', async () => {
    const order = newOrder({ amountFen: 4321 });
    await gateway.prepay(order);
    await payInSandbox(order.outTradeNo);
    const paid = await gateway.query(order.outTradeNo);
    const today = s.clock.today();
    const bill = await gateway.tradeBill(today);
    expect(bill).toContain('交易时间,公众账号ID,商户号');
    expect(bill).toContain(`\`${order.outTradeNo}`);
    expect(bill).toContain(`\`${paid!.transactionId!}`);
    expect(bill).toContain('`43.21');
    // A day within the last three months on which this sandbox saw no trade: NO_STATEMENT_EXIST.
    await expect(gateway.tradeBill(addBizDays(today, -1))).resolves.toBeNull();
  });

  describe('an answer the sandbox spoils is refused as forged (SIGN_ERROR), never read', () => {
    it.each(['BAD_SIGNATURE', 'SIGNTEST', 'STALE_TIMESTAMP', 'UNKNOWN_SERIAL'])('%s', async (fault) => {
      const order = newOrder();
      await gateway.prepay(order);
      await s.http.post('/sandbox/pay/faults').send({ next: fault, on: 'api' }).expect(200);
      const error = await failure(gateway.query(order.outTradeNo));
      expect([error.code, error.status]).toEqual(['SIGN_ERROR', 200]);
      // The next answer is genuine again.
      expect(await gateway.query(order.outTradeNo)).toMatchObject({ tradeState: 'NOTPAY' });
    });
  });

  it('WeChat’s SYSTEM_ERROR is a retryable WechatPayError; an unreachable WeChat Pay is NETWORK', async () => {
    const order = newOrder();
    await s.http.post('/sandbox/pay/faults').send({ next: 'SYSTEM_ERROR' }).expect(200);
    const busy = await failure(gateway.prepay(order));
    expect([busy.code, busy.retryable]).toEqual(['SYSTEM_ERROR', true]);
    await gateway.prepay(order);

    const base = s.config.wechatPay.apiBaseUrl;
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as { port: number };
    await new Promise((r) => closed.close(r));
    s.config.wechatPay.apiBaseUrl = `http://127.0.0.1:${port}/sandbox/pay/api`;
    try {
      const down = await failure(gateway.query(order.outTradeNo));
      expect([down.code, down.status, down.retryable]).toEqual(['NETWORK', null, true]);
    } finally {
      s.config.wechatPay.apiBaseUrl = base;
    }
  });
});
