import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { checkLedgerInvariants } from '../../server/src/ledger/ledger-invariants';
import { testsUseMysql } from '../fixtures/test-database';
import { checkoutId } from './checkout-support';
import { bearer, loginMember, loginOperator, makeStaff, startTestServer, type TestServer } from './support';

// Default ladder: NORMAL 0 (×1.0) · SILVER 1000 (×1.2) · GOLD 5000 (×1.5) · DIAMOND 20000 (×2.0), growth in
// yuan paid. A refund of the purchase that promoted a member takes that promotion back at once, as far as
// the growth left no longer reaches it, and never below the tier the purchase started from.
describe('tier follows refunds', () => {
  let s: TestServer;
  let admin: string;
  let staffToken: string;
  beforeAll(async () => {
    s = await startTestServer();
    admin = await loginOperator(s);
    ({ staffToken } = await makeStaff(s, admin));
  });
  afterAll(async () => {
    expect((await checkLedgerInvariants(s.app.get(DataSource))).violations).toEqual([]);
    await s.close();
  });

  const member = async () => {
    const m = await loginMember(s);
    const me = (await s.http.get('/api/v1/me').set(bearer(m.token)).expect(200)).body;
    return { ...m, id: me.id as number };
  };
  const checkout = (token: string) => checkoutId(s, staffToken, token);
  const purchase = async (token: string, amountFen: number) =>
    s.http
      .post('/api/v1/staff/purchases')
      .set(bearer(staffToken))
      .send({ checkoutId: await checkout(token), amountFen, receiptNo: 'TF' + randomBytes(6).toString('hex') });
  const buy = async (token: string, amountFen: number) => (await purchase(token, amountFen)).body;
  const refund = (receiptNo: string, amountFen: number) =>
    s.http
      .post(`/api/v1/staff/purchases/${receiptNo}/refunds`)
      .set(bearer(staffToken))
      .send({ amountFen, refundNo: 'F' + randomBytes(6).toString('hex') })
      .expect(200);
  const setTier = (memberId: number, body: Record<string, unknown>) =>
    s.http.put(`/api/v1/admin/members/${memberId}/tier`).set(bearer(admin)).send(body);
  const tierOf = async (memberId: number) =>
    (await s.http.get(`/api/v1/admin/members/${memberId}/tier`).set(bearer(admin)).expect(200)).body;
  const auditOf = async (memberId: number, action: string) =>
    (
      await s.http
        .get('/api/v1/admin/audit-logs')
        .query({ action, targetId: memberId, pageSize: 100 })
        .set(bearer(admin))
        .expect(200)
    ).body.items;

  it('drops a member promoted to the top tier back at once when the purchase is refunded in full', async () => {
    const m = await member();
    const p = await buy(m.token, 2_000_000); // ¥20,000 → DIAMOND
    expect(p.promotedTo.code).toBe('DIAMOND');
    await refund(p.receiptNo, 2_000_000);
    expect(await tierOf(m.id)).toMatchObject({ current: { code: 'NORMAL' }, growth: 0, pendingDowngrade: null });
    // ¥100 at NORMAL earns 100 points, not the 200 of DIAMOND.
    const next = await buy(m.token, 10_000);
    expect(next).toMatchObject({ pointsEarned: 100, tier: { code: 'NORMAL' }, promotedTo: null });
    const [audit] = await auditOf(m.id, 'member_tier.downgraded');
    expect(audit).toMatchObject({
      actorType: 'system',
      before: expect.objectContaining({ tier: 'DIAMOND' }),
      after: expect.objectContaining({ tier: 'NORMAL', receiptNo: p.receiptNo }),
    });
  });

  it('keeps the tier while a partial refund leaves growth above its threshold, and follows it below', async () => {
    const m = await member();
    const p = await buy(m.token, 600_000); // ¥6,000 → GOLD
    expect(p.promotedTo.code).toBe('GOLD');
    await refund(p.receiptNo, 50_000); // growth 5,500 ≥ 5,000
    expect((await tierOf(m.id)).current.code).toBe('GOLD');
    await refund(p.receiptNo, 100_000); // growth 4,500: SILVER by growth
    expect(await tierOf(m.id)).toMatchObject({ current: { code: 'SILVER' }, growth: 4500 });
  });

  it('leaves pinned members and members moved above the promotion alone', async () => {
    const pinned = await member();
    const p = await buy(pinned.token, 2_000_000);
    await setTier(pinned.id, { tierCode: 'DIAMOND', pinned: true, reason: '合作伙伴权益' }).expect(200);
    await refund(p.receiptNo, 2_000_000);
    expect(await tierOf(pinned.id)).toMatchObject({ current: { code: 'DIAMOND' }, pinned: true });

    const moved = await member();
    const q = await buy(moved.token, 100_000); // → SILVER
    expect(q.promotedTo.code).toBe('SILVER');
    await setTier(moved.id, { tierCode: 'GOLD', pinned: false, reason: '活动升级' }).expect(200);
    await refund(q.receiptNo, 100_000);
    expect(await tierOf(moved.id)).toMatchObject({ current: { code: 'GOLD' }, pinned: false });
  });

  it('never drops below the tier the refunded purchase promoted from', async () => {
    const m = await member();
    const first = await buy(m.token, 100_000); // NORMAL → SILVER
    const second = await buy(m.token, 500_000); // growth 6,000: SILVER → GOLD
    expect([first.promotedTo.code, second.promotedTo.code]).toEqual(['SILVER', 'GOLD']);
    // Refunding the first bill while at GOLD (above what it promoted to) changes nothing.
    await refund(first.receiptNo, 50_000);
    expect(await tierOf(m.id)).toMatchObject({ current: { code: 'GOLD' }, growth: 5500 });
    // Growth 500 reaches only NORMAL, but this purchase promoted from SILVER.
    await refund(second.receiptNo, 500_000);
    expect(await tierOf(m.id)).toMatchObject({ current: { code: 'SILVER' }, growth: 500 });
    const next = await buy(m.token, 10_000);
    expect(next).toMatchObject({ pointsEarned: 120, tier: { code: 'SILVER' } });
  });

  it('closes the open tier review the refund makes moot', async () => {
    const m = await member();
    const first = await buy(m.token, 50_000);
    const second = await buy(m.token, 50_000); // growth 1,000 → SILVER
    expect(second.promotedTo.code).toBe('SILVER');
    await refund(first.receiptNo, 30_000); // growth 700 < keep 800; first bill promoted nobody
    expect((await tierOf(m.id)).current.code).toBe('SILVER');
    await s.http.post('/api/v1/admin/tier-reviews/evaluate').set(bearer(admin)).expect(200);
    expect((await tierOf(m.id)).pendingDowngrade).toMatchObject({ to: { code: 'NORMAL' } });
    await refund(second.receiptNo, 10_000);
    expect(await tierOf(m.id)).toMatchObject({ current: { code: 'NORMAL' }, pendingDowngrade: null });
    const reviews = (
      await s.http.get('/api/v1/admin/tier-reviews').query({ pageSize: 100 }).set(bearer(admin)).expect(200)
    ).body.items.filter((r: { member: { id: number } }) => r.member.id === m.id);
    expect(reviews).toEqual([expect.objectContaining({ status: 'cancelled', cancelReason: 'tier_changed' })]);
  });

  // SQLite runs one transaction at a time; the race needs real row locks.
  (testsUseMysql() ? it : it.skip)(
    'serialises a promoting purchase and a manual pin on the member’s tier row',
    async () => {
      for (let round = 0; round < 16; round++) {
        const m = await member();
        // Half the rounds start without a member_tier row, half with one.
        if (round % 2) await setTier(m.id, { tierCode: 'NORMAL', pinned: false, reason: '初始等级' }).expect(200);
        const id = await checkout(m.token);
        const [bought, pinned] = await Promise.all([
          s.http
            .post('/api/v1/staff/purchases')
            .set(bearer(staffToken))
            .send({ checkoutId: id, amountFen: 500_000, receiptNo: 'TC' + randomBytes(6).toString('hex') }),
          new Promise((r) => setTimeout(r, (round * 7) % 40)).then(() =>
            setTier(m.id, { tierCode: 'SILVER', pinned: true, reason: '并发锁定' }),
          ),
        ]);
        expect([bought.status, pinned.status]).toEqual([200, 200]);
        // Whichever committed last, the pinned manual tier stands: a purchase after the pin does not promote.
        expect(await tierOf(m.id)).toMatchObject({ current: { code: 'SILVER' }, pinned: true });
        // The operator's change saw the tier as it was: after the promotion if there was one, before it if not.
        const [set] = (await auditOf(m.id, 'member_tier.set')).filter(
          (a: { reason: string }) => a.reason === '并发锁定',
        );
        expect(set.before.tier).toBe(bought.body.promotedTo ? 'GOLD' : 'NORMAL');
      }
    },
    60_000,
  );
});
