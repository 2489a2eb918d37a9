import { DataSource } from 'typeorm';
import { activeTemplate } from './coupon-support';
import { bearer, waitForOutbox, type TestServer } from './support';
import {
  activePlan,
  notify,
  paidResource,
  policyVersion,
  requestId,
  topup,
  useWalletServer,
  walletMember,
} from './wallet-support';

// Part (f) of stored value: every credited top-up is uploaded to WeChat's order-shipping API as virtual
// goods through the outbox (retried while WeChat is busy, FAILED when refused for good), and a plan's
// coupons are issued once per payment however often WeChat reports it.
describe('wallet shipping upload and plan coupons', () => {
  let s: TestServer;
  let admin: string;
  let ds: DataSource;
  useWalletServer((w) => ({ s, admin, ds } = w));

  const orderRow = async (outTradeNo: string) =>
    (
      await ds.query(
        `SELECT shipping_status, shipping_error, transaction_id, status FROM topup_order WHERE out_trade_no = ?`,
        [outTradeNo],
      )
    )[0] as { shipping_status: string | null; shipping_error: string | null; transaction_id: string | null };
  const outboxRow = async (outTradeNo: string) =>
    (
      await ds.query(`SELECT status, attempts FROM outbox WHERE kind = 'wallet.shipping-upload' AND outbox_key = ?`, [
        outTradeNo,
      ])
    )[0] as { status: string; attempts: number } | undefined;
  const sandboxShipping = async (transactionId: string) =>
    (await s.http.get(`/sandbox/wx/shipping/${transactionId}`).expect(200)).body;
  const adminOrders = async (query: Record<string, string>) =>
    (await s.http.get('/api/v1/admin/wallet/topups').query(query).set(bearer(admin)).expect(200)).body;

  /** A member's top-up of the plan, created (unpaid). */
  const openTopup = async (planId: number) => {
    const m = await walletMember(s);
    const created = await topup(s, m.token, {
      planId,
      policyVersion: await policyVersion(s, m.token),
      requestId: requestId(),
    }).expect(201);
    return { token: m.token, outTradeNo: created.body.outTradeNo as string };
  };
  const waitFor = async <T>(what: string, probe: () => Promise<T | undefined | null | false>) => {
    for (let i = 0; i < 200; i++) {
      const value = await probe();
      if (value) return value;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`timed out waiting for ${what}`);
  };
  const waitPaid = (token: string, outTradeNo: string) =>
    waitFor(`${outTradeNo} paid`, async () => {
      const { body } = await s.http.get(`/api/v1/me/wallet/topups/${outTradeNo}`).set(bearer(token)).expect(200);
      return body.status === 'PAID' && body;
    });
  const pay = (outTradeNo: string, body: Record<string, unknown> = {}) =>
    s.http.post(`/sandbox/pay/transactions/${outTradeNo}/pay`).send(body).expect(200);

  describe('shipping upload', () => {
    let planId: number;
    beforeAll(async () => {
      planId = (await activePlan(s, admin, { name: '充 ¥500 送 ¥50', payFen: 50_000, bonusFen: 5_000 })).id;
    });

    it('uploads a credited top-up once as virtual goods, even when WeChat reports it three times', async () => {
      const { token, outTradeNo } = await openTopup(planId);
      await pay(outTradeNo, { duplicates: 2 });
      await waitPaid(token, outTradeNo);
      await waitForOutbox(s);
      const row = await orderRow(outTradeNo);
      expect(row).toMatchObject({ shipping_status: 'UPLOADED', shipping_error: null });
      const state = await sandboxShipping(row.transaction_id!);
      expect(state).toMatchObject({
        state: 'uploaded',
        uploads: 1,
        changesLeft: 1,
        last: { logisticsType: 3, deliveryMode: 1, itemDescs: ['会员储值 ¥500.00'] },
      });
      expect(await outboxRow(outTradeNo)).toMatchObject({ status: 'done', attempts: 1 });
      const listed = await adminOrders({ outTradeNo });
      expect(listed.items[0]).toMatchObject({ shippingStatus: 'UPLOADED', shippingError: null });
      expect((await adminOrders({ shipping: 'PENDING', outTradeNo })).total).toBe(0);
    });

    it('retries with backoff while WeChat is busy, then uploads (the retry asks WeChat first)', async () => {
      await s.http.post('/sandbox/wx/faults').send({ api: 'upload_shipping_info', errcode: -1, times: 1 }).expect(200);
      const { token, outTradeNo } = await openTopup(planId);
      await pay(outTradeNo);
      await waitPaid(token, outTradeNo);
      await waitFor('a failed first attempt', async () => (await outboxRow(outTradeNo))?.status === 'failed');
      expect((await orderRow(outTradeNo)).shipping_status).toBe('PENDING');
      expect((await adminOrders({ shipping: 'PENDING', outTradeNo })).items[0]).toMatchObject({
        shippingStatus: 'PENDING',
      });
      s.clock.advance(10); // past the first backoff (5 s with jitter)
      await waitFor('the retry', async () => (await outboxRow(outTradeNo))?.status === 'done');
      expect(await outboxRow(outTradeNo)).toMatchObject({ status: 'done', attempts: 2 });
      const row = await orderRow(outTradeNo);
      expect(row.shipping_status).toBe('UPLOADED');
      expect((await sandboxShipping(row.transaction_id!)).uploads).toBe(1);
    });

    it('marks the order FAILED and dead-letters the upload when WeChat refuses it for good', async () => {
      // A payment the Pay sandbox never saw: WeChat's shipping API cannot ship it (10060004).
      const { outTradeNo } = await openTopup(planId);
      const res = await notify(s, paidResource(s, { outTradeNo, payFen: 50_000 }));
      expect(res.status).toBe(204);
      await waitFor('the refusal', async () => (await outboxRow(outTradeNo))?.status === 'dead');
      expect(await outboxRow(outTradeNo)).toMatchObject({ status: 'dead', attempts: 1 });
      const row = await orderRow(outTradeNo);
      expect(row.shipping_status).toBe('FAILED');
      expect(row.shipping_error).toContain('10060004');
      const failed = await adminOrders({ shipping: 'FAILED', outTradeNo });
      expect(failed.items[0]).toMatchObject({ shippingStatus: 'FAILED', status: 'PAID' });
      expect(failed.items[0].shippingError).toContain('10060004');
    });

    it('an operator retries a refused upload from the task queue once WeChat accepts it: FAILED → UPLOADED', async () => {
      await s.http
        .post('/sandbox/wx/faults')
        .send({ api: 'upload_shipping_info', errcode: 268485224, times: 1 })
        .expect(200);
      const { token, outTradeNo } = await openTopup(planId);
      await pay(outTradeNo);
      await waitPaid(token, outTradeNo);
      await waitFor('the refusal', async () => (await outboxRow(outTradeNo))?.status === 'dead');
      expect(await orderRow(outTradeNo)).toMatchObject({ shipping_status: 'FAILED' });
      expect((await orderRow(outTradeNo)).shipping_error).toContain('268485224');
      const [{ id }] = (await ds.query(
        `SELECT id FROM outbox WHERE kind = 'wallet.shipping-upload' AND outbox_key = ?`,
        [outTradeNo],
      )) as { id: number }[];
      await s.http.post(`/api/v1/admin/outbox/${id}/retry`).set(bearer(admin)).expect(200);
      await waitFor('the retried upload', async () => (await outboxRow(outTradeNo))?.status === 'done');
      const row = await orderRow(outTradeNo);
      expect(row).toMatchObject({ shipping_status: 'UPLOADED', shipping_error: null });
      expect((await sandboxShipping(row.transaction_id!)).uploads).toBe(1);
    });

    it('refuses odd filters with 400', async () => {
      const res = await s.http.get('/api/v1/admin/wallet/topups?shipping=UPLOADED').set(bearer(admin));
      expect(res.status).toBe(400);
    });
  });

  describe('sandbox order-shipping API', () => {
    const token = async () =>
      (
        await s.http
          .post('/sandbox/wx/api/cgi-bin/stable_token')
          .send({ grant_type: 'client_credential', appid: s.config.wechat.appId, secret: s.config.wechat.appSecret })
          .expect(200)
      ).body.access_token as string;
    const upload = async (body: Record<string, unknown>) =>
      (
        await s.http
          .post('/sandbox/wx/api/wxa/sec/order/upload_shipping_info')
          .query({ access_token: await token() })
          .send(body)
          .expect(200)
      ).body as { errcode: number; errmsg: string };

    it('accepts the documented shape, one change, and refuses the rest with WeChat codes', async () => {
      const plan = await activePlan(s, admin, { name: '充 ¥100', payFen: 10_000, bonusFen: 0 });
      const { token: memberToken, outTradeNo } = await openTopup(plan.id);
      // Ship it ourselves: our own worker must not get there first, so hold WeChat for the worker's attempts.
      await s.http.post('/sandbox/wx/faults').send({ api: 'upload_shipping_info', errcode: -1, times: 1 }).expect(200);
      await pay(outTradeNo);
      await waitPaid(memberToken, outTradeNo);
      await waitFor('the held attempt', async () => (await outboxRow(outTradeNo))?.status === 'failed');
      const { transaction_id: transactionId } = await orderRow(outTradeNo);
      const { body: payView } = await s.http.get(`/sandbox/pay/transactions/${outTradeNo}`).expect(200);
      const base = {
        order_key: { order_number_type: 2, transaction_id: transactionId },
        logistics_type: 3,
        delivery_mode: 1,
        shipping_list: [{ item_desc: '会员储值 ¥100.00' }],
        upload_time: '2026-12-01T10:00:00+08:00',
        payer: { openid: payView.openid },
      };
      expect(await upload({ ...base, delivery_mode: 2 })).toMatchObject({ errcode: 268485224 });
      expect(await upload({ ...base, shipping_list: [] })).toMatchObject({ errcode: 268485224 });
      expect(await upload({ ...base, logistics_type: 9 })).toMatchObject({ errcode: 268485224 });
      expect(
        await upload({ ...base, order_key: { order_number_type: 2, transaction_id: '4200000000000000000000000000' } }),
      ).toMatchObject({ errcode: 10060004 });
      expect(await upload({ ...base, order_key: undefined })).toMatchObject({ errcode: 47001 });
      expect(await upload({ ...base, upload_time: '2026-12-01 10:00:00' })).toMatchObject({ errcode: 47003 });
      expect(await upload({ ...base, payer: { openid: 'o-someone-else' } })).toMatchObject({ errcode: 40003 });
      expect((await sandboxShipping(transactionId!)).state).toBe('pending');

      // By mchid + out_trade_no, then one change (later upload_time), then no more.
      const byOurNo = { order_number_type: 1, mchid: s.config.wechatPay.mchId, out_trade_no: outTradeNo };
      expect(await upload({ ...base, order_key: byOurNo })).toMatchObject({ errcode: 0, errmsg: 'ok' });
      expect(await upload({ ...base, upload_time: '2026-12-01T09:00:00+08:00' })).toMatchObject({ errcode: 47003 });
      expect(await upload({ ...base, upload_time: '2026-12-01T11:00:00+08:00' })).toMatchObject({ errcode: 0 });
      expect(await upload({ ...base, upload_time: '2026-12-01T12:00:00+08:00' })).toMatchObject({ errcode: 10060003 });
      expect(await sandboxShipping(transactionId!)).toMatchObject({ state: 'uploaded', uploads: 2, changesLeft: 0 });

      // Our retry asks get_order first, finds it shipped and spends no upload.
      s.clock.advance(10);
      await waitFor('the retry', async () => (await outboxRow(outTradeNo))?.status === 'done');
      expect((await orderRow(outTradeNo)).shipping_status).toBe('UPLOADED');
      expect((await sandboxShipping(transactionId!)).uploads).toBe(2);
    });

    it('answers 41001 without an access_token', async () => {
      const { body } = await s.http.post('/sandbox/wx/api/wxa/sec/order/upload_shipping_info').send({}).expect(200);
      expect(body.errcode).toBe(41001);
    });
  });

  describe('plan coupons', () => {
    const createPlan = (body: Record<string, unknown>) =>
      s.http
        .post('/api/v1/admin/wallet/plans')
        .set(bearer(admin))
        .send({
          name: '充 ¥300 加赠',
          payFen: 30_000,
          bonusFen: 0,
          startsAt: null,
          endsAt: null,
          perMemberLimit: null,
          sortOrder: 5,
          ...body,
        });

    it('checks the templates a plan gives: unknown or ended ones are refused, a sent list replaces', async () => {
      const ended = await activeTemplate(s, admin, { name: '已结束券', trigger: 'MANUAL' });
      await s.http
        .post(`/api/v1/admin/coupon-templates/${ended.id}/status`)
        .set(bearer(admin))
        .send({ status: 'ENDED' })
        .expect(200);
      expect((await createPlan({ couponTemplateIds: [ended.id] })).status).toBe(400);
      expect((await createPlan({ couponTemplateIds: [999_999] })).status).toBe(400);
      expect((await createPlan({ couponTemplateIds: ['x'] })).status).toBe(400);
      const draft = (
        await s.http
          .post('/api/v1/admin/coupon-templates')
          .set(bearer(admin))
          .send((await import('../fixtures/coupon-template')).couponTemplateBody({ name: '草稿券', trigger: 'MANUAL' }))
          .expect(201)
      ).body;
      const created = await createPlan({ couponTemplateIds: [draft.id] }).expect(201);
      expect(created.body.couponTemplateIds).toEqual([draft.id]);
      const plain = await createPlan({}).expect(201);
      expect(plain.body.couponTemplateIds).toEqual([]);
      const patched = await s.http
        .patch(`/api/v1/admin/wallet/plans/${created.body.id}`)
        .set(bearer(admin))
        .send({ version: created.body.version, couponTemplateIds: [] })
        .expect(200);
      expect(patched.body.couponTemplateIds).toEqual([]);
    });

    it('issues each coupon once when the payment is credited, however many notifications arrive', async () => {
      const gift = await activeTemplate(s, admin, {
        name: '饮品兑换券',
        trigger: 'MANUAL',
        kind: 'EXCHANGE',
        itemName: '美式咖啡',
        faceValueFen: 2_800,
        minSpendFen: 0,
      });
      const second = await activeTemplate(s, admin, { name: '满100减20', trigger: 'MANUAL' });
      const plan = (await createPlan({ name: '充 ¥300 送券', couponTemplateIds: [gift.id, second.id] }).expect(201))
        .body;
      await s.http
        .post(`/api/v1/admin/wallet/plans/${plan.id}/status`)
        .set(bearer(admin))
        .send({ status: 'ACTIVE' })
        .expect(200);

      const { token, outTradeNo } = await openTopup(plan.id);
      const summary = (await s.http.get('/api/v1/me/wallet').set(bearer(token)).expect(200)).body;
      expect(summary.plans.find((p: { id: number }) => p.id === plan.id).couponNames).toEqual([
        '饮品兑换券',
        '满100减20',
      ]);

      await pay(outTradeNo, { duplicates: 3 });
      await waitPaid(token, outTradeNo);
      // WeChat's retries as we build them ourselves: the same payment, concurrently and again later.
      const { transaction_id: transactionId } = await orderRow(outTradeNo);
      const again = paidResource(s, { outTradeNo, payFen: 30_000 }, { transaction_id: transactionId! });
      const answers = await Promise.all(Array.from({ length: 6 }, () => notify(s, again)));
      expect(answers.map((r) => r.status)).toEqual(Array(6).fill(204));
      await waitForOutbox(s);

      const issued = (await ds.query(`SELECT template_id, source, source_key FROM coupon WHERE source_key LIKE ?`, [
        `topup:${outTradeNo}:%`,
      ])) as { template_id: number; source: string; source_key: string }[];
      expect(issued.map((c) => Number(c.template_id)).sort()).toEqual([gift.id, second.id].sort());
      expect(issued.every((c) => c.source === 'TOPUP')).toBe(true);
      const mine = (await s.http.get(`/api/v1/me/wallet/topups/${outTradeNo}`).set(bearer(token)).expect(200)).body;
      expect(mine.coupons.map((c: { name: string }) => c.name).sort()).toEqual(['满100减20', '饮品兑换券'].sort());
      const coupons = (await s.http.get('/api/v1/me/coupons').set(bearer(token)).expect(200)).body;
      expect(coupons.items.filter((c: { source: string }) => c.source === 'TOPUP')).toHaveLength(2);
      // One credit, one upload.
      expect((await sandboxShipping(transactionId!)).uploads).toBe(1);
      expect(
        Number(
          (
            await ds.query(
              `SELECT COUNT(*) AS n FROM ledger_entry WHERE biz_id = ? AND biz_type = 'WALLET_TOPUP' AND account_id = journal_account_id`,
              [outTradeNo],
            )
          )[0].n,
        ),
      ).toBe(1);
    });
  });
});
