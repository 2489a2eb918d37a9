import { randomBytes } from 'node:crypto';
import { DataSource, In } from 'typeorm';
import { JobRegistry } from '../../server/src/jobs/job-registry';
import { JobRunner } from '../../server/src/jobs/job-runner.service';
import { checkLedgerInvariants } from '../../server/src/ledger/ledger-invariants';
import { CouponBirthdayJob, birthdayMonthDays } from '../../server/src/modules/coupons/coupon-birthday.job';
import { CouponExpiryJob } from '../../server/src/modules/coupons/coupon-expiry.job';
import { CouponIssuingService } from '../../server/src/modules/coupons/coupon-issuing.service';
import { CouponTierGifts, occasionKeys } from '../../server/src/modules/coupons/coupon-occasions';
import { CouponOccasionsService } from '../../server/src/modules/coupons/coupon-occasions.service';
import { CouponGift } from '../../server/src/modules/coupons/entities/coupon-gift.entity';
import { Coupon } from '../../server/src/modules/coupons/entities/coupon.entity';
import { TransactionRunner } from '../../server/src/database/transaction-runner';
import { OutboxRow } from '../../server/src/outbox/outbox.entity';
import { checkoutId } from './checkout-support';
import { activeTemplate, claim, requestId } from './coupon-support';
import {
  bearer,
  loginMember,
  loginOperator,
  makeStaff,
  startTestServer,
  waitForOutbox,
  type TestServer,
} from './support';

// The shop's occasions issue coupons through the outbox (kind coupon.issue, keyed by the occasion):
// new member, birthday (daily job, tiers with birthdayGift only: GOLD and DIAMOND by default) and tier up
// (once per member per tier per 365 days, voided while unused when a refund takes the tier back); the
// expiry job records EXPIRED and plans reminders (notice.coupon-expiring), each turned into a
// COUPON_EXPIRING care notice by its outbox handler.
// Default ladder: NORMAL 0 · SILVER 1000 · GOLD 5000 · DIAMOND 20000 (growth = yuan paid).
describe('coupons issued by occasions, and expiry', () => {
  let s: TestServer;
  let admin: string;
  let staffToken: string;
  let ds: DataSource;
  const tierIds: Record<string, number> = {};
  beforeAll(async () => {
    s = await startTestServer();
    admin = await loginOperator(s);
    ({ staffToken } = await makeStaff(s, admin));
    ds = s.app.get(DataSource);
    const tiers = (await s.http.get('/api/v1/admin/tiers').set(bearer(admin)).expect(200)).body;
    for (const t of tiers) tierIds[t.code] = t.id;
  });
  afterAll(async () => {
    s.clock.reset();
    expect((await checkLedgerInvariants(ds)).violations).toEqual([]);
    await s.close();
  });

  const member = async () => {
    const m = await loginMember(s);
    const me = (await s.http.get('/api/v1/me').set(bearer(m.token)).expect(200)).body;
    return { ...m, id: me.id as number };
  };
  const couponsOf = (memberId: number, templateId?: number) =>
    ds.getRepository(Coupon).find({ where: { memberId, ...(templateId ? { templateId } : {}) }, order: { id: 'ASC' } });
  const end = (templateId: number) =>
    s.http
      .post(`/api/v1/admin/coupon-templates/${templateId}/status`)
      .set(bearer(admin))
      .send({ status: 'ENDED' })
      .expect(200);
  const buy = async (token: string, amountFen: number, couponIds?: number[]) => {
    const res = await s.http
      .post('/api/v1/staff/purchases')
      .set(bearer(staffToken))
      .send({ checkoutId: await checkoutId(s, staffToken, token), amountFen, receiptNo: requestId('CI'), couponIds });
    expect(res.status).toBe(200);
    return res.body;
  };
  const refund = (receiptNo: string, amountFen: number) =>
    s.http
      .post(`/api/v1/staff/purchases/${receiptNo}/refunds`)
      .set(bearer(staffToken))
      .send({ amountFen, refundNo: 'F' + randomBytes(6).toString('hex') })
      .expect(200);
  const setTier = (memberId: number, tierCode: string) =>
    s.http
      .put(`/api/v1/admin/members/${memberId}/tier`)
      .set(bearer(admin))
      .send({ tierCode, pinned: false, reason: '测试调整等级' })
      .expect(200);
  const issueRows = (keyPrefix: string) =>
    ds
      .getRepository(OutboxRow)
      .createQueryBuilder('o')
      .where('o.kind = :kind AND o.key LIKE :p', { kind: 'coupon.issue', p: `${keyPrefix}%` })
      .getMany();

  it('gives a new member one coupon of each active NEW_MEMBER template, exactly once', async () => {
    const t = await activeTemplate(s, admin, { trigger: 'NEW_MEMBER', name: '新人礼' });
    const m = await member(); // loginMember waits for the outbox
    const [coupon, ...more] = await couponsOf(m.id, t.id);
    expect(more).toEqual([]);
    expect(coupon).toMatchObject({ status: 'USABLE', source: 'NEW_MEMBER', sourceKey: `newmember:${t.id}:${m.id}` });
    // Logging in again creates no member; planning the occasion again is a no-op on the outbox key.
    await loginMember(s, m.openid);
    const replanned = await s.app
      .get(TransactionRunner)
      .run((em) => s.app.get(CouponOccasionsService).newMember(em, m.id));
    expect(replanned).toBe(0);
    await waitForOutbox(s);
    expect(await couponsOf(m.id, t.id)).toHaveLength(1);
    const mine = await s.http.get('/api/v1/me/coupons?status=usable').set(bearer(m.token)).expect(200);
    expect(mine.body.items.map((c: { id: number }) => c.id)).toEqual([coupon!.id]);
    await end(t.id);
  });

  it('skips members once a template is sold out, without retrying', async () => {
    const t = await activeTemplate(s, admin, { trigger: 'NEW_MEMBER', totalStock: 1 });
    const first = await member();
    const second = await member();
    expect(await couponsOf(first.id, t.id)).toHaveLength(1);
    expect(await couponsOf(second.id, t.id)).toHaveLength(0);
    const rows = await issueRows(`newmember:${t.id}:`);
    expect(rows.map((r) => [r.status, r.attempts])).toEqual([
      ['done', 1],
      ['done', 1],
    ]);
    const tpl = (await s.http.get(`/api/v1/admin/coupon-templates/${t.id}`).set(bearer(admin)).expect(200)).body;
    expect(tpl.issued).toBe(1);
    await end(t.id);
  });

  it('keeps a Feb 29 birthday on Feb 28 in other years', () => {
    expect(birthdayMonthDays('2027-02-28')).toEqual(['02-28', '02-29']);
    expect(birthdayMonthDays('2028-02-28')).toEqual(['02-28']);
    expect(birthdayMonthDays('2028-02-29')).toEqual(['02-29']);
    expect(birthdayMonthDays('2027-03-15')).toEqual(['03-15']);
  });

  it('gives the birthday gift once a year to members of tiers with birthdayGift, whichever node runs the job', async () => {
    const t = await activeTemplate(s, admin, { trigger: 'BIRTHDAY', name: '生日礼' });
    const onlyDiamond = await activeTemplate(s, admin, { trigger: 'BIRTHDAY', tierIds: [tierIds.DIAMOND!] });
    const gold = await member();
    const normal = await member();
    const leapling = await member();
    const otherDay = await member();
    const birthday = (m: { token: string }, date: string) =>
      s.http.patch('/api/v1/me').set(bearer(m.token)).send({ birthday: date }).expect(200);
    await birthday(gold, '1990-03-15');
    await birthday(normal, '1991-03-15');
    await birthday(leapling, '2000-02-29');
    await birthday(otherDay, '1990-03-16');
    await setTier(gold.id, 'GOLD');
    await setTier(leapling.id, 'GOLD');
    await setTier(otherDay.id, 'GOLD');

    const runOn = async (isoShanghai: string) => {
      s.clock.setNow(new Date(isoShanghai));
      const job = s.app.get(JobRegistry).get(CouponBirthdayJob.NAME);
      const runKey = s.clock.today();
      // Two nodes on the same day: one runs, the other skips; a forced rerun plans nothing twice.
      const runners = [1, 2].map(() => new JobRunner(ds, s.clock, s.app.get(JobRegistry)));
      const outcomes = await Promise.all(runners.map((r) => r.claimAndRun(job, runKey)));
      expect(outcomes.map((o) => o.status).sort()).toEqual(['done', 'skipped']);
      const rerun = await s.app.get(CouponBirthdayJob).run();
      expect(rerun.planned).toBe(0);
      await waitForOutbox(s);
      return outcomes.find((o) => o.status === 'done')!.result;
    };

    // Feb 28 of a common year is the leapling's day.
    expect(await runOn('2027-02-28T08:00:00+08:00')).toEqual({ members: 1, planned: 1 });
    expect(await couponsOf(leapling.id, t.id)).toMatchObject([{ sourceKey: `birthday:2027:${t.id}:${leapling.id}` }]);

    expect(await runOn('2027-03-15T00:30:00+08:00')).toEqual({ members: 2, planned: 1 });
    expect(await couponsOf(gold.id, t.id)).toMatchObject([
      { source: 'BIRTHDAY', sourceKey: `birthday:2027:${t.id}:${gold.id}`, status: 'USABLE' },
    ]);
    expect(await couponsOf(gold.id, onlyDiamond.id)).toEqual([]); // the template leaves GOLD out
    expect(await couponsOf(normal.id, t.id)).toEqual([]); // NORMAL has no birthday gift
    expect(await couponsOf(otherDay.id, t.id)).toEqual([]);

    // The next year: again, once.
    expect(await runOn('2028-03-15T09:00:00+08:00')).toEqual({ members: 2, planned: 1 });
    expect((await couponsOf(gold.id, t.id)).map((c) => c.sourceKey)).toEqual([
      `birthday:2027:${t.id}:${gold.id}`,
      `birthday:2028:${t.id}:${gold.id}`,
    ]);
    s.clock.reset();
    await end(t.id);
    await end(onlyDiamond.id);
  });

  it('gives the tier-up gift once per tier per 365 days and voids it unused when a refund takes the tier back', async () => {
    const t = await activeTemplate(s, admin, {
      trigger: 'TIER_UP',
      name: '升金卡礼',
      tierIds: [tierIds.GOLD!],
      validity: { kind: 'RELATIVE', days: 800, startsAfterDays: 0 },
    });
    const m = await member();
    const silver = await buy(m.token, 100_000); // → SILVER: the template is GOLD's only
    expect(silver.promotedTo.code).toBe('SILVER');
    await waitForOutbox(s);
    expect(await couponsOf(m.id, t.id)).toEqual([]);

    const p = await buy(m.token, 500_000); // growth 6,000 → GOLD
    expect(p.promotedTo.code).toBe('GOLD');
    await waitForOutbox(s);
    const [gift] = await couponsOf(m.id, t.id);
    expect(gift).toMatchObject({
      status: 'USABLE',
      source: 'TIER_UP',
      sourceKey: `tierup:${m.id}:${tierIds.GOLD}:1:${t.id}`,
    });

    // The refund takes GOLD back: the unused gift is void.
    await refund(p.receiptNo, 500_000);
    expect(
      (await s.http.get(`/api/v1/admin/members/${m.id}/tier`).set(bearer(admin)).expect(200)).body.current.code,
    ).toBe('SILVER');
    expect((await ds.getRepository(Coupon).findOneByOrFail({ id: gift!.id })).status).toBe('VOID');

    // Nothing of that gift was used, so a real promotion later gives it anew.
    const again = await buy(m.token, 500_000);
    expect(again.promotedTo.code).toBe('GOLD');
    await waitForOutbox(s);
    const second = (await couponsOf(m.id, t.id)).filter((c) => c.status === 'USABLE');
    expect(second.map((c) => c.sourceKey)).toEqual([`tierup:${m.id}:${tierIds.GOLD}:2:${t.id}`]);

    // Used, it stays used when the refund takes GOLD back, and climbing back within 365 days gives none.
    await buy(m.token, 12_000, [second[0]!.id]);
    expect((await ds.getRepository(Coupon).findOneByOrFail({ id: second[0]!.id })).status).toBe('USED');
    await refund(again.receiptNo, 500_000);
    expect((await ds.getRepository(Coupon).findOneByOrFail({ id: second[0]!.id })).status).toBe('USED');
    const third = await buy(m.token, 500_000);
    expect(third.promotedTo.code).toBe('GOLD');
    await setTier(m.id, 'SILVER');
    await setTier(m.id, 'GOLD'); // an operator's raise counts as a promotion, under the same 365-day rule
    await waitForOutbox(s);
    expect(await couponsOf(m.id, t.id)).toHaveLength(2);

    // 366 days on, a raise gives the gift again.
    await setTier(m.id, 'SILVER');
    s.clock.setNow(new Date(Date.now() + 366 * 86_400_000));
    await setTier(m.id, 'GOLD');
    await waitForOutbox(s);
    expect((await couponsOf(m.id, t.id)).map((c) => c.sourceKey)).toEqual([
      `tierup:${m.id}:${tierIds.GOLD}:1:${t.id}`,
      `tierup:${m.id}:${tierIds.GOLD}:2:${t.id}`,
      `tierup:${m.id}:${tierIds.GOLD}:3:${t.id}`,
    ]);
    s.clock.reset();
    await end(t.id);
  });

  it('does not issue a tier-up gift still in the outbox once a refund took the tier back', async () => {
    const t = await activeTemplate(s, admin, { trigger: 'TIER_UP', tierIds: [tierIds.GOLD!] });
    const m = await member();
    await setTier(m.id, 'GOLD');
    await waitForOutbox(s);
    const gifts = s.app.get(CouponTierGifts);
    const issuing = s.app.get(CouponIssuingService);
    const tx = s.app.get(TransactionRunner);
    // The refund's takeBack commits before the outbox delivers the gift: the delivery issues nothing.
    const key = occasionKeys.tierUp(m.id, tierIds.GOLD!, 1, t.id);
    expect(await couponsOf(m.id, t.id)).toMatchObject([{ sourceKey: key, status: 'USABLE' }]);
    await tx.run((em) => gifts.takeBack(em, m.id, tierIds.GOLD!, s.clock.now()));
    expect((await couponsOf(m.id, t.id))[0]!.status).toBe('VOID');
    await ds.getRepository(Coupon).delete({ sourceKey: key }); // as if it had not been delivered yet
    const late = await tx.run((em) =>
      issuing.issueFor(em, {
        templateId: t.id,
        memberId: m.id,
        source: 'TIER_UP',
        sourceKey: key,
        at: new Date().toISOString(),
      }),
    );
    expect(late).toBeNull();
    expect(await couponsOf(m.id, t.id)).toEqual([]);
    await end(t.id);
  });

  it('records expiry daily (closing open gift links) and plans one reminder per member and day', async () => {
    const short = await activeTemplate(s, admin, { validity: { kind: 'RELATIVE', days: 2, startsAfterDays: 0 } });
    const long = await activeTemplate(s, admin, { validity: { kind: 'RELATIVE', days: 30, startsAfterDays: 0 } });
    const m = await member();
    const soon = (await claim(s, m.token, short.id)).body;
    const later = (await claim(s, m.token, long.id)).body;
    const other = await member();
    const offered = (await claim(s, other.token, short.id)).body;
    // An open gift link on the other member's coupon (as the gift flow leaves it).
    await ds.getRepository(Coupon).update({ id: offered.id }, { status: 'GIFTING' });
    const now = s.clock.now();
    await ds.getRepository(CouponGift).insert({
      token: randomBytes(12).toString('hex'),
      couponId: offered.id,
      giverMemberId: other.id,
      receiverMemberId: null,
      status: 'OPEN',
      createdAt: now,
      expiresAt: new Date(offered.validUntil),
      closedAt: null,
    });

    const jobs = s.app.get(CouponExpiryJob);
    const reminded = await jobs.remind();
    expect(reminded.planned).toBe(1); // the GIFTING coupon is not the member's to use now
    expect((await jobs.remind()).planned).toBe(0);
    const notices = await ds.getRepository(OutboxRow).findBy({ kind: 'notice.coupon-expiring' });
    const mine = notices.filter((n) => n.key?.startsWith(`${m.id}:`));
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ key: `${m.id}:${s.clock.today()}` });
    expect(JSON.parse(mine[0]!.payloadJson)).toEqual({
      memberId: m.id,
      on: s.clock.today(),
      count: 1,
      coupons: [{ couponId: soon.id, templateId: short.id, validUntil: soon.validUntil }],
    });
    await waitForOutbox(s);
    const [notice] = await ds.query('SELECT kind, dedupe_key, status FROM notice WHERE member_id = ?', [m.id]);
    expect(notice).toEqual({ kind: 'COUPON_EXPIRING', dedupe_key: `coupons:${s.clock.today()}`, status: 'PLANNED' });

    // Nothing is due before the coupons' last second; one second after it, the job records it.
    expect((await jobs.expire()).expired).toBe(0);
    s.clock.setNow(new Date(Date.parse(soon.validUntil) + 1000));
    expect(await jobs.expire()).toEqual({ expired: 2, giftsClosed: 1 });
    expect(await jobs.expire()).toEqual({ expired: 0, giftsClosed: 0 });
    const statuses = await ds.getRepository(Coupon).findBy({ id: In([soon.id, later.id, offered.id]) });
    expect(Object.fromEntries(statuses.map((c) => [c.id, c.status]))).toEqual({
      [soon.id]: 'EXPIRED',
      [later.id]: 'USABLE',
      [offered.id]: 'EXPIRED',
    });
    expect((await ds.getRepository(CouponGift).findOneByOrFail({ couponId: offered.id })).status).toBe('EXPIRED');
    const expiredTab = await s.http.get('/api/v1/me/coupons?status=expired').set(bearer(m.token)).expect(200);
    expect(expiredTab.body.items.map((c: { id: number }) => c.id)).toEqual([soon.id]);
    s.clock.reset();
  });
});
