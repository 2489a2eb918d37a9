import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { bearer, loginOperator, type TestServer } from './support';
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

// Top-ups end to end on the sandbox WeChat Pay: plans, the rules of a top-up, the idempotent request id,
// payment through the sandbox (its notification credits once), and notifications we build ourselves for
// every way one can be wrong.
describe('wallet top-ups', () => {
  let s: TestServer;
  let admin: string;
  let ds: DataSource;
  useWalletServer((w) => ({ s, admin, ds } = w));

  const wallet = async (token: string) => (await s.http.get('/api/v1/me/wallet').set(bearer(token)).expect(200)).body;
  const credits = async (outTradeNo: string) =>
    Number(
      (
        await ds.query(
          `SELECT COUNT(*) AS n FROM ledger_entry WHERE biz_id = ? AND biz_type IN ('WALLET_TOPUP', 'WALLET_TOPUP_BONUS')
             AND account_id = journal_account_id`,
          [outTradeNo],
        )
      )[0].n,
    );
  const anomalies = async (outTradeNo: string) =>
    (await ds.query(`SELECT kind, credited FROM pay_anomaly WHERE out_trade_no = ?`, [outTradeNo])) as {
      kind: string;
    }[];
  /** The member pays in the sandbox; it delivers the signed notification to our notify URL. */
  const pay = (outTradeNo: string, body: Record<string, unknown> = {}) =>
    s.http.post(`/sandbox/pay/transactions/${outTradeNo}/pay`).send(body).expect(200);
  const waitPaid = async (token: string, outTradeNo: string) => {
    for (let i = 0; i < 100; i++) {
      const { body } = await s.http.get(`/api/v1/me/wallet/topups/${outTradeNo}`).set(bearer(token)).expect(200);
      if (body.status === 'PAID') return body;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`${outTradeNo} not paid`);
  };

  describe('plans', () => {
    it('creates a draft, edits under a version check, moves status as allowed, and audits', async () => {
      const created = await s.http
        .post('/api/v1/admin/wallet/plans')
        .set(bearer(admin))
        .send({
          name: '充 ¥500 送 ¥60',
          payFen: 50_000,
          bonusFen: 6_000,
          startsAt: null,
          endsAt: null,
          perMemberLimit: 2,
          sortOrder: 1,
        })
        .expect(201);
      expect(created.body).toMatchObject({ status: 'DRAFT', paidCount: 0, version: 0, perMemberLimit: 2 });
      const id = created.body.id;
      const patched = await s.http
        .patch(`/api/v1/admin/wallet/plans/${id}`)
        .set(bearer(admin))
        .send({ version: 0, bonusFen: 7_000 })
        .expect(200);
      expect(patched.body).toMatchObject({ bonusFen: 7_000, payFen: 50_000, name: '充 ¥500 送 ¥60', version: 1 });
      const stale = await s.http
        .patch(`/api/v1/admin/wallet/plans/${id}`)
        .set(bearer(admin))
        .send({ version: 0, bonusFen: 8_000 })
        .expect(409);
      expect(stale.body.code).toBe('WALLET_PLAN_VERSION_CONFLICT');
      const bad = await s.http
        .post('/api/v1/admin/wallet/plans')
        .set(bearer(admin))
        .send({ name: 'x', payFen: 99, bonusFen: 0, startsAt: null, endsAt: null, perMemberLimit: null, sortOrder: 0 })
        .expect(400);
      expect(bad.body.code).toBe('VALIDATION_FAILED');
      const window = await s.http
        .post('/api/v1/admin/wallet/plans')
        .set(bearer(admin))
        .send({
          name: '倒序',
          payFen: 100,
          bonusFen: 0,
          startsAt: '2026-12-02T00:00:00Z',
          endsAt: '2026-12-01T00:00:00Z',
          perMemberLimit: null,
          sortOrder: 0,
        })
        .expect(400);
      expect(window.body.code).toBe('VALIDATION_FAILED');
      const paused = await s.http
        .post(`/api/v1/admin/wallet/plans/${id}/status`)
        .set(bearer(admin))
        .send({ status: 'PAUSED' })
        .expect(409);
      expect(paused.body.code).toBe('WALLET_PLAN_STATUS_INVALID');
      for (const status of ['ACTIVE', 'PAUSED', 'ACTIVE', 'ENDED'])
        await s.http.post(`/api/v1/admin/wallet/plans/${id}/status`).set(bearer(admin)).send({ status }).expect(200);
      const ended = await s.http
        .patch(`/api/v1/admin/wallet/plans/${id}`)
        .set(bearer(admin))
        .send({ version: 5, name: '改名' })
        .expect(409);
      expect(ended.body.code).toBe('WALLET_PLAN_STATUS_INVALID');
      const audit = await s.http
        .get('/api/v1/admin/audit-logs?targetType=topup_plan&pageSize=50')
        .set(bearer(admin))
        .expect(200);
      const actions = audit.body.items.filter((a: { targetId: string }) => a.targetId === String(id));
      expect(actions.map((a: { action: string }) => a.action).sort()).toEqual(
        ['topup_plan.created', 'topup_plan.updated', ...Array(4).fill('topup_plan.status_changed')].sort(),
      );
    });
  });

  describe('top-up rules', () => {
    it('needs a bound phone, the current policy, an amount within bounds and an available plan', async () => {
      const noPhone = await walletMember(s, { phone: false });
      const summary = await wallet(noPhone.token);
      expect(summary).toMatchObject({
        balanceFen: 0,
        principalFen: 0,
        bonusFen: 0,
        capFen: 500_000,
        phoneBound: false,
      });
      expect(summary.policy.paragraphs[0]).toContain('¥5,000.00');
      const v = summary.policy.version;
      const phone = await topup(s, noPhone.token, { amountFen: 10_000, policyVersion: v, requestId: requestId() });
      expect([phone.status, phone.body.code]).toEqual([409, 'WALLET_PHONE_REQUIRED']);

      const m = await walletMember(s);
      const old = await topup(s, m.token, { amountFen: 10_000, policyVersion: '2020-01-01', requestId: requestId() });
      expect([old.status, old.body.code]).toEqual([409, 'WALLET_POLICY_NOT_ACCEPTED']);
      const small = await topup(s, m.token, { amountFen: 99, policyVersion: v, requestId: requestId() });
      expect([small.status, small.body.code]).toEqual([400, 'WALLET_AMOUNT_OUT_OF_RANGE']);
      const both = await topup(s, m.token, { amountFen: 100, planId: 1, policyVersion: v, requestId: requestId() });
      expect([both.status, both.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      const none = await topup(s, m.token, { planId: 2_000_000, policyVersion: v, requestId: requestId() });
      expect([none.status, none.body.code]).toEqual([404, 'WALLET_PLAN_NOT_FOUND']);
      const later = await activePlan(s, admin, { startsAt: new Date(Date.now() + 86_400_000).toISOString() });
      const notYet = await topup(s, m.token, { planId: later.id, policyVersion: v, requestId: requestId() });
      expect([notYet.status, notYet.body.code]).toEqual([409, 'WALLET_PLAN_UNAVAILABLE']);
      expect((await wallet(m.token)).plans.map((p: { id: number }) => p.id)).not.toContain(later.id);
    });

    it('answers the same order for the same request id and body, and refuses another body', async () => {
      const m = await walletMember(s);
      const v = await policyVersion(s, m.token);
      const key = requestId();
      const first = await topup(s, m.token, { amountFen: 12_345, policyVersion: v, requestId: key }).expect(201);
      expect(first.body).toMatchObject({ payFen: 12_345, bonusFen: 0 });
      expect(first.body.outTradeNo).toMatch(/^T\d{8}\d{16}$/);
      expect(first.body.payParams).toMatchObject({ signType: 'RSA', package: expect.stringMatching(/^prepay_id=/) });
      const again = await topup(s, m.token, { amountFen: 12_345, policyVersion: v, requestId: key }).expect(201);
      expect(again.body.outTradeNo).toBe(first.body.outTradeNo);
      // WeChat answers a repeated prepay of the same order with a fresh prepay id: freshly signed params.
      expect(again.body.payParams.package).toMatch(/^prepay_id=/);
      expect(again.body.expiresAt).toBe(first.body.expiresAt);
      const other = await topup(s, m.token, { amountFen: 20_000, policyVersion: v, requestId: key });
      expect([other.status, other.body.code]).toEqual([409, 'IDEMPOTENCY_KEY_REUSED']);
      // Concurrent retries of one key still make one order.
      const key2 = requestId();
      const burst = await Promise.all(
        Array.from({ length: 6 }, () => topup(s, m.token, { amountFen: 500, policyVersion: v, requestId: key2 })),
      );
      expect(new Set(burst.map((r) => r.body.outTradeNo)).size).toBe(1);
      const [{ n }] = await ds.query(`SELECT COUNT(*) AS n FROM topup_order WHERE request_id = ?`, [key2]);
      expect(Number(n)).toBe(1);
      // Another member's order is not theirs to see.
      const stranger = await walletMember(s);
      const peek = await s.http.get(`/api/v1/me/wallet/topups/${first.body.outTradeNo}`).set(bearer(stranger.token));
      expect([peek.status, peek.body.code]).toEqual([404, 'WALLET_TOPUP_NOT_FOUND']);
    });

    it('counts paid and payable orders against the plan limit, and keeps the cap', async () => {
      const plan = await activePlan(s, admin, { payFen: 100_000, bonusFen: 15_000, perMemberLimit: 1 });
      const m = await walletMember(s);
      const v = await policyVersion(s, m.token);
      const first = await topup(s, m.token, { planId: plan.id, policyVersion: v, requestId: requestId() }).expect(201);
      const second = await topup(s, m.token, { planId: plan.id, policyVersion: v, requestId: requestId() });
      expect([second.status, second.body.code]).toEqual([409, 'WALLET_PLAN_LIMIT_REACHED']);
      const view = (await wallet(m.token)).plans.find((p: { id: number }) => p.id === plan.id);
      expect(view).toMatchObject({ remainingForMember: 0, available: false, unavailableReason: '已达购买上限' });
      await pay(first.body.outTradeNo);
      await waitPaid(m.token, first.body.outTradeNo);
      // ¥1,150.00 held: ¥3,850.00 more is the most; ¥3,850.01 would pass the cap.
      const over = await topup(s, m.token, { amountFen: 385_001, policyVersion: v, requestId: requestId() });
      expect([over.status, over.body.code]).toEqual([409, 'WALLET_CAP_EXCEEDED']);
      await topup(s, m.token, { amountFen: 385_000, policyVersion: v, requestId: requestId() }).expect(201);
    });
  });

  describe('payment', () => {
    it('credits a sandbox payment once (principal and bonus), shows it in the summary and as one history line', async () => {
      const plan = await activePlan(s, admin, { payFen: 50_000, bonusFen: 6_000 });
      const m = await walletMember(s);
      const v = await policyVersion(s, m.token);
      const key = requestId();
      const created = await topup(s, m.token, { planId: plan.id, policyVersion: v, requestId: key }).expect(201);
      const no = created.body.outTradeNo;
      await pay(no, { duplicates: 3 });
      const paid = await waitPaid(m.token, no);
      expect(paid).toMatchObject({ status: 'PAID', payFen: 50_000, bonusFen: 6_000, planName: '充 ¥100 送 ¥10' });
      // Let the duplicates arrive: still one credit of each leg.
      await new Promise((r) => setTimeout(r, 500));
      expect(await credits(no)).toBe(2);
      expect(await wallet(m.token)).toMatchObject({ balanceFen: 56_000, principalFen: 50_000, bonusFen: 6_000 });
      const history = await s.http.get('/api/v1/me/wallet/history').set(bearer(m.token)).expect(200);
      expect(history.body.total).toBe(1);
      expect(history.body.items[0]).toMatchObject({
        kind: 'TOPUP',
        title: '充值 ¥500.00 送 ¥60.00',
        amountFen: 56_000,
        principalFen: 50_000,
        bonusFen: 6_000,
        balanceAfterFen: 56_000,
      });
      // Retrying the paid request answers that it is paid, not a new prepay WeChat would refuse.
      const retry = await topup(s, m.token, { planId: plan.id, policyVersion: v, requestId: key });
      expect([retry.status, retry.body.code]).toEqual([409, 'WALLET_TOPUP_PAID']);
      const [order] = await ds.query(`SELECT confirmed_by, transaction_id FROM topup_order WHERE out_trade_no = ?`, [
        no,
      ]);
      expect(order.confirmed_by).toBe('NOTIFY');
      expect(order.transaction_id).toBeTruthy();
      const plans = await s.http.get('/api/v1/admin/wallet/plans').set(bearer(admin)).expect(200);
      expect(plans.body.find((p: { id: number }) => p.id === plan.id).paidCount).toBe(1);
      const list = await s.http.get(`/api/v1/admin/wallet/topups?outTradeNo=${no}`).set(bearer(admin)).expect(200);
      expect(list.body.items[0]).toMatchObject({
        outTradeNo: no,
        status: 'PAID',
        confirmedBy: 'NOTIFY',
        anomaly: null,
      });
    });

    it('flags a verified notification that disagrees with the order and credits nothing (204)', async () => {
      const m = await walletMember(s);
      const v = await policyVersion(s, m.token);
      const order = async () =>
        (await topup(s, m.token, { amountFen: 8_800, policyVersion: v, requestId: requestId() }).expect(201)).body;
      const cases: [string, (o: { outTradeNo: string; payFen: number }) => object][] = [
        [
          'AMOUNT_MISMATCH',
          (o) => paidResource(s, o, { amount: { total: 1, payer_total: 1, currency: 'CNY', payer_currency: 'CNY' } }),
        ],
        ['MCHID_MISMATCH', (o) => paidResource(s, o, { mchid: '1230000109' })],
        ['APPID_MISMATCH', (o) => paidResource(s, o, { appid: 'wx0000000000000000' })],
      ];
      for (const [kind, resource] of cases) {
        const o = await order();
        const body = resource(o);
        expect((await notify(s, body)).status).toBe(204);
        expect((await notify(s, body)).status).toBe(204);
        expect(await credits(o.outTradeNo)).toBe(0);
        expect(await anomalies(o.outTradeNo)).toEqual([expect.objectContaining({ kind })]);
        const flagged = await s.http
          .get(`/api/v1/admin/wallet/topups?flagged=true&outTradeNo=${o.outTradeNo}`)
          .set(bearer(admin))
          .expect(200);
        expect(flagged.body.items[0]).toMatchObject({ status: 'NOTPAY', anomaly: kind });
      }
      const unknown = paidResource(s, { outTradeNo: 'T20261201NOSUCHORDER0001', payFen: 100 });
      expect((await notify(s, unknown)).status).toBe(204);
      expect(await anomalies('T20261201NOSUCHORDER0001')).toEqual([expect.objectContaining({ kind: 'UNKNOWN_ORDER' })]);
      expect((await wallet(m.token)).balanceFen).toBe(0);
    });

    it('refuses notifications that do not verify or decrypt: 4xx FAIL, nothing changes', async () => {
      const m = await walletMember(s);
      const v = await policyVersion(s, m.token);
      const o = (await topup(s, m.token, { amountFen: 6_600, policyVersion: v, requestId: requestId() }).expect(201))
        .body;
      const good = paidResource(s, o);
      const cases: [string, Parameters<typeof notify>[2], number][] = [
        ['bad signature', { signature: (sig) => sig.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')) }, 401],
        ['other key', { wrongKey: true }, 401],
        ['SIGNTEST', { signature: (sig) => `WECHATPAY/SIGNTEST/${sig}` }, 401],
        ['unknown serial', { serial: 'PUB_KEY_ID_0000000000000000000000000000000' }, 401],
        ['stale timestamp', { skewSeconds: -301 }, 401],
        ['future timestamp', { skewSeconds: 301 }, 401],
        ['tampered tag', { tamperTag: true }, 400],
      ];
      for (const [what, opts, status] of cases) {
        const res = await notify(s, good, opts);
        expect([what, res.status, await res.json()]).toEqual([what, status, { code: 'FAIL', message: '失败' }]);
      }
      expect(await credits(o.outTradeNo)).toBe(0);
      expect(await anomalies(o.outTradeNo)).toEqual([]);
      // The same notification, signed properly, credits.
      expect((await notify(s, good)).status).toBe(204);
      expect(await credits(o.outTradeNo)).toBe(1);
      expect((await wallet(m.token)).balanceFen).toBe(6_600);
    });

    it('credits a payment that arrives after we closed the order, and flags it', async () => {
      const m = await walletMember(s);
      const v = await policyVersion(s, m.token);
      const o = (await topup(s, m.token, { amountFen: 3_000, policyVersion: v, requestId: requestId() }).expect(201))
        .body;
      await ds.query(`UPDATE topup_order SET status = 'CLOSED' WHERE out_trade_no = ?`, [o.outTradeNo]);
      expect((await notify(s, paidResource(s, o))).status).toBe(204);
      expect(await credits(o.outTradeNo)).toBe(1);
      expect(await anomalies(o.outTradeNo)).toEqual([expect.objectContaining({ kind: 'PAID_AFTER_CLOSE' })]);
      const list = await s.http.get('/api/v1/admin/wallet/anomalies?status=OPEN').set(bearer(admin)).expect(200);
      const flag = list.body.items.find((a: { outTradeNo: string }) => a.outTradeNo === o.outTradeNo);
      expect(flag).toMatchObject({ kind: 'PAID_AFTER_CLOSE', credited: true, expectedFen: 3_000, reportedFen: 3_000 });
      const resolved = await s.http
        .post(`/api/v1/admin/wallet/anomalies/${flag.id}/resolve`)
        .set(bearer(admin))
        .send({ resolution: '已联系会员，余额保留' })
        .expect(200);
      expect(resolved.body).toMatchObject({ status: 'RESOLVED', resolution: '已联系会员，余额保留' });
      const twice = await s.http
        .post(`/api/v1/admin/wallet/anomalies/${flag.id}/resolve`)
        .set(bearer(admin))
        .send({ resolution: '再次' });
      expect([twice.status, twice.body.code]).toEqual([409, 'PAY_ANOMALY_RESOLVED']);
    });

    it('credits a payment that takes the member over the cap (the money has moved) and flags it', async () => {
      const m = await walletMember(s);
      const v = await policyVersion(s, m.token);
      // Unpaid orders do not count against the cap: each fits alone, both together do not.
      const a = (await topup(s, m.token, { amountFen: 300_000, policyVersion: v, requestId: requestId() }).expect(201))
        .body;
      const b = (await topup(s, m.token, { amountFen: 300_000, policyVersion: v, requestId: requestId() }).expect(201))
        .body;
      expect((await notify(s, paidResource(s, a))).status).toBe(204);
      expect((await notify(s, paidResource(s, b))).status).toBe(204);
      expect((await wallet(m.token)).balanceFen).toBe(600_000);
      expect(await anomalies(a.outTradeNo)).toEqual([]);
      expect(await anomalies(b.outTradeNo)).toEqual([expect.objectContaining({ kind: 'OVER_CAP' })]);
      const view = (await wallet(m.token)).plans;
      expect(view.every((p: { available: boolean; unavailableReason: string | null }) => !p.available)).toBe(true);
    });

    it('acknowledges a verified refund notification it has no refund for, flagged once', async () => {
      const resource = {
        mchid: s.config.wechatPay.mchId,
        out_trade_no: 'T20261201REFUNDUNKNOWN01',
        transaction_id: '4200000000000000000000000001',
        out_refund_no: 'R-unknown-1',
        refund_id: '50300000000000000000000001',
        refund_status: 'SUCCESS',
        success_time: new Date().toISOString(),
        amount: { total: 100, refund: 100, payer_total: 100, payer_refund: 100 },
        user_received_account: '支付用户零钱',
      };
      const path = '/api/v1/pay/wechat/refund-notify';
      expect((await notify(s, resource, { originalType: 'refund' }, path)).status).toBe(204);
      expect((await notify(s, resource, { originalType: 'refund' }, path)).status).toBe(204);
      expect(await anomalies('T20261201REFUNDUNKNOWN01')).toEqual([expect.objectContaining({ kind: 'UNKNOWN_ORDER' })]);
      expect((await notify(s, resource, { originalType: 'refund', tamperTag: true }, path)).status).toBe(400);
    });
  });

  describe('console', () => {
    it('lists with filters, exports CSV (audited; not for analysts, who see names masked), and shows figures', async () => {
      const stats = await s.http.get('/api/v1/admin/wallet/topups/stats').set(bearer(admin)).expect(200);
      expect(stats.body.todayCount).toBeGreaterThan(0);
      expect(stats.body.outstandingPrincipalFen).toBeGreaterThan(0);
      expect(stats.body.openAnomalies).toBeGreaterThan(0);
      const paid = await s.http
        .get('/api/v1/admin/wallet/topups?status=PAID&pageSize=100')
        .set(bearer(admin))
        .expect(200);
      expect(paid.body.items.every((i: { status: string }) => i.status === 'PAID')).toBe(true);
      const [{ n }] = await ds.query(`SELECT COUNT(*) AS n FROM topup_order WHERE status = 'PAID'`);
      expect(paid.body.total).toBe(Number(n));
      const csv = await s.http.get('/api/v1/admin/wallet/topups?format=csv&status=PAID').set(bearer(admin)).expect(200);
      expect(csv.headers['content-type']).toContain('text/csv');
      expect(csv.text.split('\r\n')[0]).toContain('商户订单号');
      expect(csv.text.split('\r\n').filter(Boolean)).toHaveLength(Number(n) + 1);
      const audit = await s.http.get('/api/v1/admin/audit-logs?action=topup.exported').set(bearer(admin)).expect(200);
      expect(audit.body.total).toBeGreaterThan(0);

      const m = await walletMember(s);
      await s.http.patch('/api/v1/me').set(bearer(m.token)).send({ nickname: '张三丰' }).expect(200);
      const v = await policyVersion(s, m.token);
      const o = (await topup(s, m.token, { amountFen: 1_000, policyVersion: v, requestId: requestId() }).expect(201))
        .body;
      const operator = async (role: string) => {
        const username = 'wt' + randomBytes(4).toString('hex');
        const password = 'Wt-Passw0rd!' + username;
        await s.http
          .post('/api/v1/admin/operators')
          .set(bearer(admin))
          .send({ username, password, displayName: username, role })
          .expect(201);
        return loginOperator(s, { username, password });
      };
      const analyst = await operator('analyst');
      const byNo = `/api/v1/admin/wallet/topups?outTradeNo=${o.outTradeNo}`;
      expect((await s.http.get(byNo).set(bearer(admin)).expect(200)).body.items[0].memberName).toBe('张三丰');
      expect((await s.http.get(byNo).set(bearer(analyst)).expect(200)).body.items[0].memberName).toBe('张**');
      await s.http.get(`${byNo}&format=csv`).set(bearer(analyst)).expect(403);
      await s.http.post(`/api/v1/admin/wallet/topups/${o.outTradeNo}/sync`).set(bearer(analyst)).expect(403);
    });
  });
});
