import type { MallOrderResult } from '@member/shared';
import { DataSource } from 'typeorm';
import { JobRunner } from '../../server/src/jobs/job-runner.service';
import { WechatPayGateway } from '../../server/src/wechat-pay/wechat-pay.gateway';
import { activeTemplate } from './coupon-support';
import { expectMallInvariants, givePoints, goodsBody, onSale, pointsOf, redeem, rid } from './mall-support';
import {
  bearer,
  loginMember,
  loginOperator,
  makeStaff,
  startTestServer,
  waitForOutbox,
  type TestServer,
} from './support';
import { buildNotification, notify, paidResource } from './wallet-support';

jest.setTimeout(120_000);

// Points + cash goods through the sandbox WeChat Pay: the points are held and the stock taken at redemption,
// the order waits for the payment, which fulfils it exactly once whatever arrives; the sync job closes what
// nobody paid (and only then gives everything back); a paid order that ends gets its cash refunded once.
describe('points mall: points + cash', () => {
  let s: TestServer;
  let admin: string;
  let ds: DataSource;
  let store: { id: number };

  beforeAll(async () => {
    s = await startTestServer();
    admin = await loginOperator(s);
    ds = s.app.get(DataSource);
    ({ store } = await makeStaff(s, admin));
  });
  afterEach(() => s.clock.reset());
  afterAll(async () => {
    await expectMallInvariants(s);
    await s.close();
  });

  const sync = () => s.app.get(JobRunner).runNow('mall-pay-sync');
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  async function member(points: number) {
    const m = await loginMember(s);
    const have = await pointsOf(s, m.member.id);
    if (points > have) await givePoints(s, m.member.id, points - have);
    return { id: m.member.id as number, token: m.token };
  }
  const cashGoods = (over: Record<string, unknown> = {}) =>
    onSale(s, admin, goodsBody([store.id], { pointsPrice: 1_200, cashFen: 990, stock: 5, perMemberLimit: 2, ...over }));
  const orderOf = async (token: string, id: number) =>
    (await s.http.get(`/api/v1/me/mall/orders/${id}`).set(bearer(token)).expect(200)).body;
  const goodsRow = async (id: number) => {
    const [g] = await ds.query(`SELECT stock, sold_count FROM mall_goods WHERE id = ?`, [id]);
    return { stock: Number(g.stock), sold: Number(g.sold_count) };
  };
  const quota = async (goodsId: number, memberId: number) =>
    Number(
      (
        await ds.query(
          `SELECT COALESCE(SUM(taken), 0) AS t FROM mall_member_quota WHERE goods_id = ? AND member_id = ?`,
          [goodsId, memberId],
        )
      )[0].t,
    );
  const debits = async (orderNo: string) =>
    Number(
      (
        await ds.query(
          `SELECT COUNT(*) AS n FROM ledger_entry WHERE biz_type = 'MALL_ORDER' AND biz_id = ? AND entry_type = 'DEBIT'
             AND account_id = journal_account_id`,
          [orderNo],
        )
      )[0].n,
    );
  const hold = async (orderNo: string) =>
    (await ds.query(`SELECT status FROM ledger_hold WHERE biz_type = 'MALL_ORDER_HOLD' AND biz_id = ?`, [orderNo]))[0]
      ?.status as string | undefined;
  const anomalies = async (outTradeNo: string) =>
    ((await ds.query(`SELECT kind FROM pay_anomaly WHERE out_trade_no = ?`, [outTradeNo])) as { kind: string }[]).map(
      (a) => a.kind,
    );
  const refundRow = async (orderId: number) =>
    (
      await ds.query(`SELECT status, refund_fen, out_refund_no, cause FROM mall_refund WHERE order_id = ?`, [orderId])
    )[0] as { status: string; refund_fen: unknown; out_refund_no: string; cause: string } | undefined;
  const waitFor = async (what: string, ok: () => Promise<boolean>) => {
    for (let i = 0; i < 200; i++) {
      if (await ok()) return;
      await sleep(25);
    }
    throw new Error(`timed out waiting for ${what}`);
  };
  const waitStatus = (token: string, id: number, status: string) =>
    waitFor(`order ${id} ${status}`, async () => (await orderOf(token, id)).status === status);

  it('holds the points and stock, answers the same order with fresh pay params, and a payment makes it READY once', async () => {
    const g = await cashGoods();
    const m = await member(2_000);
    const requestId = rid('cash');
    const first = await redeem(s, m.token, { goodsId: g.id, requestId }).expect(201);
    const r = first.body as MallOrderResult;
    expect(r.order).toMatchObject({ status: 'PENDING_PAYMENT', pointsTotal: 1_200, cashFen: 990, pickupCode: null });
    expect(r.pay).toMatchObject({
      appId: s.config.wechat.appId,
      signType: 'RSA',
      package: expect.stringMatching(/^prepay_id=/),
    });
    expect(Date.parse(r.order.payUntil!) - Date.parse(r.order.createdAt)).toBe(
      s.config.wallet.orderExpireMinutes * 60_000,
    );
    expect(r.pointsBalance).toBe(800);
    expect(await pointsOf(s, m.id)).toBe(800);
    expect(await goodsRow(g.id)).toEqual({ stock: 4, sold: 1 });
    expect(await hold(r.order.orderNo)).toBe('pending');
    expect(await debits(r.order.orderNo)).toBe(0);
    // The same request id: the same order, signed afresh; 去支付 too.
    const again = (await redeem(s, m.token, { goodsId: g.id, requestId }).expect(201)).body as MallOrderResult;
    expect(again).toMatchObject({ replayed: true, order: { id: r.order.id, status: 'PENDING_PAYMENT' } });
    expect(again.pay).toMatchObject({ package: expect.stringMatching(/^prepay_id=/), paySign: expect.any(String) });
    const payAgain = await s.http.post(`/api/v1/me/mall/orders/${r.order.id}/pay`).set(bearer(m.token)).expect(200);
    expect(payAgain.body).toMatchObject({ order: { id: r.order.id }, pay: { appId: s.config.wechat.appId } });
    expect(await goodsRow(g.id)).toEqual({ stock: 4, sold: 1 });
    const tab = (await s.http.get('/api/v1/me/mall/orders?tab=PENDING').set(bearer(m.token)).expect(200)).body;
    expect(tab.items.map((o: { id: number }) => o.id)).toEqual([r.order.id]);

    // The member pays in the sandbox; its notification fulfils the order.
    const outTradeNo = r.order.orderNo;
    await s.http.post(`/sandbox/pay/transactions/${outTradeNo}/pay`).send({ duplicates: 3 }).expect(200);
    await waitStatus(m.token, r.order.id, 'READY');
    const ready = await orderOf(m.token, r.order.id);
    expect(ready).toMatchObject({ pickupCode: expect.stringMatching(/^\d{6}$/), payUntil: null, canCancel: true });
    expect(await hold(outTradeNo)).toBe('voided');
    expect(await debits(outTradeNo)).toBe(1);
    expect(await pointsOf(s, m.id)).toBe(800);
    expect(await goodsRow(g.id)).toEqual({ stock: 4, sold: 1 });
    const paidAgain = await s.http.post(`/api/v1/me/mall/orders/${r.order.id}/pay`).set(bearer(m.token)).expect(409);
    expect(paidAgain.body.code).toBe('MALL_ORDER_NOT_PAYABLE');

    // The shipping upload: self pickup (logistics_type 4) for goods collected in store.
    await waitForOutbox(s);
    const [row] = await ds.query(`SELECT transaction_id, shipping_status FROM mall_order WHERE id = ?`, [r.order.id]);
    expect(row.shipping_status).toBe('UPLOADED');
    const shipped = (await s.http.get(`/sandbox/wx/shipping/${row.transaction_id}`).expect(200)).body;
    expect(shipped).toMatchObject({ state: 'uploaded', uploads: 1, last: { logisticsType: 4 } });
  });

  it('50 concurrent notifications for one order fulfil it once; a coupon goods is DONE with its coupon, shipped virtual', async () => {
    const template = await activeTemplate(s, admin);
    const g = await cashGoods({ kind: 'COUPON', pickupStoreIds: [], couponTemplateId: template.id, stock: 10 });
    const m = await member(1_500);
    const r = (await redeem(s, m.token, { goodsId: g.id }).expect(201)).body as MallOrderResult;
    expect(r.order.status).toBe('PENDING_PAYMENT');
    expect(r.order.couponId).toBeNull();
    // Paid in the sandbox with its notification held back; WeChat's retries arrive as 50 at once instead.
    await s.http.post(`/sandbox/pay/transactions/${r.order.orderNo}/pay`).send({ delayMs: 60_000 }).expect(200);
    const paid = (await s.http.get(`/sandbox/pay/transactions/${r.order.orderNo}`).expect(200)).body;
    const resource = paidResource(
      s,
      { outTradeNo: r.order.orderNo, payFen: 990 },
      { transaction_id: paid.transactionId },
    );
    const deliveries = Array.from({ length: 50 }, () => buildNotification(s, resource));
    const answers = await Promise.all(
      deliveries.map((n) =>
        fetch(`${s.url}/api/v1/pay/wechat/notify`, { method: 'POST', headers: n.headers, body: n.body }).then(
          (res) => res.status,
        ),
      ),
    );
    expect(answers.filter((st) => st !== 204)).toEqual([]);
    const done = await orderOf(m.token, r.order.id);
    expect(done).toMatchObject({ status: 'DONE', couponId: expect.any(Number), pickupCode: null });
    expect(await debits(r.order.orderNo)).toBe(1);
    const [{ n }] = await ds.query(`SELECT COUNT(*) AS n FROM coupon WHERE member_id = ? AND template_id = ?`, [
      m.id,
      template.id,
    ]);
    expect(Number(n)).toBe(1);
    expect(await goodsRow(g.id)).toEqual({ stock: 9, sold: 1 });
    expect(await pointsOf(s, m.id)).toBe(300);
    await waitForOutbox(s);
    const shipped = (await s.http.get(`/sandbox/wx/shipping/${resource.transaction_id}`).expect(200)).body;
    expect(shipped).toMatchObject({ state: 'uploaded', uploads: 1, last: { logisticsType: 3 } });
  });

  it('closes an unpaid order at WeChat once its window ended, then voids the hold and gives stock and quota back', async () => {
    const g = await cashGoods();
    const m = await member(1_200);
    const r = (await redeem(s, m.token, { goodsId: g.id }).expect(201)).body as MallOrderResult;
    expect(await pointsOf(s, m.id)).toBe(0);
    expect(await quota(g.id, m.id)).toBe(1);
    // Still within its window: the job asks and leaves it.
    s.clock.advance(3 * 60);
    await sync();
    expect((await orderOf(m.token, r.order.id)).status).toBe('PENDING_PAYMENT');
    s.clock.setNow(new Date(Date.parse(r.order.payUntil!) + 1_000));
    expect((await sync()).status).toBe('done');
    const closed = await orderOf(m.token, r.order.id);
    expect(closed).toMatchObject({ status: 'CANCELLED', endReason: '支付超时' });
    const sandbox = (await s.http.get(`/sandbox/pay/transactions/${r.order.orderNo}`).expect(200)).body;
    expect(sandbox.tradeState).toBe('CLOSED');
    expect(await hold(r.order.orderNo)).toBe('voided');
    expect(await pointsOf(s, m.id)).toBe(1_200);
    expect(await goodsRow(g.id)).toEqual({ stock: 5, sold: 0 });
    expect(await quota(g.id, m.id)).toBe(0);
    const late = await s.http.post(`/api/v1/me/mall/orders/${r.order.id}/pay`).set(bearer(m.token)).expect(409);
    expect(late.body.code).toBe('MALL_ORDER_NOT_PAYABLE');

    // WeChat lets it be paid anyway (sandbox force): flagged and the cash refunded, nothing fulfilled.
    await s.http.post(`/sandbox/pay/transactions/${r.order.orderNo}/pay`).send({ force: true }).expect(200);
    await waitFor('the late payment', async () => (await refundRow(r.order.id)) !== undefined);
    expect(await anomalies(r.order.orderNo)).toContain('PAID_AFTER_CLOSE');
    expect((await orderOf(m.token, r.order.id)).status).toBe('CANCELLED');
    expect(await pointsOf(s, m.id)).toBe(1_200);
    await waitForOutbox(s);
    const refund = (await refundRow(r.order.id))!;
    expect(refund).toMatchObject({ cause: 'PAID_AFTER_CLOSE', status: 'PROCESSING' });
    await s.http.post(`/sandbox/pay/refunds/${refund.out_refund_no}/settle`).send({ status: 'SUCCESS' }).expect(200);
    await waitFor('the refund', async () => (await refundRow(r.order.id))?.status === 'SUCCESS');
  });

  it('fulfils an order paid while the job closed it (ORDERPAID on close)', async () => {
    const g = await cashGoods();
    const m = await member(1_200);
    const r = (await redeem(s, m.token, { goodsId: g.id }).expect(201)).body as MallOrderResult;
    s.clock.setNow(new Date(Date.parse(r.order.payUntil!) - 1_000));
    // The race at expiry, for real in the sandbox: the job's query sees NOTPAY a second before the end, the
    // member pays right then (the notification held back) and the window ends, so WeChat answers the job's
    // close with ORDERPAID.
    const gateway = s.app.get(WechatPayGateway);
    const realQuery = gateway.query.bind(gateway);
    let raced = false;
    const spy = jest.spyOn(gateway, 'query').mockImplementation(async (outTradeNo) => {
      const t = await realQuery(outTradeNo);
      if (outTradeNo !== r.order.orderNo || raced) return t;
      raced = true;
      await s.http.post(`/sandbox/pay/transactions/${outTradeNo}/pay`).send({ delayMs: 60_000 }).expect(200);
      s.clock.advance(2);
      return t;
    });
    try {
      await sync();
    } finally {
      spy.mockRestore();
    }
    expect(await orderOf(m.token, r.order.id)).toMatchObject({ status: 'READY' });
    expect(await debits(r.order.orderNo)).toBe(1);
    expect(await goodsRow(g.id)).toEqual({ stock: 4, sold: 1 });
  });

  it('fulfils a payment whose notification was lost once the job asks WeChat', async () => {
    const g = await cashGoods();
    const m = await member(1_200);
    const r = (await redeem(s, m.token, { goodsId: g.id }).expect(201)).body as MallOrderResult;
    await s.http.post(`/sandbox/pay/transactions/${r.order.orderNo}/pay`).send({ delayMs: 60_000 }).expect(200);
    s.clock.advance(3 * 60);
    await sync();
    expect((await orderOf(m.token, r.order.id)).status).toBe('READY');
    expect(await debits(r.order.orderNo)).toBe(1);
  });

  it('flags a notification whose amount disagrees and fulfils nothing', async () => {
    const g = await cashGoods();
    const m = await member(1_200);
    const r = (await redeem(s, m.token, { goodsId: g.id }).expect(201)).body as MallOrderResult;
    const res = await notify(s, paidResource(s, { outTradeNo: r.order.orderNo, payFen: 1 }));
    expect(res.status).toBe(204);
    expect(await anomalies(r.order.orderNo)).toEqual(['AMOUNT_MISMATCH']);
    expect((await orderOf(m.token, r.order.id)).status).toBe('PENDING_PAYMENT');
    expect(await hold(r.order.orderNo)).toBe('pending');
    expect(await debits(r.order.orderNo)).toBe(0);
    // Top-ups keep their route: an unknown T-order is flagged as before.
    expect((await notify(s, paidResource(s, { outTradeNo: `T${rid()}`, payFen: 100 }))).status).toBe(204);
  });

  it('a paid order the member cancels gives points and stock back and refunds the cash once', async () => {
    const g = await cashGoods();
    const m = await member(1_500);
    const r = (await redeem(s, m.token, { goodsId: g.id }).expect(201)).body as MallOrderResult;
    await s.http.post(`/sandbox/pay/transactions/${r.order.orderNo}/pay`).send({}).expect(200);
    await waitStatus(m.token, r.order.id, 'READY');
    expect(await pointsOf(s, m.id)).toBe(300);
    const cancels = await Promise.all(
      Array.from({ length: 5 }, () => s.http.post(`/api/v1/me/mall/orders/${r.order.id}/cancel`).set(bearer(m.token))),
    );
    expect(cancels.map((c) => c.status).sort()).toEqual([200, 409, 409, 409, 409]);
    expect(await pointsOf(s, m.id)).toBe(1_500);
    expect(await goodsRow(g.id)).toEqual({ stock: 5, sold: 0 });
    expect(await quota(g.id, m.id)).toBe(0);
    await waitForOutbox(s);
    const refund = (await refundRow(r.order.id))!;
    expect(refund).toMatchObject({ status: 'PROCESSING', cause: 'ORDER_ENDED', out_refund_no: `${r.order.orderNo}R` });
    expect(Number(refund.refund_fen)).toBe(990);
    const atWechat = (await s.http.get(`/sandbox/pay/refunds/${refund.out_refund_no}`).expect(200)).body;
    expect(atWechat).toMatchObject({ status: 'PROCESSING' });
    await s.http
      .post(`/sandbox/pay/refunds/${refund.out_refund_no}/settle`)
      .send({ status: 'SUCCESS', duplicates: 2 })
      .expect(200);
    await waitFor('the refund', async () => (await refundRow(r.order.id))?.status === 'SUCCESS');
    // The sync job finds nothing more to do; the points came back once.
    s.clock.advance(5 * 60);
    await sync();
    expect(await pointsOf(s, m.id)).toBe(1_500);
    const console = (await s.http.get(`/api/v1/admin/mall/orders?goodsId=${g.id}`).set(bearer(admin)).expect(200)).body;
    expect(console.items[0]).toMatchObject({
      id: r.order.id,
      status: 'CANCELLED',
      shippingStatus: 'UPLOADED',
      refund: { status: 'SUCCESS', refundFen: 990 },
    });
  });
});
