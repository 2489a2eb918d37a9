import { DataSource } from 'typeorm';
import { checkLedgerInvariants } from '../../server/src/ledger/ledger-invariants';
import { checkoutId } from './checkout-support';
import { bearer, loginMember, loginOperator, makeStaff, startTestServer, type TestServer } from './support';

// Default rules: 1 point per yuan, 100-point sign-up bonus, 100 points = ¥1, at most 50 % of the bill.
describe('refunds', () => {
  let s: TestServer;
  let staffToken: string;
  beforeAll(async () => {
    s = await startTestServer();
    ({ staffToken } = await makeStaff(s, await loginOperator(s)));
  });
  afterAll(async () => {
    expect((await checkLedgerInvariants(s.app.get(DataSource))).violations).toEqual([]);
    await s.close();
  });

  let seq = 0;
  const receipt = () => `RF${Date.now()}${++seq}`;
  const checkout = (token: string) => checkoutId(s, staffToken, token);
  const buy = async (token: string, amountFen: number, pointsToUse = 0) => {
    const receiptNo = receipt();
    const res = await s.http
      .post('/api/v1/staff/purchases')
      .set(bearer(staffToken))
      .send({ checkoutId: await checkout(token), amountFen, receiptNo, pointsToUse });
    expect(res.status).toBe(200);
    return res.body;
  };
  // Each call is a new refund unless the test names its refund no. (a retry).
  const refund = (receiptNo: string, body: Record<string, unknown>) =>
    s.http
      .post(`/api/v1/staff/purchases/${receiptNo}/refunds`)
      .set(bearer(staffToken))
      .send({ refundNo: `F${Date.now().toString(36)}${++seq}`, ...body });
  const points = async (token: string) => (await s.http.get('/api/v1/me/points').set(bearer(token)).expect(200)).body;

  it('takes back earned points and growth in proportion; partial refunds add up to at most the purchase', async () => {
    const m = await loginMember(s);
    const p = await buy(m.token, 10_000);
    expect(p.balance).toBe(200);
    const first = await refund(p.receiptNo, { amountFen: 3000, refundNo: 'A1' }).expect(200);
    expect(first.body).toMatchObject({
      refundedTotalFen: 3000,
      pointsClawedBack: 30,
      pointsReturned: 0,
      pointsShortfall: 0,
      growthClawedBack: 30,
      balance: 170,
    });
    const again = await refund(p.receiptNo, { amountFen: 3000, refundNo: 'A1' }).expect(200);
    expect(again.body).toEqual({ ...first.body, replayed: true });
    const rest = await refund(p.receiptNo, { amountFen: 7000 }).expect(200);
    expect(rest.body).toMatchObject({ refundedTotalFen: 10_000, pointsClawedBack: 70, balance: 100 });
    expect((await refund(p.receiptNo, { amountFen: 1 }).expect(409)).body.code).toBe('REFUND_EXCEEDS_PURCHASE');
    expect((await s.http.get('/api/v1/me/tier').set(bearer(m.token))).body.growth).toBe(0);
    expect((await refund('NOPE', { amountFen: 1 }).expect(404)).body.code).toBe('PURCHASE_NOT_FOUND');
    const audit = (
      await s.http
        .get('/api/v1/admin/audit-logs')
        .query({ action: 'purchase.refunded', targetId: (await s.http.get('/api/v1/me').set(bearer(m.token))).body.id })
        .set(bearer(await loginOperator(s)))
        .expect(200)
    ).body.items;
    expect(audit.map((a: { after: { refundNo: string } }) => a.after.refundNo)).toContain('A1');
    expect(audit.every((a: { actorType: string }) => a.actorType === 'staff')).toBe(true);
  });

  it('returns points used as payment into their original lots with their original expiry', async () => {
    const m = await loginMember(s);
    await buy(m.token, 10_000); // 100 bonus + 100 earned, expiring on day D
    const before = (await points(m.token)).expiring;
    s.clock.advance(10 * 86_400);
    try {
      const p = await buy(m.token, 2000, 200); // all 200 points pay ¥2; ¥18 paid earns 18 (expiring D+10)
      expect(p).toMatchObject({ pointsUsed: 200, deductionFen: 200, pointsEarned: 18, balance: 18 });
      const r = await refund(p.receiptNo, { amountFen: 2000 }).expect(200);
      expect(r.body).toMatchObject({ pointsReturned: 200, pointsClawedBack: 18, balance: 200 });
      expect((await points(m.token)).expiring).toEqual(before);
    } finally {
      s.clock.advance(-10 * 86_400);
    }
  });

  it('shows the clerk what is still refundable, and counts refunds in the shift summary', async () => {
    const m = await loginMember(s);
    const before = (await s.http.get('/api/v1/staff/shift-summary').set(bearer(staffToken)).expect(200)).body;
    const p = await buy(m.token, 8000);
    await refund(p.receiptNo, { amountFen: 2500 }).expect(200);
    const detail = await s.http.get(`/api/v1/staff/purchases/${p.receiptNo}`).set(bearer(staffToken)).expect(200);
    expect(detail.body).toMatchObject({
      receiptNo: p.receiptNo,
      memberNo: p.memberNo,
      amountFen: 8000,
      payableFen: 8000,
      refundedFen: 2500,
      refundableFen: 5500,
    });
    const other = (await makeStaff(s, await loginOperator(s))).staffToken;
    expect((await s.http.get(`/api/v1/staff/purchases/${p.receiptNo}`).set(bearer(other)).expect(404)).body.code).toBe(
      'PURCHASE_NOT_FOUND',
    );
    const after = (await s.http.get('/api/v1/staff/shift-summary').set(bearer(staffToken)).expect(200)).body;
    expect(after.mine.purchases - before.mine.purchases).toBe(1);
    expect(after.mine.payableFen - before.mine.payableFen).toBe(8000);
    expect(after.mine.refunds - before.mine.refunds).toBe(1);
    expect(after.mine.cashRefundedFen - before.mine.cashRefundedFen).toBe(2500);
    expect(after.mine.netCashFen - before.mine.netCashFen).toBe(5500);
    expect(after.store).toEqual(after.mine);
  });

  it('hands back the cash actually taken: ¥100 paid with ¥50 cash + 5000 points', async () => {
    const m = await loginMember(s);
    await buy(m.token, 600_000); // 6100 points
    const before = (await s.http.get('/api/v1/staff/shift-summary').set(bearer(staffToken)).expect(200)).body;
    const p = await buy(m.token, 10_000, 5000);
    expect(p).toMatchObject({ deductionFen: 5000, payableFen: 5000 });
    const detail = await s.http.get(`/api/v1/staff/purchases/${p.receiptNo}`).set(bearer(staffToken)).expect(200);
    expect(detail.body).toMatchObject({ refundableFen: 10_000, payableFen: 5000, cashRefundedFen: 0, refundsFen: [] });
    // Partial refunds split across the tenders in proportion and add up exactly to the full refund.
    const part = await refund(p.receiptNo, { amountFen: 3333 }).expect(200);
    expect(part.body).toMatchObject({ amountFen: 3333, cashRefundedFen: 1667, pointsReturned: 1666 });
    const rest = await refund(p.receiptNo, { amountFen: 6667 }).expect(200);
    expect(rest.body).toMatchObject({ cashRefundedFen: 3333, pointsReturned: 3334, refundedTotalFen: 10_000 });
    const after = (await s.http.get('/api/v1/staff/shift-summary').set(bearer(staffToken)).expect(200)).body;
    expect(after.mine.payableFen - before.mine.payableFen).toBe(5000);
    expect(after.mine.cashRefundedFen - before.mine.cashRefundedFen).toBe(5000);
    expect(after.mine.netCashFen - before.mine.netCashFen).toBe(0);
    expect(after.mine.pointsReturned - before.mine.pointsReturned).toBe(5000);
    expect((await s.http.get(`/api/v1/staff/purchases/${p.receiptNo}`).set(bearer(staffToken))).body).toMatchObject({
      refundableFen: 0,
      cashRefundedFen: 5000,
      refundsFen: [3333, 6667],
    });
  });

  it('records a shortfall when the member already spent the earned points', async () => {
    const m = await loginMember(s);
    const p = await buy(m.token, 10_000); // balance 200
    await buy(m.token, 1000, 200); // spends everything; earns 8
    const r = await refund(p.receiptNo, { amountFen: 10_000 }).expect(200);
    expect(r.body).toMatchObject({ pointsClawedBack: 8, pointsShortfall: 92, balance: 0 });
  });

  it('lets exactly as many concurrent partial refunds through as the purchase covers', async () => {
    const m = await loginMember(s);
    const p = await buy(m.token, 5000);
    const results = await Promise.all(Array.from({ length: 10 }, () => refund(p.receiptNo, { amountFen: 1000 })));
    expect(results.filter((r) => r.status === 200)).toHaveLength(5);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.code === 'REFUND_EXCEEDS_PURCHASE')).toBe(true);
    expect((await points(m.token)).balance).toBe(100);
  });
});
