import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { checkLedgerInvariants } from '../../server/src/ledger/ledger-invariants';
import { checkoutId } from './checkout-support';
import { bearer, loginMember, loginOperator, makeStaff, startTestServer, type TestServer } from './support';

// Default ladder: NORMAL 0 · SILVER 1000 (keep 800) · GOLD 5000 (keep 4000) · DIAMOND 20000 (keep 16000);
// growth is yuan paid within 365 days; grace period 30 days (config/default.yaml).
describe('tier re-evaluation, manual tiers and expiry reminders', () => {
  let s: TestServer;
  let admin: string;
  let staffToken: string;
  beforeAll(async () => {
    s = await startTestServer();
    admin = await loginOperator(s);
    ({ staffToken } = await makeStaff(s, admin));
  });
  afterEach(() => s.clock.reset());
  afterAll(async () => {
    expect((await checkLedgerInvariants(s.app.get(DataSource))).violations).toEqual([]);
    await s.close();
  });

  const days = (n: number) => s.clock.advance(n * 86_400);
  const member = async () => {
    const m = await loginMember(s);
    const me = (await s.http.get('/api/v1/me').set(bearer(m.token)).expect(200)).body;
    return { ...m, id: me.id as number };
  };
  const buy = async (token: string, amountFen: number) => {
    const checkout = await checkoutId(s, staffToken, token);
    const receiptNo = 'TR' + randomBytes(6).toString('hex');
    return (
      await s.http
        .post('/api/v1/staff/purchases')
        .set(bearer(staffToken))
        .send({ checkoutId: checkout, amountFen, receiptNo })
        .expect(200)
    ).body;
  };
  const refund = (receiptNo: string, amountFen: number) =>
    s.http
      .post(`/api/v1/staff/purchases/${receiptNo}/refunds`)
      .set(bearer(staffToken))
      .send({ amountFen, refundNo: `${receiptNo}-${amountFen}` })
      .expect(200);
  const evaluate = async () =>
    (await s.http.post('/api/v1/admin/tier-reviews/evaluate').set(bearer(admin)).expect(200)).body;
  const reviewsOf = async (memberId: number, status?: string) =>
    (
      await s.http
        .get('/api/v1/admin/tier-reviews')
        .query({ pageSize: 100, ...(status ? { status } : {}) })
        .set(bearer(admin))
        .expect(200)
    ).body.items.filter((r: { member: { id: number } }) => r.member.id === memberId);
  // ¥500 + ¥500: the second bill promotes to SILVER; refunding part of the first (which promoted nobody)
  // leaves growth below SILVER's keep line without taking the promotion back.
  const silverBelowKeep = async (token: string, refundFen: number) => {
    const first = await buy(token, 50_000);
    const second = await buy(token, 50_000);
    expect(second.promotedTo.code).toBe('SILVER');
    await refund(first.receiptNo, refundFen);
  };
  const tierOf = async (token: string) => (await s.http.get('/api/v1/me/tier').set(bearer(token)).expect(200)).body;

  it('flags a member below the retention threshold, previews the drop, and applies it after the grace period', async () => {
    const m = await member();
    await silverBelowKeep(m.token, 30_000); // growth 700 < keep 800
    const first = await evaluate();
    expect(first).toMatchObject({ graceDays: 30 });
    const [review] = await reviewsOf(m.id, 'pending');
    expect(review).toMatchObject({
      from: { code: 'SILVER' },
      to: { code: 'NORMAL' },
      growthAtFlag: 700,
      growthNow: 700,
      retentionThreshold: 800,
      status: 'pending',
    });
    const today = new Date(s.clock.now().getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
    expect(Date.parse(review.dueOn) - Date.parse(today)).toBe(30 * 86_400_000);
    expect((await tierOf(m.token)).pendingDowngrade).toEqual({
      to: expect.objectContaining({ code: 'NORMAL' }),
      dueOn: review.dueOn,
    });
    // Evaluating again does not flag twice; before the due day nothing drops.
    await evaluate();
    expect(await reviewsOf(m.id)).toHaveLength(1);
    days(29);
    await evaluate();
    expect((await tierOf(m.token)).current.code).toBe('SILVER');
    days(1);
    expect((await evaluate()).applied).toBeGreaterThanOrEqual(1);
    expect(await tierOf(m.token)).toMatchObject({ current: { code: 'NORMAL' }, pendingDowngrade: null });
    expect((await reviewsOf(m.id, 'applied'))[0]).toMatchObject({ to: { code: 'NORMAL' }, cancelReason: null });
    const audit = (
      await s.http
        .get('/api/v1/admin/audit-logs')
        .query({ action: 'member_tier.downgraded', targetId: m.id })
        .set(bearer(admin))
        .expect(200)
    ).body.items;
    expect(audit).toHaveLength(1);
    expect(audit[0].actorType).toBe('system');
  });

  it('flags each member once when several nodes evaluate at the same moment', async () => {
    const members = await Promise.all([member(), member(), member()]);
    for (const m of members) await silverBelowKeep(m.token, 50_000);
    await Promise.all([evaluate(), evaluate(), evaluate()]);
    for (const m of members) expect(await reviewsOf(m.id, 'pending')).toHaveLength(1);
  });

  it('cancels the pending drop when the member spends back above the line', async () => {
    const m = await member();
    await silverBelowKeep(m.token, 30_000);
    await evaluate();
    expect(await reviewsOf(m.id, 'pending')).toHaveLength(1);
    await buy(m.token, 15_000); // growth 850 ≥ 800
    await evaluate();
    expect((await reviewsOf(m.id))[0]).toMatchObject({ status: 'cancelled', cancelReason: 'recovered' });
    days(31);
    await evaluate();
    expect((await tierOf(m.token)).current.code).toBe('SILVER');
  });

  it('lets growth lapse after the rolling window, so last year’s spend no longer keeps the tier', async () => {
    const m = await member();
    await buy(m.token, 100_000);
    days(366);
    await evaluate(); // the expiry sweep runs first: growth lots older than 365 days lapse
    const [review] = await reviewsOf(m.id, 'pending');
    expect(review).toMatchObject({ growthAtFlag: 0, from: { code: 'SILVER' } });
  });

  it('sets a tier by hand with a reason; pinned members are left alone by promotion and re-evaluation', async () => {
    const m = await member();
    await silverBelowKeep(m.token, 30_000);
    await evaluate();
    const set = (body: Record<string, unknown>) =>
      s.http.put(`/api/v1/admin/members/${m.id}/tier`).set(bearer(admin)).send(body);
    const view = await set({ tierCode: 'GOLD', pinned: true, reason: '合作伙伴权益' }).expect(200);
    expect(view.body).toMatchObject({ current: { code: 'GOLD' }, pinned: true });
    expect((await reviewsOf(m.id))[0]).toMatchObject({ status: 'cancelled', cancelReason: 'pinned' });
    await evaluate();
    expect(await reviewsOf(m.id, 'pending')).toHaveLength(0);
    await buy(m.token, 2_000_000); // would reach DIAMOND, but the tier is pinned
    expect((await tierOf(m.token)).current.code).toBe('GOLD');

    expect((await set({ tierCode: 'NOPE', pinned: false, reason: '测试' }).expect(404)).body.code).toBe(
      'TIER_NOT_FOUND',
    );
    await set({ tierCode: 'GOLD', pinned: false }).expect(400);
    const audit = (
      await s.http
        .get('/api/v1/admin/audit-logs')
        .query({ action: 'member_tier.set', targetId: m.id })
        .set(bearer(admin))
        .expect(200)
    ).body.items;
    expect(audit[0]).toMatchObject({ reason: '合作伙伴权益' });
  });

  it('plans one expiry reminder per member and day within 30 days, once', async () => {
    const m = await member();
    await buy(m.token, 10_000); // 100 sign-up + 100 earned points
    const { expiring } = (await s.http.get('/api/v1/me/points').set(bearer(m.token)).expect(200)).body;
    const expiresAt = Date.parse(expiring[0].expiresAt);
    // Move to 20 days before the expiry day.
    s.clock.setNow(new Date(expiresAt - 20 * 86_400_000));
    const run = async () => (await s.http.post('/sandbox/jobs/points-expiry-reminders/run').expect(200)).body;
    expect((await run()).result.planned).toBeGreaterThanOrEqual(1);
    expect((await run()).result).toEqual({ planned: 0, days: 30 });
    const reminders = (
      await s.http.get('/api/v1/admin/points/expiry-reminders').query({ pageSize: 100 }).set(bearer(admin)).expect(200)
    ).body.items.filter((r: { member: { id: number } }) => r.member.id === m.id);
    const expiresOn = new Date(expiresAt + 8 * 3_600_000).toISOString().slice(0, 10);
    expect(reminders).toEqual([expect.objectContaining({ expiresOn, points: 200, status: 'planned' })]);
  });

  it('lets store managers read the preview (analysts its totals) but neither change tiers', async () => {
    const m = await member();
    for (const role of ['analyst', 'store_manager']) {
      const username = 'ro' + randomBytes(4).toString('hex');
      const password = 'Ro-Passw0rd!' + username;
      const store = role === 'store_manager' ? { storeId: 1 } : {};
      await s.http
        .post('/api/v1/admin/operators')
        .set(bearer(admin))
        .send({ username, password, displayName: username, role, ...store })
        .expect(201);
      const token = await loginOperator(s, { username, password });
      // Analysts read aggregates only (totals, no rows); store managers the rows of their store's members.
      for (const path of ['/api/v1/admin/tier-reviews', '/api/v1/admin/points/expiry-reminders']) {
        const res = await s.http.get(path).set(bearer(token)).expect(200);
        if (role === 'analyst') expect(res.body.items).toEqual([]);
      }
      await s.http.post('/api/v1/admin/tier-reviews/evaluate').set(bearer(token)).expect(403);
      await s.http
        .put(`/api/v1/admin/members/${m.id}/tier`)
        .set(bearer(token))
        .send({ tierCode: 'GOLD', pinned: false, reason: '越权尝试' })
        .expect(403);
    }
    expect((await tierOf(m.token)).current.code).toBe('NORMAL');
  });
});
