import { DataSource } from 'typeorm';
import { addBizDays } from '../../server/src/common/clock';
import { JobRegistry } from '../../server/src/jobs/job-registry';
import { JobRunner } from '../../server/src/jobs/job-runner.service';
import { bearer, type TestServer } from './support';
import {
  loginAnalyst,
  notify,
  paidResource,
  policyVersion,
  requestId,
  topup,
  useWalletServer,
  walletMember,
} from './wallet-support';

// Reconciliation with the sandbox's trade bill (backtick CSV in yuan, summary rows) for today — the
// sandbox serves the current day so the test need not wait for tomorrow. Each case reruns the same day:
// a run replaces the day's lines, and what earlier runs repaired or flagged stays settled.
describe('wallet reconciliation', () => {
  let s: TestServer;
  let admin: string;
  let ds: DataSource;
  let today: string;
  useWalletServer((w) => {
    ({ s, admin, ds } = w);
    today = s.clock.today();
  });

  const reconcile = (billDate = today, token = admin) =>
    s.http.post('/api/v1/admin/wallet/reconciliations').set(bearer(token)).send({ billDate });
  const items = async (runId: number, query = '') =>
    (
      await s.http
        .get(`/api/v1/admin/wallet/reconciliations/${runId}?pageSize=100${query}`)
        .set(bearer(admin))
        .expect(200)
    ).body as { run: Record<string, unknown>; items: { items: Record<string, unknown>[]; total: number } };
  const order = async (outTradeNo: string) =>
    (await ds.query(`SELECT status, confirmed_by, pay_fen FROM topup_order WHERE out_trade_no = ?`, [outTradeNo]))[0];
  const principalCredits = async (outTradeNo: string) =>
    Number(
      (
        await ds.query(
          `SELECT COUNT(*) AS n FROM ledger_entry WHERE biz_id = ? AND biz_type = 'WALLET_TOPUP' AND account_id = journal_account_id`,
          [outTradeNo],
        )
      )[0].n,
    );
  const anomalies = async (outTradeNo: string) =>
    (
      (await ds.query(`SELECT kind FROM pay_anomaly WHERE out_trade_no = ? ORDER BY id`, [outTradeNo])) as {
        kind: string;
      }[]
    ).map((a) => a.kind);
  const newOrder = async (amountFen: number) => {
    const m = await walletMember(s);
    const v = await policyVersion(s, m.token);
    const o = (await topup(s, m.token, { amountFen, policyVersion: v, requestId: requestId() }).expect(201)).body;
    return { token: m.token, outTradeNo: o.outTradeNo as string, payFen: amountFen };
  };
  const waitStatus = async (outTradeNo: string, status: string) => {
    for (let i = 0; i < 200; i++) {
      if ((await order(outTradeNo)).status === status) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`${outTradeNo} never ${status}`);
  };
  const paid: { outTradeNo: string; payFen: number; token: string }[] = [];

  it('matches a day of paid top-ups line by line, totals bill vs ours', async () => {
    for (const fen of [10_000, 2_345, 100]) {
      const o = await newOrder(fen);
      await s.http.post(`/sandbox/pay/transactions/${o.outTradeNo}/pay`).send({}).expect(200);
      await waitStatus(o.outTradeNo, 'PAID');
      paid.push(o);
    }
    const run = (await reconcile().expect(200)).body;
    expect(run).toMatchObject({
      billDate: today,
      status: 'BALANCED',
      noStatement: false,
      billCount: 3,
      billFen: 12_445,
      ourCount: 3,
      ourFen: 12_445,
      matchedCount: 3,
      repairedCount: 0,
      mismatchCount: 0,
      triggeredBy: 'OPERATOR',
    });
    const detail = await items(run.id);
    expect(detail.items.items.map((i) => [i.outTradeNo, i.status, i.billFen, i.ourFen]).sort()).toEqual(
      paid.map((o) => [o.outTradeNo, 'MATCHED', o.payFen, o.payFen]).sort(),
    );
    const list = (await s.http.get('/api/v1/admin/wallet/reconciliations').set(bearer(admin)).expect(200)).body;
    expect(list.items[0]).toMatchObject({ id: run.id, billDate: today });
  });

  it('repairs a payment whose notification never came (掉单): credited once through the settle path, audited', async () => {
    const o = await newOrder(5_000);
    // Paid at WeChat, the notification held back a minute and nobody queried: as far as we know, unpaid.
    await s.http.post(`/sandbox/pay/transactions/${o.outTradeNo}/pay`).send({ delayMs: 60_000 }).expect(200);
    expect((await order(o.outTradeNo)).status).toBe('NOTPAY');
    const run = (await reconcile().expect(200)).body;
    expect(run).toMatchObject({ status: 'BALANCED', billCount: 4, ourCount: 4, repairedCount: 1, matchedCount: 3 });
    expect(await order(o.outTradeNo)).toMatchObject({ status: 'PAID', confirmed_by: 'QUERY' });
    expect(await principalCredits(o.outTradeNo)).toBe(1);
    const wallet = (await s.http.get('/api/v1/me/wallet').set(bearer(o.token)).expect(200)).body;
    expect(wallet.balanceFen).toBe(5_000);
    const line = (await items(run.id, `&outTradeNo=${o.outTradeNo}`)).items.items;
    expect(line).toEqual([expect.objectContaining({ status: 'REPAIRED', billFen: 5_000, ourFen: 5_000 })]);
    const audit = await s.http
      .get(`/api/v1/admin/audit-logs?action=topup.repaired&targetId=${o.outTradeNo}`)
      .set(bearer(admin))
      .expect(200);
    expect(audit.body.items).toHaveLength(1);
    const runs = await s.http.get(`/api/v1/admin/audit-logs?action=wallet_recon.run`).set(bearer(admin)).expect(200);
    expect(runs.body.items.length).toBeGreaterThanOrEqual(2);
    // A rerun finds it paid: matched, never credited twice.
    const again = (await reconcile().expect(200)).body;
    expect(again).toMatchObject({ id: run.id, status: 'BALANCED', repairedCount: 0, matchedCount: 4 });
    expect(await principalCredits(o.outTradeNo)).toBe(1);
    paid.push(o);
  });

  it('flags an order we credited that WeChat’s bill lacks (MISSING_AT_WECHAT)', async () => {
    const o = await newOrder(777);
    // A verified notification credits it, but the sandbox never saw the payment: the bill has no such line.
    expect((await notify(s, paidResource(s, o))).status).toBe(204);
    await waitStatus(o.outTradeNo, 'PAID');
    const run = (await reconcile().expect(200)).body;
    expect(run).toMatchObject({
      status: 'MISMATCHED',
      billCount: 4,
      ourCount: 5,
      ourFen: 12_445 + 5_000 + 777,
      mismatchCount: 1,
    });
    const flagged = (await items(run.id, '&status=MISSING_AT_WECHAT')).items.items;
    expect(flagged).toEqual([expect.objectContaining({ outTradeNo: o.outTradeNo, billFen: null, ourFen: 777 })]);
    expect(await anomalies(o.outTradeNo)).toEqual(['RECON_NOT_AT_WECHAT']);
    const page = (await s.http.get('/api/v1/admin/wallet/anomalies?status=OPEN').set(bearer(admin)).expect(200)).body;
    expect(page.items).toContainEqual(
      expect.objectContaining({ kind: 'RECON_NOT_AT_WECHAT', outTradeNo: o.outTradeNo, credited: true }),
    );
  });

  it('flags an amount that differs between the bill and our order', async () => {
    const target = paid[0];
    await ds.query(`UPDATE topup_order SET pay_fen = pay_fen + 1 WHERE out_trade_no = ?`, [target.outTradeNo]);
    try {
      const run = (await reconcile().expect(200)).body;
      expect(run).toMatchObject({ status: 'MISMATCHED', mismatchCount: 2 });
      const line = (await items(run.id, '&status=AMOUNT_MISMATCH')).items.items;
      expect(line).toEqual([
        expect.objectContaining({ outTradeNo: target.outTradeNo, billFen: target.payFen, ourFen: target.payFen + 1 }),
      ]);
      expect(await anomalies(target.outTradeNo)).toEqual(['RECON_AMOUNT_DIFF']);
    } finally {
      await ds.query(`UPDATE topup_order SET pay_fen = pay_fen - 1 WHERE out_trade_no = ?`, [target.outTradeNo]);
    }
  });

  it('reruns idempotently: one run per day, lines replaced, flags not repeated, nothing credited again', async () => {
    const before = Number((await ds.query(`SELECT COUNT(*) AS n FROM pay_anomaly`))[0].n);
    const ledger = Number((await ds.query(`SELECT COUNT(*) AS n FROM ledger_entry`))[0].n);
    const first = (await reconcile().expect(200)).body;
    const second = (await reconcile().expect(200)).body;
    expect(second.id).toBe(first.id);
    expect(second).toMatchObject({ status: 'MISMATCHED', mismatchCount: 1, matchedCount: 4 });
    expect((await items(second.id)).items.total).toBe(5);
    expect(Number((await ds.query(`SELECT COUNT(*) AS n FROM recon_run WHERE bill_date = ?`, [today]))[0].n)).toBe(1);
    expect(Number((await ds.query(`SELECT COUNT(*) AS n FROM pay_anomaly`))[0].n)).toBe(before);
    expect(Number((await ds.query(`SELECT COUNT(*) AS n FROM ledger_entry`))[0].n)).toBe(ledger);
  });

  it('records a day without trades (NO_STATEMENT_EXIST) as a balanced run with no lines, and runs as the daily job', async () => {
    const yesterday = addBizDays(today, -1);
    const run = (await reconcile(yesterday).expect(200)).body;
    expect(run).toMatchObject({
      billDate: yesterday,
      status: 'BALANCED',
      noStatement: true,
      billCount: 0,
      ourCount: 0,
    });
    expect((await items(run.id)).items.total).toBe(0);
    // The job reconciles the day before its run day.
    const job = s.app.get(JobRegistry).get('wallet-reconcile');
    const outcome = await s.app.get(JobRunner).claimAndRun(job, addBizDays(today, 1));
    expect(outcome).toMatchObject({ status: 'done', result: { billDate: today, status: 'MISMATCHED' } });
    const jobRun = (await ds.query(`SELECT triggered_by FROM recon_run WHERE bill_date = ?`, [today]))[0];
    expect(jobRun.triggered_by).toBe('JOB');
  });

  it('matches principal refunds with the bill’s refund lines by out_refund_no, and flags a difference', async () => {
    const target = paid[1] as { outTradeNo: string; payFen: number; token: string };
    const memberId = (await s.http.get('/api/v1/me').set(bearer(target.token)).expect(200)).body.id as number;
    const result = (
      await s.http
        .post(`/api/v1/admin/wallet/members/${memberId}/refunds`)
        .set(bearer(admin))
        .send({ amountFen: 1_000, reason: '会员申请退款', requestId: requestId('RF') })
        .expect(201)
    ).body as { refunds: { outRefundNo: string; outTradeNo: string }[] };
    const [refund] = result.refunds;
    expect(refund.outTradeNo).toBe(target.outTradeNo);
    await s.http.post(`/sandbox/pay/refunds/${refund.outRefundNo}/settle`).send({ status: 'SUCCESS' }).expect(200);
    for (let i = 0; i < 200; i++) {
      const [row] = await ds.query(`SELECT status FROM wallet_refund WHERE out_refund_no = ?`, [refund.outRefundNo]);
      if (row.status === 'SUCCESS') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const run = (await reconcile().expect(200)).body;
    expect(run).toMatchObject({ billRefundCount: 1, billRefundFen: 1_000, ourRefundCount: 1, ourRefundFen: 1_000 });
    const lines = (await items(run.id)).items.items.filter((i) => i.kind === 'REFUND');
    expect(lines).toEqual([
      expect.objectContaining({ status: 'MATCHED', outRefundNo: refund.outRefundNo, billFen: 1_000, ourFen: 1_000 }),
    ]);
    // Our record says one fen more than WeChat refunded: a difference, flagged once under the refund.
    await ds.query(`UPDATE wallet_refund SET principal_fen = principal_fen + 1 WHERE out_refund_no = ?`, [
      refund.outRefundNo,
    ]);
    try {
      const again = (await reconcile().expect(200)).body;
      expect(again.mismatchCount).toBe(2);
      const diff = (await items(again.id, '&status=AMOUNT_MISMATCH')).items.items.find((i) => i.kind === 'REFUND');
      expect(diff).toMatchObject({ outRefundNo: refund.outRefundNo, billFen: 1_000, ourFen: 1_001 });
      const flags = await ds.query(`SELECT kind FROM pay_anomaly WHERE transaction_key = ?`, [
        `refund:${refund.outRefundNo}`,
      ]);
      expect(flags).toEqual([{ kind: 'RECON_AMOUNT_DIFF' }]);
    } finally {
      await ds.query(`UPDATE wallet_refund SET principal_fen = principal_fen - 1 WHERE out_refund_no = ?`, [
        refund.outRefundNo,
      ]);
    }
  });

  it('refuses dates outside WeChat’s three months or in the future, and runs only for admin/operator', async () => {
    for (const billDate of [addBizDays(today, 1), addBizDays(today, -93), '2026-02-30', 'yesterday']) {
      const res = await reconcile(billDate).expect(400);
      expect(res.body.code).toMatch(/WALLET_RECON_DATE_INVALID|VALIDATION_FAILED/);
    }
    const analyst = await loginAnalyst(s, admin, 'rc');
    await reconcile(today, analyst).expect(403);
    await s.http.get('/api/v1/admin/wallet/reconciliations').set(bearer(analyst)).expect(200);
    await s.http.get('/api/v1/admin/wallet/reconciliations/999999').set(bearer(admin)).expect(404);
  });
});
