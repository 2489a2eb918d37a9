import { DataSource } from 'typeorm';
import { JobRunner } from '../../server/src/jobs/job-runner.service';
import { checkLedgerInvariants } from '../../server/src/ledger/ledger-invariants';
import { checkWalletInvariants } from '../../server/src/modules/wallet/wallet-invariants';
import { bearer, type TestServer } from './support';
import {
  activePlan,
  buildNotification,
  paidResource,
  policyVersion,
  requestId,
  topup,
  useWalletServer,
  walletMember,
} from './wallet-support';

// WeChat Pay delivers notifications at least once, in any order, often several times: every payment must be
// credited exactly once whatever arrives. A notification that never arrives is found by the sync job, which
// also closes orders nobody paid before they expired.
describe('wallet notifications under load, and the sync job', () => {
  let s: TestServer;
  let admin: string;
  let ds: DataSource;
  useWalletServer((w) => ({ s, admin, ds } = w));

  const sync = () => s.app.get(JobRunner).runNow('wallet-topup-sync');
  const order = async (outTradeNo: string) =>
    (await ds.query(`SELECT status, confirmed_by FROM topup_order WHERE out_trade_no = ?`, [outTradeNo]))[0] as {
      status: string;
      confirmed_by: string | null;
    };
  const balance = async (token: string) =>
    (await s.http.get('/api/v1/me/wallet').set(bearer(token)).expect(200)).body as {
      balanceFen: number;
      principalFen: number;
      bonusFen: number;
    };

  it('500 concurrent notifications for 100 orders (duplicates, shuffled): each order credited exactly once', async () => {
    const plan = await activePlan(s, admin, { payFen: 2_000, bonusFen: 300 });
    const members = await Promise.all(Array.from({ length: 10 }, () => walletMember(s)));
    const v = await policyVersion(s, members[0].token);
    const orders: { token: string; outTradeNo: string; payFen: number; bonusFen: number }[] = [];
    for (const [i, m] of members.entries()) {
      for (let k = 0; k < 10; k++) {
        const body = k % 2 ? { planId: plan.id } : { amountFen: 100 + i * 97 + k * 13 };
        const res = await topup(s, m.token, { ...body, policyVersion: v, requestId: requestId() }).expect(201);
        orders.push({ token: m.token, ...res.body });
      }
    }
    // Five deliveries of each payment (one transaction id each, signed afresh like WeChat's retries), shuffled.
    const deliveries = orders.flatMap((o) => {
      const resource = paidResource(s, o);
      return Array.from({ length: 5 }, () => buildNotification(s, resource));
    });
    for (let i = deliveries.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [deliveries[i], deliveries[j]] = [deliveries[j], deliveries[i]];
    }
    const started = Date.now();
    const answers = await Promise.all(
      deliveries.map((n) =>
        fetch(`${s.url}/api/v1/pay/wechat/notify`, { method: 'POST', headers: n.headers, body: n.body }).then(
          (r) => r.status,
        ),
      ),
    );
    const elapsed = Date.now() - started;
    expect(answers.filter((st) => st !== 204)).toEqual([]);
    console.log(`wallet burst: 500 notifications for 100 orders answered 204 in ${elapsed} ms`);

    const legs = (await ds.query(
      `SELECT biz_id, biz_type, COUNT(*) AS n FROM ledger_entry
        WHERE biz_type IN ('WALLET_TOPUP', 'WALLET_TOPUP_BONUS') AND account_id = journal_account_id
        GROUP BY biz_id, biz_type`,
    )) as { biz_id: string; biz_type: string; n: number | string }[];
    const expected = orders.reduce((n, o) => n + (o.bonusFen > 0 ? 2 : 1), 0);
    expect(legs).toHaveLength(expected);
    expect(legs.filter((l) => Number(l.n) !== 1)).toEqual([]);
    for (const m of members) {
      const mine = orders.filter((o) => o.token === m.token);
      const pay = mine.reduce((n, o) => n + o.payFen, 0);
      const bonus = mine.reduce((n, o) => n + o.bonusFen, 0);
      expect(await balance(m.token)).toMatchObject({ balanceFen: pay + bonus, principalFen: pay, bonusFen: bonus });
    }
    const [{ paid }] = await ds.query(`SELECT paid_count AS paid FROM topup_plan WHERE id = ?`, [plan.id]);
    expect(Number(paid)).toBe(50);
    expect((await checkWalletInvariants((sql, p) => ds.query(sql, p))).violations).toEqual([]);
    expect((await checkLedgerInvariants(ds)).violations).toEqual([]);
  });

  it('credits a payment whose notification was lost once the sync job asks WeChat', async () => {
    const m = await walletMember(s);
    const v = await policyVersion(s, m.token);
    const o = (await topup(s, m.token, { amountFen: 4_200, policyVersion: v, requestId: requestId() }).expect(201))
      .body;
    // Paid, but the notification is held back for a minute: as far as we know, it is lost.
    await s.http.post(`/sandbox/pay/transactions/${o.outTradeNo}/pay`).send({ delayMs: 60_000 }).expect(200);
    expect((await order(o.outTradeNo)).status).toBe('NOTPAY');
    // Too young for the job (queryAfterMinutes = 2): left alone.
    await sync();
    expect((await order(o.outTradeNo)).status).toBe('NOTPAY');
    s.clock.advance(3 * 60);
    expect((await sync()).status).toBe('done');
    expect(await order(o.outTradeNo)).toEqual({ status: 'PAID', confirmed_by: 'QUERY' });
    expect(await balance(m.token)).toMatchObject({ balanceFen: 4_200, principalFen: 4_200 });
    // A second run (and the late notification, when it comes) changes nothing.
    await sync();
    expect((await balance(m.token)).balanceFen).toBe(4_200);
  });

  it('closes an order nobody paid once it expired, and credits a payment that still slips through', async () => {
    const m = await walletMember(s);
    const v = await policyVersion(s, m.token);
    const o = (await topup(s, m.token, { amountFen: 1_500, policyVersion: v, requestId: requestId() }).expect(201))
      .body;
    s.clock.setNow(new Date(Date.parse(o.expiresAt) + 60_000));
    await sync();
    expect((await order(o.outTradeNo)).status).toBe('CLOSED');
    const sandbox = await s.http.get(`/sandbox/pay/transactions/${o.outTradeNo}`).expect(200);
    expect(sandbox.body).toMatchObject({ tradeState: 'CLOSED', closedBy: expect.anything() });
    const view = await s.http.get(`/api/v1/me/wallet/topups/${o.outTradeNo}`).set(bearer(m.token)).expect(200);
    expect(view.body.status).toBe('CLOSED');
    // WeChat lets it be paid anyway (the race at expiry): the money moved, so it is credited and flagged.
    await s.http.post(`/sandbox/pay/transactions/${o.outTradeNo}/pay`).send({ force: true }).expect(200);
    for (let i = 0; i < 100 && (await order(o.outTradeNo)).status !== 'PAID'; i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(await order(o.outTradeNo)).toEqual({ status: 'PAID', confirmed_by: 'NOTIFY' });
    expect((await balance(m.token)).balanceFen).toBe(1_500);
    const [flag] = await ds.query(`SELECT kind, credited FROM pay_anomaly WHERE out_trade_no = ?`, [o.outTradeNo]);
    expect(flag.kind).toBe('PAID_AFTER_CLOSE');
  });

  it('lets an operator ask WeChat about one order now (audited)', async () => {
    const m = await walletMember(s);
    const v = await policyVersion(s, m.token);
    const o = (await topup(s, m.token, { amountFen: 2_500, policyVersion: v, requestId: requestId() }).expect(201))
      .body;
    await s.http.post(`/sandbox/pay/transactions/${o.outTradeNo}/pay`).send({ delayMs: 60_000 }).expect(200);
    const synced = await s.http.post(`/api/v1/admin/wallet/topups/${o.outTradeNo}/sync`).set(bearer(admin)).expect(200);
    expect(synced.body).toMatchObject({ outTradeNo: o.outTradeNo, status: 'PAID', confirmedBy: 'QUERY' });
    const audit = await s.http
      .get(`/api/v1/admin/audit-logs?action=topup.synced&targetId=${o.outTradeNo}`)
      .set(bearer(admin))
      .expect(200);
    expect(audit.body.total).toBe(1);
  });
});
