import { CHECKOUT_TTL_SECONDS, deductionFenFor, earnPoints, type CardActivity } from '@member/shared';
import { DataSource } from 'typeorm';
import { checkLedgerInvariants } from '../../server/src/ledger/ledger-invariants';
import { Purchase } from '../../server/src/modules/sales/entities/purchase.entity';
import { cardCode, openCheckout } from './checkout-support';
import { bearer, loginMember, loginOperator, makeStaff, startTestServer, type TestServer } from './support';

// A scan opens a checkout (the 60 s code is consumed); quote and purchase name the checkout for 10 minutes,
// for its clerk at its store only; the sale closes it.
describe('checkouts at the counter', () => {
  let s: TestServer;
  let admin: string;
  let staffToken: string;
  let storeId: number;
  beforeAll(async () => {
    s = await startTestServer();
    admin = await loginOperator(s);
    const staff = await makeStaff(s, admin);
    staffToken = staff.staffToken;
    storeId = staff.store.id;
  });
  afterEach(() => s.clock.reset());
  afterAll(async () => {
    expect((await checkLedgerInvariants(s.app.get(DataSource))).violations).toEqual([]);
    await s.close();
  });

  let seq = 0;
  const receipt = () => `K${Date.now().toString(36)}${++seq}`;
  const open = (memberToken: string, token = staffToken) => openCheckout(s, token, memberToken);
  const quote = (checkoutId: number, amountFen: number, token = staffToken) =>
    s.http.post('/api/v1/staff/purchases/quote').set(bearer(token)).send({ checkoutId, amountFen });
  const buy = (body: Record<string, unknown>, token = staffToken) =>
    s.http.post('/api/v1/staff/purchases').set(bearer(token)).send(body);
  const view = (checkoutId: number, token = staffToken) =>
    s.http.get(`/api/v1/staff/checkouts/${checkoutId}`).set(bearer(token));
  const activity = async (memberToken: string, since: string) =>
    (await s.http.get('/api/v1/me/card/activity').query({ since }).set(bearer(memberToken)).expect(200))
      .body as CardActivity;

  /** A second clerk bound to the same store as the first. */
  const colleague = async () => {
    const invite = (
      await s.http.post('/api/v1/admin/staff-invites').set(bearer(admin)).send({ storeId, role: 'clerk' }).expect(201)
    ).body;
    const clerk = await loginMember(s);
    return (
      await s.http
        .post('/api/v1/staff/invites/redeem')
        .set(bearer(clerk.token))
        .send({ inviteCode: invite.inviteCode })
        .expect(200)
    ).body.token as string;
  };

  it('opens a checkout on a scan: who the member is, live points, 10 minutes, and the code is spent', async () => {
    const m = await loginMember(s);
    const memberCode = await cardCode(s, m.token);
    const res = await s.http.post('/api/v1/staff/checkouts').set(bearer(staffToken)).send({ memberCode }).expect(201);
    expect(res.body).toMatchObject({
      checkoutId: expect.any(Number),
      status: 'open',
      member: {
        memberNo: m.member.memberNo,
        nickname: m.member.nickname,
        tier: { code: 'NORMAL', name: expect.any(String), badgeColor: expect.any(String) },
        balance: 100,
        expiring: { points: 0, soonestAt: null, withinDays: 30 },
      },
    });
    expect(Date.parse(res.body.expiresAt) - Date.parse(res.body.openedAt)).toBe(CHECKOUT_TTL_SECONDS * 1000);
    // One scan, one checkout: the code cannot open a second one.
    const again = await s.http.post('/api/v1/staff/checkouts').set(bearer(staffToken)).send({ memberCode });
    expect([again.status, again.body.code]).toEqual([409, 'MEMBER_CODE_USED']);
    expect((await view(res.body.checkoutId).expect(200)).body).toMatchObject({
      status: 'open',
      member: { balance: 100 },
    });
  });

  it('shows points expiring within 30 days (sum and soonest date), and counts only live points', async () => {
    const m = await loginMember(s);
    const mine = (await s.http.get('/api/v1/me/points').set(bearer(m.token)).expect(200)).body;
    const bonusExpiry = Date.parse(mine.expiring[0].expiresAt);
    s.clock.setNow(new Date(bonusExpiry - 10 * 86_400_000));
    const soon = await open(m.token);
    expect(soon.member).toMatchObject({
      balance: 100,
      expiring: { points: 100, soonestAt: new Date(bonusExpiry).toISOString() },
    });
    s.clock.setNow(new Date(bonusExpiry + 1000));
    const after = await open(m.token);
    expect(after.member).toMatchObject({ balance: 0, expiring: { points: 0, soonestAt: null } });
  });

  it('quotes and sells against the checkout; the sale closes it and it cannot be used again', async () => {
    const m = await loginMember(s);
    const { checkoutId } = await open(m.token);
    expect((await quote(checkoutId, 12_800).expect(200)).body).toMatchObject({
      balance: 100,
      pointsIfNoDeduction: 128,
      math: { pointsMultiplierPct: 100, birthdayMonth: false, rules: { pointsPerYuan: 1 } },
    });
    const sold = await buy({ checkoutId, amountFen: 12_800, receiptNo: receipt() }).expect(200);
    expect(sold.body).toMatchObject({ pointsEarned: 128, balance: 228, replayed: false });
    expect((await view(checkoutId).expect(200)).body.status).toBe('closed');

    const requote = await quote(checkoutId, 5000).expect(409);
    expect(requote.body).toEqual({ code: 'CHECKOUT_CLOSED', message: expect.stringContaining('重新扫码') });
    const second = await buy({ checkoutId, amountFen: 5000, receiptNo: receipt() }).expect(409);
    expect(second.body.code).toBe('CHECKOUT_CLOSED');
    expect((await s.http.get('/api/v1/me/points').set(bearer(m.token))).body.balance).toBe(228);
  });

  it('lets the clerk take 65 s between the scan and the sale', async () => {
    const m = await loginMember(s);
    const { checkoutId } = await open(m.token);
    s.clock.advance(65); // the card code would have expired at 60 s
    await quote(checkoutId, 5000).expect(200);
    const sold = await buy({ checkoutId, amountFen: 5000, receiptNo: receipt() }).expect(200);
    expect(sold.body).toMatchObject({ pointsEarned: 50, balance: 150 });
  });

  it('expires the checkout 10 minutes after the scan', async () => {
    const m = await loginMember(s);
    const { checkoutId } = await open(m.token);
    s.clock.advance(CHECKOUT_TTL_SECONDS - 1);
    await quote(checkoutId, 5000).expect(200);
    s.clock.advance(1);
    const late = await quote(checkoutId, 5000).expect(410);
    expect(late.body).toEqual({ code: 'CHECKOUT_EXPIRED', message: expect.stringContaining('10 分钟') });
    expect((await buy({ checkoutId, amountFen: 5000, receiptNo: receipt() }).expect(410)).body.code).toBe(
      'CHECKOUT_EXPIRED',
    );
    expect((await view(checkoutId).expect(200)).body.status).toBe('expired');
    expect(await s.app.get(DataSource).getRepository(Purchase).countBy({ memberId: m.member.id })).toBe(0);
  });

  it("refuses another store's clerk (404) and a colleague at the same store (403)", async () => {
    const m = await loginMember(s);
    const { checkoutId } = await open(m.token);
    const elsewhere = (await makeStaff(s, admin)).staffToken;
    for (const res of [
      await quote(checkoutId, 5000, elsewhere),
      await buy({ checkoutId, amountFen: 5000, receiptNo: receipt() }, elsewhere),
      await view(checkoutId, elsewhere),
    ]) {
      expect([res.status, res.body.code]).toEqual([404, 'CHECKOUT_NOT_FOUND']);
    }
    const sameStore = await colleague();
    const taken = await buy({ checkoutId, amountFen: 5000, receiptNo: receipt() }, sameStore);
    expect([taken.status, taken.body.code]).toEqual([403, 'CHECKOUT_OTHER_STAFF']);
    expect(taken.body.message).toMatch(/其他店员/);
    expect((await quote(checkoutId, 5000, sameStore)).status).toBe(403);
    // Still open for its own clerk.
    await buy({ checkoutId, amountFen: 5000, receiptNo: receipt() }).expect(200);
    expect((await quote(99_999_999, 5000)).body.code).toBe('CHECKOUT_NOT_FOUND');
  });

  it('answers a purchase retried after a lost answer with the first result, though its checkout is closed', async () => {
    const m = await loginMember(s);
    const { checkoutId } = await open(m.token);
    const body = { checkoutId, amountFen: 20_000, receiptNo: receipt(), pointsToUse: 50 };
    const first = await buy(body).expect(200);
    // The answer was lost on the way; the till sends the same request again.
    const retry = await buy(body).expect(200);
    expect(retry.body).toEqual({ ...first.body, replayed: true });
    // The same receipt for another bill is still another request.
    expect((await buy({ ...body, amountFen: 20_001 }).expect(409)).body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect((await s.http.get('/api/v1/me/points').set(bearer(m.token))).body.balance).toBe(100 - 50 + 199);
  });

  it('deducts any number of points up to the cap, priced by the shared math the quote hands out', async () => {
    const m = await loginMember(s);
    const big = await open(m.token);
    await buy({ checkoutId: big.checkoutId, amountFen: 600_000, receiptNo: receipt() }).expect(200); // GOLD, 6100
    const { checkoutId } = await open(m.token);
    const q = (await quote(checkoutId, 10_000).expect(200)).body;
    expect(q).toMatchObject({ balance: 6100, maxPointsToUse: 5000, math: { pointsMultiplierPct: 150 } });
    const pointsToUse = 1234;
    const deductionFen = deductionFenFor(q.math.rules, pointsToUse);
    const payableFen = 10_000 - deductionFen;
    const expected = earnPoints(q.math.rules, payableFen, q.math.pointsMultiplierPct, q.math.birthdayMonth);
    const sold = await buy({ checkoutId, amountFen: 10_000, receiptNo: receipt(), pointsToUse }).expect(200);
    expect(sold.body).toMatchObject({
      pointsUsed: 1234,
      deductionFen: 1234,
      payableFen: 8766,
      pointsEarned: expected,
      balance: 6100 - 1234 + expected,
    });
    expect(expected).toBe(131); // ¥87.66 × 1.5, rounded down
  });

  it("tells the member's card page when the code was scanned and when the sale completed", async () => {
    const m = await loginMember(s);
    const card = (await s.http.get('/api/v1/me/card').set(bearer(m.token)).expect(200)).body;
    const idle = await activity(m.token, card.issuedAt);
    expect(idle).toEqual({ now: expect.any(String), scanned: null, sale: null, walletConfirmation: null });

    const memberCode = card.code as string;
    const opened = (
      await s.http.post('/api/v1/staff/checkouts').set(bearer(staffToken)).send({ memberCode }).expect(201)
    ).body;
    const scanned = await activity(m.token, idle.now);
    expect(scanned.scanned).toEqual({
      checkoutId: opened.checkoutId,
      storeName: expect.stringMatching(/^门店/),
      at: opened.openedAt,
    });
    expect(scanned.sale).toBeNull();

    const receiptNo = receipt();
    await buy({ checkoutId: opened.checkoutId, amountFen: 26_800, receiptNo, pointsToUse: 100 }).expect(200);
    const sold = await activity(m.token, scanned.now);
    expect(sold.scanned).toBeNull();
    expect(sold.sale).toEqual({
      checkoutId: opened.checkoutId,
      receiptNo,
      storeName: scanned.scanned!.storeName,
      amountFen: 26_800,
      couponDiscountFen: 0,
      deductionFen: 100,
      walletFen: 0,
      walletBalanceFen: null,
      payableFen: 26_700,
      pointsUsed: 100,
      pointsEarned: 267,
      balance: 267,
      tier: expect.objectContaining({ code: 'NORMAL' }),
      promotedTo: null,
      at: expect.any(String),
    });
    // Told once: the next poll (since this answer) is quiet, and nobody else sees it.
    expect(await activity(m.token, sold.now)).toMatchObject({ scanned: null, sale: null });
    const other = await loginMember(s);
    expect(await activity(other.token, idle.now)).toMatchObject({ scanned: null, sale: null });
    const bad = await s.http.get('/api/v1/me/card/activity').query({ since: 'yesterday' }).set(bearer(m.token));
    expect(bad.status).toBe(400);
    await s.http.get('/api/v1/me/card/activity').query({ since: idle.now }).set(bearer(staffToken)).expect(403);
  });

  it("reports the scanned checkout's sale even when a poll stepped past its time before it committed", async () => {
    const m = await loginMember(s);
    const card = (await s.http.get('/api/v1/me/card').set(bearer(m.token)).expect(200)).body;
    const opened = (
      await s.http.post('/api/v1/staff/checkouts').set(bearer(staffToken)).send({ memberCode: card.code }).expect(201)
    ).body;
    const receiptNo = receipt();
    await buy({ checkoutId: opened.checkoutId, amountFen: 1_000, receiptNo }).expect(200);
    // A poll that ran while the sale was in flight answered a `now` later than the sale's closed_at: the
    // next poll's since is past it. Without the checkout the sale is lost; with it, it is reported.
    const later = new Date(Date.parse(new Date().toISOString()) + 1_000).toISOString();
    expect((await activity(m.token, later)).sale).toBeNull();
    const waited = (
      await s.http
        .get('/api/v1/me/card/activity')
        .query({ since: later, checkoutId: opened.checkoutId })
        .set(bearer(m.token))
        .expect(200)
    ).body as CardActivity;
    expect(waited.sale).toMatchObject({ checkoutId: opened.checkoutId, receiptNo, payableFen: 1_000 });
    // Another member's checkout id reveals nothing.
    const other = await loginMember(s);
    const foreign = (
      await s.http
        .get('/api/v1/me/card/activity')
        .query({ since: later, checkoutId: opened.checkoutId })
        .set(bearer(other.token))
        .expect(200)
    ).body as CardActivity;
    expect(foreign).toMatchObject({ scanned: null, sale: null });
  });

  it('tells the member about a promotion with the sale', async () => {
    const m = await loginMember(s);
    const { checkoutId, openedAt } = await open(m.token);
    await buy({ checkoutId, amountFen: 600_000, receiptNo: receipt() }).expect(200);
    const since = new Date(Date.parse(openedAt) - 1).toISOString();
    const { sale, scanned } = await activity(m.token, since);
    expect(scanned?.checkoutId).toBe(checkoutId);
    expect(sale).toMatchObject({ promotedTo: { code: 'GOLD' }, tier: { code: 'GOLD' }, balance: 6100 });
  });
});
