import { DataSource } from 'typeorm';
import { checkLedgerInvariants } from '../../server/src/ledger/ledger-invariants';
import { bearer, loginOperator, startTestServer, waitForOutbox, type TestServer } from './support';

// What `npm start` seeds on a fresh sandbox database, built through the real purchase and refund paths.
describe('demo data', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ DEMO_SEED: 'true' });
  }, 60_000); // the seed rings up a dozen sales through the real paths
  afterAll(() => s.close());

  it('seeds a store, members with purchase history across the tiers, and a pending tier review', async () => {
    expect(s.demo).toMatchObject({ storeCode: 'DEMO01', members: 6 });
    const admin = await loginOperator(s);
    const members = (await s.http.get('/api/v1/admin/members').set(bearer(admin)).expect(200)).body;
    expect(members.items.map((m: { nickname: string }) => m.nickname)).toEqual(
      expect.arrayContaining(['陈一鸣', '王珊珊', '周婷', '林小满', '赵子轩', '吴昊', '店员小李']),
    );
    const tiers = await Promise.all(
      members.items.map(
        async (m: { id: number }) =>
          (await s.http.get(`/api/v1/admin/members/${m.id}/tier`).set(bearer(admin)).expect(200)).body.current.code,
      ),
    );
    expect(new Set(tiers)).toEqual(new Set(['NORMAL', 'SILVER', 'GOLD']));
    const reviews = (await s.http.get('/api/v1/admin/tier-reviews?status=pending').set(bearer(admin)).expect(200)).body;
    expect(reviews.items).toEqual([expect.objectContaining({ member: expect.objectContaining({ nickname: '周婷' }) })]);
    // 注销申请 is not empty: one member is in the cooling-off period; consents are on record.
    const deletions = (await s.http.get('/api/v1/admin/deletion-requests').set(bearer(admin)).expect(200)).body;
    expect(deletions.items).toEqual([expect.objectContaining({ nickname: '吴昊', status: 'cooling_off' })]);
    // Colleagues in the console, and a rules change beyond the hard bound waiting for a second operator:
    // not in force, so the sign-up bonus is unchanged.
    const operators = (await s.http.get('/api/v1/admin/operators').set(bearer(admin)).expect(200)).body;
    expect(operators.map((o: { username: string }) => o.username)).toEqual(
      expect.arrayContaining(['ops.wang', 'manager.jingan']),
    );
    const pending = (
      await s.http.get('/api/v1/admin/points-rules/changes?status=pending').set(bearer(admin)).expect(200)
    ).body;
    expect(pending).toEqual([
      expect.objectContaining({ status: 'pending', rules: expect.objectContaining({ signUpBonus: 20_000 }) }),
    ]);
    const inForce = (await s.http.get('/api/v1/admin/points-rules').set(bearer(admin)).expect(200)).body;
    expect(inForce.rules.signUpBonus).toBeLessThan(20_000);
    // Coupons: every kind and trigger, a draft, a limited one the demo members emptied; two sales used one.
    const templates = (await s.http.get('/api/v1/admin/coupon-templates?pageSize=50').set(bearer(admin)).expect(200))
      .body.items as { kind: string; trigger: string; status: string; remaining: number | null }[];
    expect(new Set(templates.map((t) => t.kind))).toEqual(new Set(['CASH_OFF', 'PERCENT_OFF', 'EXCHANGE']));
    expect(new Set(templates.map((t) => t.trigger))).toEqual(new Set(['CLAIM', 'NEW_MEMBER', 'BIRTHDAY', 'TIER_UP']));
    expect(templates.filter((t) => t.status === 'DRAFT')).toHaveLength(1);
    expect(templates.some((t) => t.remaining === 0)).toBe(true);
    const [{ n: couponSales }] = await s.app
      .get(DataSource)
      .query('SELECT COUNT(*) AS n FROM purchase WHERE coupon_discount_fen > 0');
    expect(Number(couponSales)).toBe(2);
    // And one (after the members' top-ups) paid partly with stored value, partly returned: 储值 at the counter.
    const [{ n: walletSales }] = await s.app
      .get(DataSource)
      .query(
        "SELECT COUNT(*) AS n FROM purchase WHERE wallet_fen > 0 AND refunded_fen > 0 AND receipt_no = 'DEMOW001'",
      );
    expect(Number(walletSales)).toBe(1);
    const q = (sql: string) => s.app.get(DataSource).query(sql) as Promise<{ status: string }[]>;
    expect((await q('SELECT status FROM coupon_redemption ORDER BY id')).map((r) => r.status)).toEqual([
      'REDEEMED',
      'VOIDED',
    ]);
    expect((await q('SELECT status FROM coupon_gift ORDER BY id')).map((r) => r.status)).toEqual(['OPEN', 'ACCEPTED']);
    await waitForOutbox(s);
    // The birthday gift of the member born today (金卡 has one) and the tier-up gifts came through the outbox.
    expect(
      (await q("SELECT source AS status FROM coupon WHERE source IN ('BIRTHDAY', 'TIER_UP', 'GIFT')"))
        .map((r) => r.status)
        .sort(),
    ).toEqual(expect.arrayContaining(['BIRTHDAY', 'GIFT', 'TIER_UP']));
    expect((await checkLedgerInvariants(s.app.get(DataSource))).violations).toEqual([]);
  });

  it('leaves care notices in the log and reminders left in 消息提醒 for the demo member', async () => {
    const admin = await loginOperator(s);
    const log = (await s.http.get('/api/v1/admin/notices?pageSize=100').set(bearer(admin)).expect(200)).body;
    const statuses = new Set(log.items.map((n: { status: string }) => n.status));
    expect(statuses.has('SENT')).toBe(true);
    expect(statuses.has('SKIPPED')).toBe(true);
    const { body: mint } = await s.http
      .post('/sandbox/wx/login-code')
      .send({ openid: 'demo-member-openid-1' })
      .expect(200);
    const { body: login } = await s.http.post('/api/v1/auth/wechat/login').send({ code: mint.code }).expect(200);
    const subs = (await s.http.get('/api/v1/me/notices/subscriptions').set(bearer(login.token)).expect(200)).body;
    expect(subs.marketingConsent).toBe(true);
    expect(subs.items.some((i: { remaining: number }) => i.remaining > 0)).toBe(true);
    const inbox = (await s.http.get('/sandbox/wx/messages').query({ openid: 'demo-member-openid-1' }).expect(200)).body;
    expect(inbox.length).toBeGreaterThan(0);
  });
});
