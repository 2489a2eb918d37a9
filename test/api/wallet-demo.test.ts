import { DataSource } from 'typeorm';
import { checkLedgerInvariants } from '../../server/src/ledger/ledger-invariants';
import { checkWalletInvariants } from '../../server/src/modules/wallet/wallet-invariants';
import { bearer, loginMember, loginOperator, startTestServer, waitForOutbox, type TestServer } from './support';

// The demo's stored value on a fresh sandbox, all through the real paths: plans on sale (one gives a coupon),
// members' top-ups paid in the sandbox and credited through the settle path, a counter sale paid partly with
// stored value and partly returned, a principal refund settled by WeChat Pay, two top-ups that together pass
// the cap (支付异常), and today's reconciliation — the wallet and ledger invariants hold.
describe('demo wallet data', () => {
  let s: TestServer;
  let admin: string;
  const get = async (path: string) => (await s.http.get(path).set(bearer(admin)).expect(200)).body;
  beforeAll(async () => {
    s = await startTestServer({ DEMO_SEED: 'true' });
    admin = await loginOperator(s);
  }, 60_000);
  afterAll(() => s.close());

  type Topup = { memberName: string; planName: string | null; payFen: number; refundedFen: number };

  it('seeds four plans on sale, one giving a coupon its buyer received, and paid top-ups credited once', async () => {
    const plans = await get('/api/v1/admin/wallet/plans');
    expect(
      plans.map((p: { name: string; status: string; paidCount: number; couponTemplateIds: number[] }) => [
        p.name,
        p.status,
        p.paidCount,
        p.couponTemplateIds.length,
      ]),
    ).toEqual([
      ['充 ¥100 送 ¥10', 'ACTIVE', 1, 0],
      ['充 ¥300 送 ¥20 · 加赠拿铁券', 'ACTIVE', 1, 1],
      ['充 ¥500 送 ¥60', 'ACTIVE', 1, 0],
      ['充 ¥1000 送 ¥150', 'ACTIVE', 1, 0],
    ]);
    const paid = await get('/api/v1/admin/wallet/topups?status=PAID');
    expect(paid.items.map((t: Topup) => [t.memberName, t.planName, t.payFen, t.refundedFen]).reverse()).toEqual([
      ['陈一鸣', '充 ¥500 送 ¥60', 50_000, 0],
      ['陈一鸣', '充 ¥100 送 ¥10', 10_000, 0],
      ['王珊珊', '充 ¥1000 送 ¥150', 100_000, 30_000],
      ['周婷', '充 ¥300 送 ¥20 · 加赠拿铁券', 30_000, 0],
      ['林小满', null, 250_000, 0],
      ['林小满', null, 260_000, 0],
    ]);
    // The plan's coupon came through the outbox once the top-up was credited; the member's result page lists it.
    await waitForOutbox(s);
    const zhou = await loginMember(s, 'demo-member-openid-3');
    const order = paid.items.find((t: Topup) => t.memberName === '周婷');
    const mine = await s.http.get(`/api/v1/me/wallet/topups/${order.outTradeNo}`).set(bearer(zhou.token)).expect(200);
    expect(mine.body.coupons).toEqual([expect.objectContaining({ name: '拿铁兑换券' })]);
  });

  it('seeds a counter sale paid partly with stored value and partly returned', async () => {
    const [sale] = (await s.app.get(DataSource).query(
      `SELECT p.amount_fen, p.wallet_fen, p.refunded_fen, r.wallet_returned_fen, r.cash_refunded_fen
           FROM purchase p JOIN purchase_refund r ON r.purchase_id = p.id WHERE p.receipt_no = 'DEMOW001'`,
    )) as Record<string, number | string>[];
    const fen = Object.fromEntries(Object.entries(sale).map(([k, v]) => [k, Number(v)]));
    expect(fen).toEqual({
      amount_fen: 26_800,
      wallet_fen: 20_000,
      refunded_fen: 8_800,
      wallet_returned_fen: expect.any(Number),
      cash_refunded_fen: expect.any(Number),
    });
    // The return gives back stored value and cash in the bill's proportion.
    expect(fen.wallet_returned_fen + fen.cash_refunded_fen).toBe(8_800);
    expect(fen.wallet_returned_fen).toBe(Math.round((8_800 * 20_000) / 26_800));
  });

  it('seeds a settled principal refund, an over-cap anomaly and a balanced reconciliation of today', async () => {
    const refunds = await get('/api/v1/admin/wallet/refunds');
    expect(refunds.items).toEqual([
      expect.objectContaining({
        memberName: '王珊珊',
        principalFen: 30_000,
        bonusForfeitedFen: 4_500,
        status: 'SUCCESS',
        offPlatform: false,
        refundId: expect.any(String),
      }),
    ]);
    const anomalies = await get('/api/v1/admin/wallet/anomalies?status=OPEN');
    expect(anomalies.items).toEqual([
      expect.objectContaining({ kind: 'OVER_CAP', credited: true, expectedFen: 260_000, reportedFen: 260_000 }),
    ]);
    const runs = await get('/api/v1/admin/wallet/reconciliations');
    expect(runs.items).toEqual([
      expect.objectContaining({
        status: 'BALANCED',
        triggeredBy: 'OPERATOR',
        billCount: 6,
        billFen: 700_000,
        ourCount: 6,
        ourFen: 700_000,
        mismatchCount: 0,
        billRefundCount: 1,
        billRefundFen: 30_000,
        ourRefundCount: 1,
        ourRefundFen: 30_000,
      }),
    ]);
    const stats = await get('/api/v1/admin/wallet/topups/stats');
    // Principal: 陈一鸣 60,000 − 17,910 spent + 5,881 returned; 王珊珊 100,000 − 30,000; 周婷 30,000; 林小满 510,000.
    // Bonus: 陈一鸣 7,000 − 2,090 + 686; 王珊珊 15,000 − 4,500 forfeited; 周婷 2,000.
    expect(stats).toMatchObject({
      todayCount: 6,
      todayPayFen: 700_000,
      outstandingPrincipalFen: 657_971,
      outstandingBonusFen: 18_096,
      openAnomalies: 1,
      unpaidOpen: 0,
    });
    const ds = s.app.get(DataSource);
    expect((await checkWalletInvariants((sql, p) => ds.query(sql, p))).violations).toEqual([]);
    expect((await checkLedgerInvariants(ds)).violations).toEqual([]);
  });
});
