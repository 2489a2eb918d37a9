import {
  ERRORS,
  ErrorCode,
  type EventSignupResult,
  type MallOrderResult,
  type PayRefundRetryResult,
} from '@member/shared';
import { DataSource } from 'typeorm';
import { WechatPayError, WechatPayGateway } from '../../server/src/wechat-pay/wechat-pay.gateway';
import { cancelSignup, eventBody, expectEventInvariants, publishedEvent, signUp } from './event-support';
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
import { loginAnalyst, notify } from './wallet-support';

jest.setTimeout(180_000);

// 重新退款: a mall order's or an event fee's cash refund that failed for good — WeChat closed it, or refused
// our ask outright — is asked again by an operator under a new out_refund_no, once per click (request id),
// audited; a refund that did not fail (or is ABNORMAL, whose money WeChat still holds) is refused with 409.
describe('重新退款 of failed WeChat Pay refunds (mall orders, event fees)', () => {
  let s: TestServer;
  let admin: string;
  let ds: DataSource;
  let storeId: number;

  beforeAll(async () => {
    s = await startTestServer();
    admin = await loginOperator(s);
    ds = s.app.get(DataSource);
    storeId = (await makeStaff(s, admin)).store.id;
  });
  afterAll(async () => {
    await expectMallInvariants(s);
    await expectEventInvariants(s);
    await s.close();
  });

  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const waitFor = async (what: string, ok: () => Promise<boolean>) => {
    for (let i = 0; i < 400; i++) {
      if (await ok()) return;
      await sleep(25);
    }
    throw new Error(`timed out waiting for ${what}`);
  };
  const atWechat = async (outRefundNo: string) =>
    (await s.http.get(`/sandbox/pay/refunds/${outRefundNo}`)).body as { status?: string; refundFen?: number };
  const settleAtWechat = (outRefundNo: string, status: 'SUCCESS' | 'CLOSED' | 'ABNORMAL') =>
    s.http.post(`/sandbox/pay/refunds/${outRefundNo}/settle`).send({ status }).expect(200);
  const anomalies = async (outTradeNo: string) =>
    (
      (await ds.query(`SELECT kind, transaction_key FROM pay_anomaly WHERE out_trade_no = ? ORDER BY id`, [
        outTradeNo,
      ])) as { kind: string; transaction_key: string }[]
    ).map((a) => `${a.kind} ${a.transaction_key}`);
  const audits = async (targetType: string, targetId: number) =>
    (await ds.query(
      `SELECT actor_name, before_json, after_json FROM audit_log WHERE action = 'pay_refund.retried'
         AND target_type = ? AND target_id = ?`,
      [targetType, String(targetId)],
    )) as { actor_name: string; before_json: string; after_json: string }[];

  describe('a mall order', () => {
    const mallRefund = async (orderId: number) =>
      (
        await ds.query(
          `SELECT status, attempt, out_refund_no, refund_fen, fail_reason FROM mall_refund WHERE order_id = ?`,
          [orderId],
        )
      )[0] as { status: string; attempt: unknown; out_refund_no: string; refund_fen: unknown; fail_reason: string };
    const retry = (orderId: number, requestId = rid('RR')) =>
      s.http.post(`/api/v1/admin/mall/orders/${orderId}/refund/retry`).set(bearer(admin)).send({ requestId });

    /** A paid points + cash order the member cancelled: its cash refund asked at WeChat (…R, PROCESSING). */
    async function cancelledPaidOrder() {
      const m = await loginMember(s);
      await givePoints(s, m.member.id, 1_200);
      const points = await pointsOf(s, m.member.id);
      const g = await onSale(s, admin, goodsBody([storeId], { pointsPrice: 1_200, cashFen: 990, stock: 5 }));
      const r = (await redeem(s, m.token, { goodsId: g.id }).expect(201)).body as MallOrderResult;
      await s.http.post(`/sandbox/pay/transactions/${r.order.orderNo}/pay`).send({}).expect(200);
      await waitFor('READY', async () => {
        const o = await s.http.get(`/api/v1/me/mall/orders/${r.order.id}`).set(bearer(m.token)).expect(200);
        return o.body.status === 'READY';
      });
      await s.http.post(`/api/v1/me/mall/orders/${r.order.id}/cancel`).set(bearer(m.token)).expect(200);
      await waitForOutbox(s);
      expect(await atWechat(`${r.order.orderNo}R`)).toMatchObject({ status: 'PROCESSING' });
      return { order: r.order, member: m, points };
    }

    it('asks a refund WeChat closed again under …R2, once for a double click, audited; 409 unless it failed', async () => {
      const { order, member, points } = await cancelledPaidOrder();
      // Not failed (WeChat is still on it): refused in Chinese, nothing changes.
      const early = await retry(order.id).expect(409);
      expect(early.body).toEqual({
        code: 'PAY_REFUND_NOT_FAILED',
        message: ERRORS[ErrorCode.PAY_REFUND_NOT_FAILED].message,
      });
      expect(early.body.message).toMatch(/重新退款/);

      // WeChat closes it (e.g. the merchant account stayed short): flagged for operators, shown in the console.
      await settleAtWechat(`${order.orderNo}R`, 'CLOSED');
      await waitFor('CLOSED', async () => (await mallRefund(order.id)).status === 'CLOSED');
      expect(await anomalies(order.orderNo)).toContain(`REFUND_ABNORMAL refund:${order.orderNo}R`);
      const listed = (
        await s.http.get(`/api/v1/admin/mall/orders?memberNo=${member.member.memberNo}`).set(bearer(admin))
      ).body.items[0];
      expect(listed.refund).toMatchObject({ status: 'CLOSED', attempt: 1, outRefundNo: `${order.orderNo}R` });

      // A double click: the same request id twice at once → one new attempt, the second answer replayed.
      const requestId = rid('RR');
      const [a, b] = await Promise.all([retry(order.id, requestId), retry(order.id, requestId)]);
      expect([a.status, b.status]).toEqual([200, 200]);
      const answers = [a.body, b.body] as PayRefundRetryResult[];
      for (const answer of answers)
        expect(answer).toMatchObject({
          outRefundNo: `${order.orderNo}R2`,
          attempt: 2,
          refundFen: 990,
          status: 'PROCESSING',
        });
      expect(answers.filter((x) => x.replayed)).toHaveLength(1);
      // A second click with its own request id finds it asked already.
      const again = await retry(order.id).expect(409);
      expect(again.body.code).toBe('PAY_REFUND_NOT_FAILED');
      expect(await mallRefund(order.id)).toMatchObject({
        status: 'PROCESSING',
        attempt: 2,
        out_refund_no: `${order.orderNo}R2`,
        fail_reason: null,
      });
      const logged = await audits('mall_order', order.id);
      expect(logged).toHaveLength(1);
      expect(JSON.parse(logged[0].before_json)).toMatchObject({ outRefundNo: `${order.orderNo}R`, status: 'CLOSED' });
      expect(JSON.parse(logged[0].after_json)).toEqual({
        outRefundNo: `${order.orderNo}R2`,
        attempt: 2,
        refundFen: 990,
      });

      // The outbox asks WeChat once under the new number; WeChat's late re-delivery about …R changes nothing.
      await waitForOutbox(s);
      expect(await atWechat(`${order.orderNo}R2`)).toMatchObject({ status: 'PROCESSING' });
      const stale = {
        mchid: s.config.wechatPay.mchId,
        out_trade_no: order.orderNo,
        transaction_id: '4200000000000000000000000077',
        out_refund_no: `${order.orderNo}R`,
        refund_id: '50300000000000000000000077',
        refund_status: 'CLOSED',
        amount: { total: 990, refund: 990, payer_total: 990, payer_refund: 990 },
        user_received_account: '支付用户零钱',
      };
      const path = '/api/v1/pay/wechat/refund-notify';
      const redelivered = await notify(s, stale, { originalType: 'refund', eventType: 'REFUND.CLOSED' }, path);
      expect(redelivered.status).toBe(204);
      expect(await mallRefund(order.id)).toMatchObject({ status: 'PROCESSING', attempt: 2 });
      expect((await anomalies(order.orderNo)).filter((k) => k.startsWith('UNKNOWN_ORDER'))).toEqual([]);

      // WeChat pays the member this time: settled once; asking again is refused.
      await settleAtWechat(`${order.orderNo}R2`, 'SUCCESS');
      await waitFor('SUCCESS', async () => (await mallRefund(order.id)).status === 'SUCCESS');
      const done = await retry(order.id).expect(409);
      expect(done.body.code).toBe('PAY_REFUND_NOT_FAILED');
      expect(Number((await mallRefund(order.id)).refund_fen)).toBe(990);
      // The points went back with the cancellation, once; the refunds moved only cash.
      expect(await pointsOf(s, member.member.id)).toBe(points);
    });

    it('refuses an ABNORMAL refund (WeChat still holds the money), an order without cash and a stranger', async () => {
      const { order } = await cancelledPaidOrder();
      await settleAtWechat(`${order.orderNo}R`, 'ABNORMAL');
      await waitFor('ABNORMAL', async () => (await mallRefund(order.id)).status === 'ABNORMAL');
      const abnormal = await retry(order.id).expect(409);
      expect(abnormal.body).toMatchObject({
        code: 'PAY_REFUND_ABNORMAL',
        message: expect.stringContaining('商户平台'),
      });
      expect(await mallRefund(order.id)).toMatchObject({ status: 'ABNORMAL', attempt: 1 });

      const m = await loginMember(s);
      await givePoints(s, m.member.id, 100);
      const pointsOnly = await onSale(s, admin, goodsBody([storeId]));
      const plain = (await redeem(s, m.token, { goodsId: pointsOnly.id }).expect(201)).body as MallOrderResult;
      expect((await retry(plain.order.id).expect(404)).body.code).toBe('PAY_REFUND_NOT_FOUND');
      expect((await retry(99_999_999).expect(404)).body.code).toBe('MALL_ORDER_NOT_FOUND');
      expect((await retry(order.id, 'not a request id!').expect(400)).body.code).toBe('VALIDATION_FAILED');
    });
  });

  describe('an event fee', () => {
    const payment = async (signupId: number) =>
      (
        await ds.query(
          `SELECT out_trade_no, refund_status, refund_attempt, refund_fail_reason FROM event_payment WHERE signup_id = ?`,
          [signupId],
        )
      )[0] as { out_trade_no: string; refund_status: string; refund_attempt: unknown; refund_fail_reason: string };
    const retry = (eventId: number, signupId: number, requestId = rid('RR')) =>
      s.http
        .post(`/api/v1/admin/events/${eventId}/signups/${signupId}/refund/retry`)
        .set(bearer(admin))
        .send({ requestId });

    it('asks again a refund WeChat refused outright (our own ask failed for good) and settles it', async () => {
      const e = await publishedEvent(s, admin, eventBody(s, storeId, { feeKind: 'CASH', feeFen: 3_990, capacity: 2 }));
      const m = await loginMember(s);
      const r = (await signUp(s, m.token, e.id).expect(201)).body as EventSignupResult;
      const p = await payment(r.signup.id);
      await s.http.post(`/sandbox/pay/transactions/${p.out_trade_no}/pay`).send({}).expect(200);
      await waitFor('paid', async () => {
        const mine = await s.http.get(`/api/v1/events/${e.id}`).set(bearer(m.token)).expect(200);
        return mine.body.mySignup?.status === 'CONFIRMED';
      });
      // WeChat refuses the ask itself (a 4xx that will not change by asking again): CLOSED here, flagged.
      const gateway = s.app.get(WechatPayGateway);
      const refund = jest
        .spyOn(gateway, 'refund')
        .mockRejectedValueOnce(new WechatPayError('INVALID_REQUEST', '退款请求参数错误', 400));
      try {
        await cancelSignup(s, m.token, e.id).expect(200);
        await waitForOutbox(s);
      } finally {
        refund.mockRestore();
      }
      const refused = await payment(r.signup.id);
      expect(refused).toMatchObject({ refund_status: 'CLOSED', refund_fail_reason: 'INVALID_REQUEST' });
      expect(Number(refused.refund_attempt)).toBe(1);
      expect(await anomalies(p.out_trade_no)).toContain(`REFUND_ABNORMAL refund:${p.out_trade_no}R`);
      expect((await atWechat(`${p.out_trade_no}R`)).status).toBeUndefined();
      const signups = (await s.http.get(`/api/v1/admin/events/${e.id}/signups`).set(bearer(admin)).expect(200)).body;
      expect(signups.items[0].payment).toMatchObject({
        refundStatus: 'CLOSED',
        refundAttempt: 1,
        refundFailReason: 'INVALID_REQUEST',
        outRefundNo: `${p.out_trade_no}R`,
      });

      // Another event's sign-up id, or a sign-up without a refund: not found.
      expect((await retry(e.id + 1_000, r.signup.id).expect(404)).body.code).toBe('PAY_REFUND_NOT_FOUND');
      const requestId = rid('RR');
      const [a, b] = await Promise.all([retry(e.id, r.signup.id, requestId), retry(e.id, r.signup.id, requestId)]);
      expect([a.body, b.body]).toEqual([
        expect.objectContaining({ outRefundNo: `${p.out_trade_no}R2`, attempt: 2, refundFen: 3_990 }),
        expect.objectContaining({ outRefundNo: `${p.out_trade_no}R2`, attempt: 2, refundFen: 3_990 }),
      ]);
      expect(await audits('event_signup', r.signup.id)).toHaveLength(1);
      expect((await retry(e.id, r.signup.id).expect(409)).body.code).toBe('PAY_REFUND_NOT_FAILED');
      await waitForOutbox(s);
      expect(await atWechat(`${p.out_trade_no}R2`)).toMatchObject({ status: 'PROCESSING' });
      await settleAtWechat(`${p.out_trade_no}R2`, 'SUCCESS');
      await waitFor('refunded', async () => (await payment(r.signup.id)).refund_status === 'SUCCESS');
      expect(Number((await payment(r.signup.id)).refund_attempt)).toBe(2);
      const history = (await s.http.get('/api/v1/me/events?tab=CANCELLED').set(bearer(m.token)).expect(200)).body;
      expect(history.items[0].signup.payment).toMatchObject({ refundStatus: 'SUCCESS', refundFen: 3_990 });
      expect((await retry(e.id, r.signup.id).expect(409)).body).toEqual({
        code: 'PAY_REFUND_NOT_FAILED',
        message: ERRORS[ErrorCode.PAY_REFUND_NOT_FAILED].message,
      });
    });
  });

  it('is for admins and operators only (analysts read, they do not send money)', async () => {
    const analyst = await loginAnalyst(s, admin, 'rr');
    const mall = await s.http
      .post('/api/v1/admin/mall/orders/1/refund/retry')
      .set(bearer(analyst))
      .send({ requestId: rid('RR') })
      .expect(403);
    expect(mall.body.code).toBe('FORBIDDEN');
    await s.http
      .post('/api/v1/admin/events/1/signups/1/refund/retry')
      .set(bearer(analyst))
      .send({ requestId: rid('RR') })
      .expect(403);
  });
});
