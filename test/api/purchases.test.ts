import { DataSource } from 'typeorm';
import { checkLedgerInvariants } from '../../server/src/ledger/ledger-invariants';
import { Purchase } from '../../server/src/modules/sales/entities/purchase.entity';
import { checkoutId } from './checkout-support';
import { bearer, loginMember, loginOperator, makeStaff, startTestServer, type TestServer } from './support';

describe('purchases at the counter', () => {
  let s: TestServer;
  let staffToken: string;
  beforeAll(async () => {
    s = await startTestServer();
    ({ staffToken } = await makeStaff(s, await loginOperator(s)));
  });
  afterAll(() => s.close());

  // Scan → checkout: the purchase names the checkout the member's code opened.
  const checkout = (token: string) => checkoutId(s, staffToken, token);
  const buy = (body: Record<string, unknown>) =>
    s.http.post('/api/v1/staff/purchases').set(bearer(staffToken)).send(body);
  let seq = 0;
  const receipt = () => `R${Date.now()}${++seq}`;

  it('awards 1 point per paid yuan and explains it in the member history', async () => {
    const m = await loginMember(s);
    const res = await buy({ checkoutId: await checkout(m.token), amountFen: 12_850, receiptNo: receipt() }).expect(200);
    expect(res.body).toMatchObject({
      pointsEarned: 128,
      pointsUsed: 0,
      deductionFen: 0,
      payableFen: 12_850,
      balance: 228, // 100 of them are the sign-up bonus
      replayed: false,
    });
    expect(res.body.tier.code).toBe('NORMAL');
    const points = await s.http.get('/api/v1/me/points').set(bearer(m.token)).expect(200);
    expect(points.body.balance).toBe(228);
    expect(points.body.entries.items[0]).toMatchObject({
      amount: 128,
      type: 'CREDIT',
      reason: '消费 ¥128.50 获得积分',
      storeName: expect.any(String),
    });
    expect(points.body.expiring).toEqual([{ points: 228, expiresAt: points.body.entries.items[0].expiresAt }]);
    expect(points.body.entries.items[1]).toMatchObject({ amount: 100, reason: '新会员注册奖励' });
  });

  it('deducts points within the cap, promotes on growth, and refuses too much without changing anything', async () => {
    const m = await loginMember(s);
    const big = await buy({ checkoutId: await checkout(m.token), amountFen: 600_000, receiptNo: receipt() }).expect(
      200,
    );
    expect(big.body).toMatchObject({ pointsEarned: 6000, promotedTo: { code: 'GOLD' }, tier: { code: 'GOLD' } });

    const c = await checkout(m.token);
    const quote = await s.http
      .post('/api/v1/staff/purchases/quote')
      .set(bearer(staffToken))
      .send({ checkoutId: c, amountFen: 10_000 })
      .expect(200);
    expect(quote.body).toMatchObject({
      balance: 6100,
      maxPointsToUse: 5000,
      maxDeductionFen: 5000,
      pointsIfNoDeduction: 150,
    });

    const tooMuch = await buy({ checkoutId: c, amountFen: 10_000, receiptNo: receipt(), pointsToUse: 5100 }).expect(
      409,
    );
    expect(tooMuch.body.code).toBe('POINTS_DEDUCTION_NOT_ALLOWED');
    const used = await buy({ checkoutId: c, amountFen: 10_000, receiptNo: receipt(), pointsToUse: 5000 }).expect(200);
    expect(used.body).toMatchObject({
      pointsUsed: 5000,
      deductionFen: 5000,
      payableFen: 5000,
      pointsEarned: 75,
      balance: 1175,
    });
  });

  it('answers a retried receipt with the first result and awards nothing twice', async () => {
    const m = await loginMember(s);
    const r = receipt();
    const first = await buy({ checkoutId: await checkout(m.token), amountFen: 5000, receiptNo: r }).expect(200);
    const again = await buy({ checkoutId: await checkout(m.token), amountFen: 5000, receiptNo: r }).expect(200);
    expect(again.body).toEqual({ ...first.body, replayed: true });
    // Another bill under a recorded receipt no. is refused, not answered with the first bill.
    const other = await buy({ checkoutId: await checkout(m.token), amountFen: 9999, receiptNo: r }).expect(409);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect((await s.http.get('/api/v1/me/points').set(bearer(m.token))).body.balance).toBe(100 + 50);
  });

  it('stays exact under 200 concurrent purchases (half using points) and 50 replays of one receipt', async () => {
    const m = await loginMember(s);
    await buy({ checkoutId: await checkout(m.token), amountFen: 1_000_000, receiptNo: receipt() }).expect(200); // 10000 points, GOLD
    const fresh = () => checkout(m.token);
    const purchases = await Promise.all(
      Array.from({ length: 200 }, async (_, i) => ({
        checkoutId: await fresh(),
        amountFen: 2000,
        receiptNo: `C${i}-${receipt()}`,
        pointsToUse: i % 2 ? 100 : 0,
      })),
    );
    // 50 sends of one receipt on one checkout: the first closes it, the rest answer its stored result.
    const replayBody = { checkoutId: await fresh(), amountFen: 2000, receiptNo: receipt() };
    const results = await Promise.all([
      ...purchases.map((p) => buy(p)),
      ...Array.from({ length: 50 }, () => buy(replayBody)),
    ]);
    expect(results.filter((r) => r.status !== 200).map((r) => r.body)).toEqual([]);
    const replays = results.slice(200);
    expect(new Set(replays.map((r) => r.body.purchaseId)).size).toBe(1);
    expect(replays.filter((r) => !r.body.replayed)).toHaveLength(1);

    // GOLD ×1.5: ¥20 earns 30; ¥19 paid after using 100 points earns 28.
    const expected = 100 + 10_000 + 100 * 30 + 100 * (28 - 100) + 30;
    expect((await s.http.get('/api/v1/me/points').set(bearer(m.token))).body.balance).toBe(expected);
    const ds = s.app.get(DataSource);
    expect(await ds.getRepository(Purchase).countBy({ memberId: m.member.id })).toBe(202);
    expect((await checkLedgerInvariants(ds)).violations).toEqual([]);
  }, 60_000);

  it('expires points a year after earning through the daily job, once', async () => {
    const m = await loginMember(s);
    await buy({ checkoutId: await checkout(m.token), amountFen: 30_000, receiptNo: receipt() }).expect(200);
    s.clock.advance(367 * 86_400);
    try {
      const run = await s.http.post('/sandbox/jobs/points-expiry/run').expect(200);
      expect(run.body.status).toBe('done');
      expect(run.body.result.expiredLots).toBeGreaterThanOrEqual(1);
      const points = await s.http.get('/api/v1/me/points').set(bearer(m.token)).expect(200);
      expect(points.body.balance).toBe(0);
      expect(points.body.entries.items).toEqual(
        expect.arrayContaining([expect.objectContaining({ type: 'EXPIRE', amount: -300, reason: '积分到期' })]),
      );
      expect((await s.http.post('/sandbox/jobs/points-expiry/run').expect(200)).body.result.expiredLots).toBe(0);
      expect((await checkLedgerInvariants(s.app.get(DataSource))).violations).toEqual([]);
    } finally {
      s.clock.advance(-367 * 86_400);
    }
  });

  it("sums today's purchases for the clerk and the store", async () => {
    const summary = await s.http.get('/api/v1/staff/shift-summary').set(bearer(staffToken)).expect(200);
    expect(summary.body.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(summary.body.mine.purchases).toBeGreaterThan(0);
    expect(summary.body.mine).toEqual(summary.body.store);
  });

  it("shows operators a member's points history and tier, and 404 for unknown members", async () => {
    const admin = await loginOperator(s);
    const m = await loginMember(s);
    await buy({ checkoutId: await checkout(m.token), amountFen: 5000, receiptNo: receipt() }).expect(200);
    const history = await s.http.get(`/api/v1/admin/members/${m.member.id}/points`).set(bearer(admin)).expect(200);
    expect(history.body).toMatchObject({ balance: 150, entries: { total: 2 } });
    const tier = await s.http.get(`/api/v1/admin/members/${m.member.id}/tier`).set(bearer(admin)).expect(200);
    expect(tier.body).toMatchObject({ current: { code: 'NORMAL' }, growth: 50 });
    expect((await s.http.get('/api/v1/admin/members/999999/points').set(bearer(admin)).expect(404)).body.code).toBe(
      'MEMBER_NOT_FOUND',
    );
    await s.http.get(`/api/v1/admin/members/${m.member.id}/points`).set(bearer(m.token)).expect(403);
  });

  it('rejects bad amounts and receipts, listing the fields', async () => {
    const res = await buy({ checkoutId: 'x', amountFen: 12.5, receiptNo: 'bad receipt!' }).expect(400);
    const fields = new Set(res.body.details.map((d: { field: string }) => d.field));
    expect([...fields].sort()).toEqual(['amountFen', 'checkoutId', 'receiptNo']);
    // The member code no longer names the buyer.
    const old = await buy({ memberCode: '660000000000000000', amountFen: 100, receiptNo: receipt() }).expect(400);
    expect(old.body.code).toBe('VALIDATION_FAILED');
  });
});
