import { DataSource } from 'typeorm';
import { CouponGift } from '../../server/src/modules/coupons/entities/coupon-gift.entity';
import { Coupon } from '../../server/src/modules/coupons/entities/coupon.entity';
import { activeTemplate, claim } from './coupon-support';
import { bearer, loginMember, loginOperator, startTestServer, type TestServer } from './support';

const HOUR = 3_600_000;

describe('coupon gifts: a link, the first friend takes the coupon', () => {
  let s: TestServer;
  let admin: string;
  let giftable: number;
  beforeAll(async () => {
    s = await startTestServer();
    admin = await loginOperator(s);
    giftable = (await activeTemplate(s, admin, { perMemberLimit: 100, giftable: true })).id;
  });
  afterEach(() => s.clock.reset());
  afterAll(() => s.close());

  const offer = (token: string, couponId: number) =>
    s.http.post(`/api/v1/me/coupons/${couponId}/gift`).set(bearer(token));
  const takeBack = (token: string, couponId: number) =>
    s.http.delete(`/api/v1/me/coupons/${couponId}/gift`).set(bearer(token));
  const preview = (token: string, link: string) => s.http.get(`/api/v1/coupon-gifts/${link}`).set(bearer(token));
  const accept = (token: string, link: string) => s.http.post(`/api/v1/coupon-gifts/${link}/accept`).set(bearer(token));
  const coupon = (token: string, id: number) => s.http.get(`/api/v1/me/coupons/${id}`).set(bearer(token));
  const held = async (templateId = giftable) => {
    const m = await loginMember(s);
    const claimed = await claim(s, m.token, templateId);
    expect(claimed.status).toBe(201);
    return { m, c: claimed.body };
  };

  it('offers a link (the same one while it is open), and the friend takes the coupon with its terms and window', async () => {
    const { m: giver, c } = await held();
    const first = await offer(giver.token, c.id).expect(201);
    expect(first.body.token).toMatch(/^[A-Za-z0-9_-]{24,}$/);
    // 24 h from now (the coupon runs 7 days).
    expect(Math.abs(Date.parse(first.body.expiresAt) - (s.clock.nowMs() + 24 * HOUR))).toBeLessThan(60_000);
    expect((await offer(giver.token, c.id).expect(201)).body).toEqual(first.body);
    const gifting = (await coupon(giver.token, c.id).expect(200)).body;
    expect(gifting).toMatchObject({ status: 'GIFTING', gift: first.body });

    const friend = await loginMember(s);
    const seen = (await preview(friend.token, first.body.token).expect(200)).body;
    expect(seen).toMatchObject({
      terms: c.terms,
      validFrom: c.validFrom,
      validUntil: c.validUntil,
      status: 'OPEN',
      expiresAt: first.body.expiresAt,
      mine: false,
    });
    expect(seen.giverName).toMatch(/^(.\*\*|微信好友)$/u);
    expect((await preview(giver.token, first.body.token).expect(200)).body.mine).toBe(true);
    expect((await accept(giver.token, first.body.token).expect(409)).body.code).toBe('COUPON_GIFT_OWN');

    const taken = (await accept(friend.token, first.body.token).expect(200)).body;
    expect(taken).toMatchObject({
      id: c.id,
      templateId: c.templateId,
      terms: c.terms,
      validFrom: c.validFrom,
      validUntil: c.validUntil,
      status: 'USABLE',
      source: 'GIFT',
      gift: null,
    });
    // A new code: the giver's screenshot of the old QR no longer redeems it.
    expect(taken.code).toMatch(/^\d{16}$/);
    expect(taken.code).not.toBe(c.code);
    expect((await coupon(friend.token, c.id).expect(200)).body).toEqual(taken);
    // Asking again answers the same coupon; another friend is too late; the giver has lost it.
    expect((await accept(friend.token, first.body.token).expect(200)).body).toEqual(taken);
    const late = await loginMember(s);
    expect((await accept(late.token, first.body.token).expect(409)).body.code).toBe('COUPON_GIFT_TAKEN');
    expect((await preview(late.token, first.body.token).expect(200)).body.status).toBe('ACCEPTED');
    expect((await coupon(giver.token, c.id).expect(404)).body.code).toBe('COUPON_NOT_FOUND');
    expect((await takeBack(giver.token, c.id).expect(409)).body.code).toBe('COUPON_GIFT_TAKEN');
    expect((await offer(giver.token, c.id).expect(409)).body.code).toBe('COUPON_GIFT_TAKEN');
    const mine = (await s.http.get('/api/v1/me/coupons?status=usable').set(bearer(giver.token)).expect(200)).body;
    expect(mine.items).toEqual([]);

    // The friend may pass it on in turn.
    const onward = (await offer(friend.token, c.id).expect(201)).body;
    expect(onward.token).not.toBe(first.body.token);
  });

  it('lets the giver take it back: the link closes, and taking back twice is harmless', async () => {
    const { m: giver, c } = await held();
    const link = (await offer(giver.token, c.id).expect(201)).body;
    const back = (await takeBack(giver.token, c.id).expect(200)).body;
    expect(back).toMatchObject({ id: c.id, code: c.code, status: 'USABLE', gift: null });
    expect((await takeBack(giver.token, c.id).expect(200)).body).toMatchObject({ status: 'USABLE' });
    const friend = await loginMember(s);
    expect((await preview(friend.token, link.token).expect(200)).body.status).toBe('CANCELLED');
    expect((await accept(friend.token, link.token).expect(410)).body.code).toBe('COUPON_GIFT_CLOSED');
    // A new offer is a new link.
    const again = (await offer(giver.token, c.id).expect(201)).body;
    expect(again.token).not.toBe(link.token);
  });

  it('refuses what cannot be given: not giftable, not theirs, expired, unknown links', async () => {
    const closed = (await activeTemplate(s, admin, { giftable: false })).id;
    const { m, c } = await held(closed);
    expect((await offer(m.token, c.id).expect(409)).body.code).toBe('COUPON_NOT_GIFTABLE');
    const other = await loginMember(s);
    expect((await offer(other.token, c.id).expect(404)).body.code).toBe('COUPON_NOT_FOUND');
    expect((await offer(other.token, 2_000_000_000).expect(404)).body.code).toBe('COUPON_NOT_FOUND');
    expect((await takeBack(other.token, c.id).expect(404)).body.code).toBe('COUPON_NOT_FOUND');
    // Not offered: nothing to take back.
    const { m: holder, c: usable } = await held();
    expect((await takeBack(holder.token, usable.id).expect(200)).body.status).toBe('USABLE');

    s.clock.setNow(new Date(Date.parse(usable.validUntil) + 1000));
    expect((await offer(holder.token, usable.id).expect(409)).body.code).toBe('COUPON_NOT_USABLE');
    s.clock.reset();

    for (const bad of ['x', 'A'.repeat(24), '%2E%2E', 'A'.repeat(200)]) {
      expect((await preview(other.token, bad).expect(404)).body.code).toBe('COUPON_GIFT_NOT_FOUND');
      expect((await accept(other.token, bad).expect(404)).body.code).toBe('COUPON_GIFT_NOT_FOUND');
    }
    await s.http.get('/api/v1/coupon-gifts/AAAAAAAAAAAAAAAAAAAAAAAA').expect(401);

    // Like a claim, taking a coupon needs the privacy consent; the link stays open for someone else.
    const link = (await offer(holder.token, usable.id).expect(201)).body;
    const undecided = await loginMember(s, undefined, { consent: false });
    expect((await accept(undecided.token, link.token)).body.code).toBe('PRIVACY_CONSENT_REQUIRED');
    expect((await preview(other.token, link.token).expect(200)).body.status).toBe('OPEN');
  });

  it('a lapsed link gives the coupon back: on opening, on accepting, and by the sweep', async () => {
    const ds = s.app.get(DataSource);
    const friend = await loginMember(s);
    const after24h = () => s.clock.setNow(new Date(Date.now() + 24 * HOUR + 1000));

    // Opened after it lapsed.
    const a = await held();
    const linkA = (await offer(a.m.token, a.c.id).expect(201)).body;
    after24h();
    expect((await preview(friend.token, linkA.token).expect(200)).body.status).toBe('EXPIRED');
    expect((await coupon(a.m.token, a.c.id).expect(200)).body).toMatchObject({ status: 'USABLE', gift: null });
    expect((await accept(friend.token, linkA.token).expect(410)).body.code).toBe('COUPON_GIFT_CLOSED');
    s.clock.reset();

    // Accepted after it lapsed.
    const b = await held();
    const linkB = (await offer(b.m.token, b.c.id).expect(201)).body;
    after24h();
    expect((await accept(friend.token, linkB.token).expect(410)).body.code).toBe('COUPON_GIFT_CLOSED');
    expect((await coupon(b.m.token, b.c.id).expect(200)).body.status).toBe('USABLE');
    s.clock.reset();

    // Nobody looks again: the sweep; offering again after a lapse makes a new link.
    const c = await held();
    const linkC = (await offer(c.m.token, c.c.id).expect(201)).body;
    const d = await held();
    const linkD = (await offer(d.m.token, d.c.id).expect(201)).body;
    after24h();
    const newD = (await offer(d.m.token, d.c.id).expect(201)).body;
    expect(newD.token).not.toBe(linkD.token);
    const run = await s.http.post('/sandbox/jobs/coupon-gift-lapse/run').expect(200);
    expect(JSON.stringify(run.body)).toContain('lapsed');
    expect((await ds.getRepository(CouponGift).findOneByOrFail({ token: linkC.token })).status).toBe('EXPIRED');
    expect((await ds.getRepository(Coupon).findOneByOrFail({ id: c.c.id })).status).toBe('USABLE');
    expect((await ds.getRepository(CouponGift).findOneByOrFail({ token: newD.token })).status).toBe('OPEN');
    expect((await ds.getRepository(Coupon).findOneByOrFail({ id: d.c.id })).status).toBe('GIFTING');
  });

  it("a link never outlives the coupon: it ends at the coupon's end when that comes first", async () => {
    const soon = new Date(s.clock.nowMs() + 2 * HOUR);
    const t = await activeTemplate(s, admin, {
      validity: { kind: 'FIXED', from: new Date(s.clock.nowMs() - HOUR).toISOString(), until: soon.toISOString() },
    });
    const { m, c } = await held(t.id);
    const link = (await offer(m.token, c.id).expect(201)).body;
    expect(link.expiresAt).toBe(c.validUntil);
  });

  it('offers at once answer one link; a take-back racing an accept leaves the coupon with exactly one of them', async () => {
    const ds = s.app.get(DataSource);
    const { m: giver, c } = await held();
    const links = await Promise.all(Array.from({ length: 10 }, () => offer(giver.token, c.id)));
    expect(new Set(links.map((r) => `${r.status} ${r.body.token}`)).size).toBe(1);
    expect(await ds.getRepository(CouponGift).countBy({ couponId: c.id })).toBe(1);
    const friend = await loginMember(s);
    const [back, took] = await Promise.all([takeBack(giver.token, c.id), accept(friend.token, links[0].body.token)]);
    const row = await ds.getRepository(Coupon).findOneByOrFail({ id: c.id });
    expect(row.status).toBe('USABLE');
    if (took.status === 200) {
      expect(back.body.code).toBe('COUPON_GIFT_TAKEN');
      expect(row.memberId).toBe(friend.member.id);
    } else {
      expect([back.status, took.body.code]).toEqual([200, 'COUPON_GIFT_CLOSED']);
      expect(row.memberId).toBe(giver.member.id);
    }
  });

  it('20 friends accepting one gift at once: exactly one owner, the coupon once', async () => {
    const ds = s.app.get(DataSource);
    const { m: giver, c } = await held();
    const link = (await offer(giver.token, c.id).expect(201)).body;
    const friends = await Promise.all(Array.from({ length: 20 }, () => loginMember(s)));
    const answers = await Promise.all(friends.map((f) => accept(f.token, link.token)));
    const won = answers.filter((r) => r.status === 200);
    expect(won).toHaveLength(1);
    expect(answers.filter((r) => r.status !== 200).map((r) => r.body.code)).toEqual(
      Array(19).fill('COUPON_GIFT_TAKEN'),
    );
    const winner = friends[answers.indexOf(won[0])];
    const row = await ds.getRepository(Coupon).findOneByOrFail({ id: c.id });
    expect(row).toMatchObject({ memberId: winner.member.id, status: 'USABLE', source: 'GIFT' });
    const gift = await ds.getRepository(CouponGift).findOneByOrFail({ token: link.token });
    expect(gift).toMatchObject({ status: 'ACCEPTED', receiverMemberId: winner.member.id });
    // The coupon exists once: in the winner's list, in nobody else's.
    const lists = await Promise.all(
      [giver, ...friends].map((f) => s.http.get('/api/v1/me/coupons').set(bearer(f.token)).expect(200)),
    );
    const holders = lists.filter((l) => l.body.items.some((i: { id: number }) => i.id === c.id));
    expect(holders).toHaveLength(1);
    expect(await ds.getRepository(Coupon).countBy({ templateId: giftable, code: row.code })).toBe(1);
  });
});
