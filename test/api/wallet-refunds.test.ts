import type { AdminMemberWallet, WalletRefundResult } from '@member/shared';
import { DataSource } from 'typeorm';
import { JobRunner } from '../../server/src/jobs/job-runner.service';
import { checkWalletRefundInvariants } from '../../server/src/modules/wallet/wallet-refund-invariants';
import { WalletRefundSyncService } from '../../server/src/modules/wallet/wallet-refund-sync.service';
import { checkoutId } from './checkout-support';
import { bearer, loginOperator, makeStaff, startTestServer, type TestServer } from './support';
import { activePlan, expectBooksBalance, policyVersion, requestId, topup, walletMember } from './wallet-support';

// Operator refunds of unspent principal through the sandbox WeChat Pay: split across paid orders, the bonus
// forfeited in proportion, idempotent request ids, off-platform for principal past WeChat's year, and every
// outcome (SUCCESS / CLOSED / ABNORMAL) settled once whether the notification or the sync job gets there first.
describe('wallet principal refunds', () => {
  let s: TestServer;
  let admin: string;
  let ds: DataSource;
  let staffToken: string;
  beforeAll(async () => {
    s = await startTestServer();
    admin = await loginOperator(s);
    ds = s.app.get(DataSource);
    ({ staffToken } = await makeStaff(s, admin));
  });
  afterEach(async () => {
    s.clock.reset();
    // A year on the clock ends console sessions: log in again.
    admin = await loginOperator(s);
  });
  afterAll(async () => {
    await expectBooksBalance(ds);
    const refunds = await checkWalletRefundInvariants((sql, p) => ds.query(sql, p));
    expect(refunds.refunds).toBeGreaterThan(0);
    expect(refunds.violations).toEqual([]);
    await s.close();
  });

  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const memberIdOf = async (token: string) =>
    (await s.http.get('/api/v1/me').set(bearer(token)).expect(200)).body.id as number;

  /** A member with paid top-ups (free amounts in fen, or a plan), each paid in the sandbox and credited. */
  async function funded(payments: ({ amountFen: number } | { planId: number })[]) {
    const m = await walletMember(s);
    const id = await memberIdOf(m.token);
    const policy = await policyVersion(s, m.token);
    const orders: string[] = [];
    for (const p of payments) {
      const { body } = await topup(s, m.token, { ...p, policyVersion: policy, requestId: requestId() }).expect(201);
      await s.http.post(`/sandbox/pay/transactions/${body.outTradeNo}/pay`).send({}).expect(200);
      for (let i = 0; ; i++) {
        const { body: t } = await s.http
          .get(`/api/v1/me/wallet/topups/${body.outTradeNo}`)
          .set(bearer(m.token))
          .expect(200);
        if (t.status === 'PAID') break;
        if (i > 100) throw new Error(`${body.outTradeNo} not paid`);
        await sleep(50);
      }
      orders.push(body.outTradeNo as string);
      // WeChat wants a minute between refunds of one order; top-ups a second apart keep paid_at ordered.
      s.clock.advance(1);
    }
    return { ...m, id, orders };
  }

  const refund = (memberId: number, body: Record<string, unknown>, token = admin) =>
    s.http
      .post(`/api/v1/admin/wallet/members/${memberId}/refunds`)
      .set(bearer(token))
      .send({ reason: '会员申请退款', requestId: requestId('RF'), ...body });
  const wallet = async (memberId: number, token = admin) =>
    (await s.http.get(`/api/v1/admin/wallet/members/${memberId}`).set(bearer(token)).expect(200))
      .body as AdminMemberWallet;
  const status = async (outRefundNo: string) =>
    (
      (await ds.query(`SELECT status FROM wallet_refund WHERE out_refund_no = ?`, [outRefundNo])) as {
        status: string;
      }[]
    )[0]?.status;
  const waitStatus = async (outRefundNo: string, want: string) => {
    for (let i = 0; i < 200; i++) {
      if ((await status(outRefundNo)) === want) return;
      await sleep(25);
    }
    throw new Error(`${outRefundNo} is ${await status(outRefundNo)}, not ${want}`);
  };
  const settle = (outRefundNo: string, body: Record<string, unknown>) =>
    s.http.post(`/sandbox/pay/refunds/${outRefundNo}/settle`).send(body).expect(200);
  const lots = async (memberId: number) =>
    (
      (await ds.query(
        `SELECT l.id, l.lot_kind, l.remaining FROM ledger_lot l JOIN ledger_account a ON a.id = l.account_id
          WHERE a.member_id = ? AND a.kind = 'WALLET' ORDER BY l.id`,
        [memberId],
      )) as { id: unknown; lot_kind: string; remaining: unknown }[]
    ).map((l) => ({ id: Number(l.id), kind: l.lot_kind, remaining: Number(l.remaining) }));
  const order = async (outTradeNo: string) =>
    (
      (await ds.query(`SELECT status, refunded_fen FROM topup_order WHERE out_trade_no = ?`, [outTradeNo])) as {
        status: string;
        refunded_fen: unknown;
      }[]
    ).map((o) => ({ status: o.status, refundedFen: Number(o.refunded_fen) }))[0];
  const entries = async (outRefundNo: string) =>
    Number(
      (
        await ds.query(`SELECT COUNT(*) AS n FROM ledger_entry WHERE biz_id = ? AND account_id = journal_account_id`, [
          outRefundNo,
        ])
      )[0].n,
    );

  it('refunds part of the principal, forfeits the bonus in proportion, and settles on WeChat success', async () => {
    const plan = await activePlan(s, admin, { name: '充 ¥100 送 ¥10 退款', payFen: 10_000, bonusFen: 1_000 });
    const m = await funded([{ planId: plan.id }]);
    const res = await refund(m.id, { amountFen: 3_333 }).expect(201);
    const result = res.body as WalletRefundResult;
    // 1000 × 3333 / 10000 = 333.3 → 333
    expect(result).toMatchObject({ principalFen: 3_333, bonusForfeitedFen: 333 });
    expect(result.refunds).toEqual([
      expect.objectContaining({
        outTradeNo: m.orders[0],
        status: 'PROCESSING',
        offPlatform: false,
        principalFen: 3_333,
        bonusForfeitedFen: 333,
        reason: '会员申请退款',
        refundId: expect.any(String),
      }),
    ]);
    const no = result.refunds[0].outRefundNo;
    expect(no).toMatch(/^R\d{8}\d{14}01$/);
    expect(await wallet(m.id)).toMatchObject({
      balanceFen: 11_000 - 3_333 - 333,
      principalFen: 6_667,
      bonusFen: 667,
      wechatRefundableFen: 6_667,
      offPlatformRefundableFen: 0,
      orders: [
        expect.objectContaining({ outTradeNo: m.orders[0], refundedFen: 3_333, refundableFen: 6_667, refundCount: 1 }),
      ],
    });
    expect(await order(m.orders[0])).toEqual({ status: 'PAID', refundedFen: 3_333 });
    await settle(no, { status: 'SUCCESS' });
    await waitStatus(no, 'SUCCESS');
    const after = (await wallet(m.id)).refunds[0];
    expect(after).toMatchObject({
      status: 'SUCCESS',
      successAt: expect.any(String),
      transactionId: expect.any(String),
    });
    // The member's 储值记录: one line for the refund (principal and forfeited bonus).
    const history = (await s.http.get('/api/v1/me/wallet/history').set(bearer(m.token)).expect(200)).body.items;
    expect(history[0]).toMatchObject({ kind: 'REFUND', amountFen: -3_666, principalFen: -3_333, bonusFen: -333 });
    const audit = await ds.query(
      `SELECT reason FROM audit_log WHERE action = 'wallet_refund.requested' AND target_id = ?`,
      [String(m.id)],
    );
    expect(audit).toEqual([{ reason: '会员申请退款' }]);
  });

  it('answers a repeated request with the same refunds and debits once; another body is refused', async () => {
    const m = await funded([{ amountFen: 5_000 }]);
    const body = { amountFen: 1_000, requestId: requestId('RF') };
    // Two at once (a double click), then once more: one refund, the same answer each time.
    const both = await Promise.all([refund(m.id, body), refund(m.id, body)]);
    const first = both[0].body as WalletRefundResult;
    const again = [...both, await refund(m.id, body)];
    for (const r of again) {
      expect(r.status).toBe(201);
      expect((r.body as WalletRefundResult).refunds.map((x) => x.outRefundNo)).toEqual(
        first.refunds.map((x) => x.outRefundNo),
      );
    }
    expect(first.refunds).toHaveLength(1);
    expect(await entries(first.refunds[0].outRefundNo)).toBe(1); // no bonus: one debit
    expect((await wallet(m.id)).principalFen).toBe(4_000);
    const other = await refund(m.id, { ...body, amountFen: 2_000 }).expect(409);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('splits across orders newest first, never refunding more than an order paid', async () => {
    const m = await funded([{ amountFen: 10_000 }, { amountFen: 5_000 }]);
    const [older, newer] = m.orders;
    const split = (await refund(m.id, { amountFen: 12_000 }).expect(201)).body as WalletRefundResult;
    expect(split.refunds.map((r) => [r.outTradeNo, r.principalFen])).toEqual([
      [newer, 5_000],
      [older, 7_000],
    ]);
    expect(split.refunds[0].outRefundNo.slice(0, -2)).toBe(split.refunds[1].outRefundNo.slice(0, -2));
    expect(await order(newer)).toEqual({ status: 'REFUNDED', refundedFen: 5_000 });
    expect(await order(older)).toEqual({ status: 'PAID', refundedFen: 7_000 });
    const over = await refund(m.id, { amountFen: 3_001 }).expect(409);
    expect(over.body.code).toBe('WALLET_REFUND_EXCEEDS_PRINCIPAL');
    // Omitted amount: all the principal left.
    const rest = (await refund(m.id, {}).expect(201)).body as WalletRefundResult;
    expect(rest.refunds.map((r) => [r.outTradeNo, r.principalFen])).toEqual([[older, 3_000]]);
    expect(await order(older)).toEqual({ status: 'REFUNDED', refundedFen: 10_000 });
    expect((await refund(m.id, {}).expect(409)).body.code).toBe('WALLET_REFUND_NOTHING');
    // The sandbox holds WeChat's side: Σ refunds per order within what it paid.
    for (const r of [...split.refunds, ...rest.refunds]) {
      const { body } = await s.http.get(`/sandbox/pay/refunds/${r.outRefundNo}`).expect(200);
      expect(body).toMatchObject({ status: 'PROCESSING' });
    }
    // The member's history shows the two-order refund as one line.
    const history = (await s.http.get('/api/v1/me/wallet/history').set(bearer(m.token)).expect(200)).body.items;
    expect(history.slice(0, 2).map((h: { principalFen: number }) => h.principalFen)).toEqual([-3_000, -12_000]);
  });

  it('principal paid over a year ago goes back off-platform only', async () => {
    const plan = await activePlan(s, admin, { name: '充 ¥50 送 ¥5 退款', payFen: 5_000, bonusFen: 500 });
    const m = await funded([{ planId: plan.id }]);
    s.clock.advance(366 * 86_400);
    const token = await loginOperator(s);
    const view = (await s.http.get(`/api/v1/admin/wallet/members/${m.id}`).set(bearer(token)).expect(200))
      .body as AdminMemberWallet;
    expect(view).toMatchObject({ principalFen: 5_000, wechatRefundableFen: 0, offPlatformRefundableFen: 5_000 });
    expect(view.orders[0]).toMatchObject({ refundableFen: 0 });
    expect((await refund(m.id, { amountFen: 1_000 }, token).expect(409)).body.code).toBe(
      'WALLET_REFUND_EXCEEDS_WECHAT',
    );
    expect((await refund(m.id, {}, token).expect(409)).body.code).toBe('WALLET_REFUND_NOTHING');
    const off = (
      await refund(m.id, { amountFen: 2_000, offPlatform: true, reason: '支付超一年，门店现金退还' }, token).expect(201)
    ).body as WalletRefundResult;
    expect(off).toMatchObject({ principalFen: 2_000, bonusForfeitedFen: 200 });
    expect(off.refunds).toEqual([
      expect.objectContaining({ offPlatform: true, outTradeNo: null, status: 'SUCCESS', refundId: null }),
    ]);
    await s.http.get(`/sandbox/pay/refunds/${off.refunds[0].outRefundNo}`).expect(404);
    expect(await order(m.orders[0])).toEqual({ status: 'PAID', refundedFen: 0 });
    const rest = (await refund(m.id, { offPlatform: true, reason: '余额线下退还' }, token).expect(201))
      .body as WalletRefundResult;
    expect(rest).toMatchObject({ principalFen: 3_000, bonusForfeitedFen: 300 });
    expect((await wallet(m.id, token)).balanceFen).toBe(0);
  });

  it('a fresh order takes WeChat refunds while the off-platform part is only what WeChat cannot take', async () => {
    const m = await funded([{ amountFen: 4_000 }]);
    s.clock.advance(366 * 86_400);
    const token = await loginOperator(s);
    const policy = await policyVersion(s, m.token);
    const { body } = await topup(s, m.token, { amountFen: 1_000, policyVersion: policy, requestId: requestId() });
    await s.http.post(`/sandbox/pay/transactions/${body.outTradeNo}/pay`).send({}).expect(200);
    await s.http.post(`/api/v1/admin/wallet/topups/${body.outTradeNo}/sync`).set(bearer(token)).expect(200);
    const view = (await s.http.get(`/api/v1/admin/wallet/members/${m.id}`).set(bearer(token)).expect(200))
      .body as AdminMemberWallet;
    expect(view).toMatchObject({ principalFen: 5_000, wechatRefundableFen: 1_000, offPlatformRefundableFen: 4_000 });
    expect((await refund(m.id, { amountFen: 4_001, offPlatform: true }, token).expect(409)).body.code).toBe(
      'WALLET_REFUND_EXCEEDS_OFF_PLATFORM',
    );
  });

  it('CLOSED puts principal and bonus back into exactly the lots they came from', async () => {
    const plan = await activePlan(s, admin, { name: '充 ¥80 送 ¥8 退款', payFen: 8_000, bonusFen: 800 });
    const m = await funded([{ planId: plan.id }, { amountFen: 2_000 }]);
    const before = await lots(m.id);
    const res = (await refund(m.id, { amountFen: 9_000 }).expect(201)).body as WalletRefundResult;
    expect(res.refunds).toHaveLength(2);
    expect(res.bonusForfeitedFen).toBe(720); // 800 × 9000 / 10000
    for (const r of res.refunds) {
      await settle(r.outRefundNo, { status: 'CLOSED' });
      await waitStatus(r.outRefundNo, 'CLOSED');
    }
    expect(await lots(m.id)).toEqual(before);
    for (const no of m.orders) expect(await order(no)).toEqual({ status: 'PAID', refundedFen: 0 });
    const view = await wallet(m.id);
    expect(view).toMatchObject({ principalFen: 10_000, bonusFen: 800, wechatRefundableFen: 10_000 });
    expect(view.refunds.every((r) => r.status === 'CLOSED' && r.closedAt)).toBe(true);
    const history = (await s.http.get('/api/v1/me/wallet/history').set(bearer(m.token)).expect(200)).body.items;
    expect(history.slice(0, 3).map((h: { kind: string; amountFen: number }) => [h.kind, h.amountFen])).toEqual([
      ['REFUND', expect.any(Number)],
      ['REFUND', expect.any(Number)],
      ['REFUND', -9_720],
    ]);
    expect(history[0].amountFen + history[1].amountFen).toBe(9_720);
    expect(history[0].balanceAfterFen).toBe(10_800);
    // Restored principal can be refunded again.
    await refund(m.id, { amountFen: 10_000 }).expect(201);
  });

  it('ABNORMAL is flagged for operators and the money stays out of the wallet', async () => {
    const m = await funded([{ amountFen: 3_000 }]);
    const res = (await refund(m.id, { amountFen: 3_000 }).expect(201)).body as WalletRefundResult;
    const no = res.refunds[0].outRefundNo;
    await settle(no, { status: 'ABNORMAL', duplicates: 2 });
    await waitStatus(no, 'ABNORMAL');
    await sleep(200);
    const flags = await ds.query(`SELECT kind, member_id, status FROM pay_anomaly WHERE transaction_key = ?`, [
      `refund:${no}`,
    ]);
    expect(flags).toEqual([{ kind: 'REFUND_ABNORMAL', member_id: m.id, status: 'OPEN' }]);
    expect((await wallet(m.id)).balanceFen).toBe(0);
    const list = await s.http.get('/api/v1/admin/wallet/anomalies?status=OPEN').set(bearer(admin)).expect(200);
    // The member's id comes with it: the console opens their wallet from the flag.
    expect(list.body.items.find((a: { outTradeNo: string }) => a.outTradeNo === m.orders[0])).toMatchObject({
      kind: 'REFUND_ABNORMAL',
      memberId: m.id,
      credited: false,
    });
  });

  it('duplicate notifications and the sync job racing them settle once', async () => {
    const sync = s.app.get(WalletRefundSyncService);
    const m = await funded([{ amountFen: 6_000 }, { amountFen: 6_000 }]);
    const res = (await refund(m.id, { amountFen: 9_000 }).expect(201)).body as WalletRefundResult;
    const [ok, closed] = res.refunds.map((r) => r.outRefundNo);
    s.clock.advance(180); // past the job's two minutes
    await settle(ok, { status: 'SUCCESS', duplicates: 4 });
    await settle(closed, { status: 'CLOSED', duplicates: 4 });
    await Promise.all([sync.syncDue(), sync.syncDue(), sync.syncDue()]);
    await waitStatus(ok, 'SUCCESS');
    await waitStatus(closed, 'CLOSED');
    await sleep(300); // the remaining duplicate deliveries
    expect(await entries(ok)).toBe(1);
    expect(await entries(closed)).toBe(2); // the debit and its one reversal
    // Newest order first: its 6000 refunded, the older order's 3000 closed and given back.
    expect(await order(m.orders[1])).toEqual({ status: 'REFUNDED', refundedFen: 6_000 });
    expect(await order(m.orders[0])).toEqual({ status: 'PAID', refundedFen: 0 });
    expect((await wallet(m.id)).principalFen).toBe(12_000 - 6_000);
  });

  it('a refund WeChat could not be asked about stays PROCESSING and the job asks again with the same number', async () => {
    const m = await funded([{ amountFen: 2_000 }]);
    await s.http.post('/sandbox/pay/faults').send({ next: 'SYSTEM_ERROR', count: 1 }).expect(200);
    const res = (await refund(m.id, { amountFen: 2_000 }).expect(201)).body as WalletRefundResult;
    const no = res.refunds[0].outRefundNo;
    expect(res.refunds[0]).toMatchObject({ status: 'PROCESSING', refundId: null });
    await s.http.get(`/sandbox/pay/refunds/${no}`).expect(404);
    s.clock.advance(180);
    // The scheduled job (claimed like every job run) asks WeChat again with the same out_refund_no.
    await s.app.get(JobRunner).runNow('wallet-refund-sync');
    const { body } = await s.http.get(`/sandbox/pay/refunds/${no}`).expect(200);
    expect(body).toMatchObject({ status: 'PROCESSING' });
    expect((await wallet(m.id)).refunds[0].refundId).toEqual(expect.any(String));
    await settle(no, { status: 'SUCCESS' });
    await waitStatus(no, 'SUCCESS');
  });

  it('a purchase paying with stored value racing a refund never takes the wallet below zero', async () => {
    const m = await funded([{ amountFen: 10_000 }]);
    for (let round = 0; round < 3; round++) {
      const principal = (await wallet(m.id)).principalFen;
      if (principal === 0) break;
      const id = await checkoutId(s, staffToken, m.token);
      const [sale, ref] = await Promise.all([
        s.http
          .post('/api/v1/staff/purchases')
          .set(bearer(staffToken))
          .send({ checkoutId: id, receiptNo: `WR${Date.now()}${round}`, amountFen: 4_000, walletFen: 4_000 }),
        refund(m.id, {}),
      ]);
      expect([200, 409]).toContain(sale.status);
      expect([201, 409]).toContain(ref.status);
      const after = await wallet(m.id);
      expect(after.balanceFen).toBeGreaterThanOrEqual(0);
      const spent = sale.status === 200 ? 4_000 : 0;
      const refunded = ref.status === 201 ? (ref.body as WalletRefundResult).principalFen : 0;
      expect(after.principalFen).toBe(principal - spent - refunded);
      expect((await lots(m.id)).every((l) => l.remaining >= 0)).toBe(true);
    }
  });

  it('lists refunds with filters and CSV; bad input answers 400, an unknown member 404', async () => {
    const m = await funded([{ amountFen: 1_500 }]);
    const res = (await refund(m.id, { amountFen: 500 }).expect(201)).body as WalletRefundResult;
    const memberNo = (await wallet(m.id)).memberNo;
    const list = await s.http
      .get(`/api/v1/admin/wallet/refunds?memberNo=${memberNo}&status=PROCESSING`)
      .set(bearer(admin))
      .expect(200);
    expect(list.body).toMatchObject({
      total: 1,
      items: [expect.objectContaining({ outRefundNo: res.refunds[0].outRefundNo })],
    });
    const csv = await s.http
      .get(`/api/v1/admin/wallet/refunds?memberNo=${memberNo}&format=csv`)
      .set(bearer(admin))
      .expect(200);
    expect(csv.text).toContain(res.refunds[0].outRefundNo);
    expect(csv.text).toContain('退款中');
    const bad = await s.http
      .post(`/api/v1/admin/wallet/members/${m.id}/refunds`)
      .set(bearer(admin))
      .send({ reason: '' });
    expect(bad.status).toBe(400);
    expect((await refund(999_999, { amountFen: 1 }).expect(404)).body.code).toBe('MEMBER_NOT_FOUND');
  });
});
