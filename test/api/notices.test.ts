import { DataSource } from 'typeorm';
import { NoticeSender } from '../../server/src/modules/notices/notice-sender.service';
import { accept, drain, fault, inbox, notice, plan, remaining, TEMPLATE } from './notice-support';
import { bearer, loginMember, loginOperator, startTestServer, type TestServer } from './support';

// 2026-12-01 14:00 UTC = 22:00 in Shanghai (quiet hours); 04:00 UTC = 12:00 (daytime).
const NIGHT = new Date('2026-12-01T14:00:00.000Z');
const NOON = new Date('2026-12-01T04:00:00.000Z');

describe('care notices: consent ledger, the engine and its WeChat answers', () => {
  let s: TestServer;
  let admin: string;
  beforeAll(async () => {
    s = await startTestServer();
    admin = await loginOperator(s);
  });
  afterEach(() => s.clock.reset());
  afterAll(() => s.close());

  it('消息提醒: every kind with grants left, switches, marketing consent off by default, prompts per moment', async () => {
    const m = await loginMember(s);
    const { body } = await s.http.get('/api/v1/me/notices/subscriptions').set(bearer(m.token)).expect(200);
    expect(body.items).toHaveLength(10);
    expect(body.items[0]).toEqual({
      kind: 'BIRTHDAY',
      label: '生日祝福',
      category: 'MARKETING',
      remaining: 0,
      enabled: true,
      available: true,
    });
    expect(body).toMatchObject({ marketingConsent: false, quietHoursText: '21:00–09:00 不发送营销类提醒' });

    const prompt = await s.http
      .get('/api/v1/me/notices/prompt?moment=EVENT_SIGNED_UP')
      .set(bearer(m.token))
      .expect(200);
    expect(prompt.body).toEqual({
      moment: 'EVENT_SIGNED_UP',
      kinds: ['EVENT_REMINDER', 'EVENT_WAITLIST_PROMOTED', 'FEEDBACK_REQUEST'],
      templateIds: [TEMPLATE.EVENT_REMINDER, TEMPLATE.EVENT_WAITLIST_PROMOTED, TEMPLATE.FEEDBACK_REQUEST],
    });
    const bad = await s.http.get('/api/v1/me/notices/prompt?moment=LAUNCH').set(bearer(m.token)).expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');

    // Accept twice, reject once: two sends; every answer is in the consent log.
    await accept(s, m, 'COUPON_EXPIRING', 2);
    const rejected = await s.http
      .post('/api/v1/me/notices/subscriptions')
      .set(bearer(m.token))
      .send({
        moment: 'COUPON_CLAIMED',
        results: { errMsg: 'requestSubscribeMessage:ok', [TEMPLATE.COUPON_EXPIRING]: 'reject' },
      })
      .expect(200);
    expect(rejected.body.items.find((i: { kind: string }) => i.kind === 'COUPON_EXPIRING').remaining).toBe(2);
    const log = await s.app
      .get(DataSource)
      .query('SELECT result FROM notice_consent_log WHERE member_id = ? ORDER BY id', [m.member.id]);
    expect(log.map((r: { result: string }) => r.result)).toEqual(['accept', 'accept', 'reject']);

    // The same report retried with its requestId counts once.
    const report = {
      moment: 'POINTS_PAGE',
      requestId: 'req-points-0001',
      results: { [TEMPLATE.POINTS_EXPIRING]: 'accept' },
    };
    await s.http.post('/api/v1/me/notices/subscriptions').set(bearer(m.token)).send(report).expect(200);
    await s.http.post('/api/v1/me/notices/subscriptions').set(bearer(m.token)).send(report).expect(200);
    expect(await remaining(s, m.token, 'POINTS_EXPIRING')).toBe(1);

    const unknown = await s.http
      .post('/api/v1/me/notices/subscriptions')
      .set(bearer(m.token))
      .send({ moment: 'COUPON_CLAIMED', results: { NoSuchTemplate: 'accept' } })
      .expect(400);
    expect(unknown.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: '订阅消息模板不存在或已停用，请刷新后重试',
    });

    const prefs = await s.http
      .put('/api/v1/me/notices/preferences')
      .set(bearer(m.token))
      .send({ kinds: { COUPON_EXPIRING: false }, marketingConsent: true })
      .expect(200);
    expect(prefs.body.marketingConsent).toBe(true);
    expect(prefs.body.items.find((i: { kind: string }) => i.kind === 'COUPON_EXPIRING').enabled).toBe(false);
    // A kind the member turned off is not asked for any more.
    const none = await s.http.get('/api/v1/me/notices/prompt?moment=COUPON_CLAIMED').set(bearer(m.token)).expect(200);
    expect(none.body.templateIds).toEqual([]);
    await s.http
      .put('/api/v1/me/notices/preferences')
      .set(bearer(m.token))
      .send({ kinds: { NOPE: true } })
      .expect(400);
    await s.http.get('/api/v1/me/notices/subscriptions').expect(401);
  });

  it('no grant → never sent; a grant → sent once and shown in the member’s 服务通知', async () => {
    const m = await loginMember(s);
    const id = await plan(s, 'COUPON_EXPIRING', m.member.id);
    await drain(s);
    expect(await notice(s, id)).toMatchObject({ status: 'SKIPPED', reason: 'NO_GRANT' });
    expect(await inbox(s, m.openid)).toEqual([]);

    await accept(s, m, 'COUPON_EXPIRING');
    const sent = await plan(s, 'COUPON_EXPIRING', m.member.id, {
      facts: {
        couponName: '超级无敌至尊豪华满一百减二十元优惠券',
        count: 2,
        valueFen: 2000,
        validUntil: '2026-12-31T15:59:00.000Z',
      },
    });
    await drain(s);
    await drain(s);
    expect(await notice(s, sent)).toMatchObject({ status: 'SENT', reason: null });
    const messages = await inbox(s, m.openid);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({
      title: '优惠券到期提醒',
      page: 'packages/coupons/mine/index',
      data: { thing1: '超级无敌至尊豪华满一百减二十元优惠券等…', amount2: '¥20.00', date3: '2026年12月31日 23:59' },
    });
    expect(await remaining(s, m.token, 'COUPON_EXPIRING')).toBe(0);
  });

  it('marketing waits out quiet hours (deferred to 09:00, not dropped) while service notices go; consent and caps', async () => {
    s.clock.setNow(NIGHT);
    const m = await loginMember(s);
    await s.http
      .put('/api/v1/me/notices/preferences')
      .set(bearer(m.token))
      .send({ marketingConsent: true })
      .expect(200);
    await accept(s, m, 'BIRTHDAY', 3);
    await accept(s, m, 'TOPUP_CREDITED');
    const birthday = await plan(s, 'BIRTHDAY', m.member.id);
    const topup = await plan(s, 'TOPUP_CREDITED', m.member.id);
    await drain(s);
    expect(await notice(s, topup)).toMatchObject({ status: 'SENT' });
    const deferred = await notice(s, birthday);
    expect(deferred).toMatchObject({ status: 'DEFERRED', reason: 'QUIET_HOURS' });
    expect(new Date(deferred.due_at).toISOString()).toBe('2026-12-02T01:00:00.000Z');

    // 09:00 the next morning it goes; a second marketing notice that day waits for the daily cap.
    s.clock.setNow(new Date('2026-12-02T01:00:00.000Z'));
    const second = await plan(s, 'BIRTHDAY', m.member.id);
    await drain(s);
    expect(await notice(s, birthday)).toMatchObject({ status: 'SENT' });
    expect(await notice(s, second)).toMatchObject({ status: 'DEFERRED', reason: 'DAILY_CAP' });
    // Weekly cap: 3 a week. Day 2 and 3 send one each, day 4's waits.
    s.clock.setNow(new Date('2026-12-03T02:00:00.000Z'));
    await drain(s);
    expect(await notice(s, second)).toMatchObject({ status: 'SENT' });
    await accept(s, m, 'BIRTHDAY', 2);
    s.clock.setNow(new Date('2026-12-04T02:00:00.000Z'));
    const third = await plan(s, 'BIRTHDAY', m.member.id);
    await drain(s);
    expect(await notice(s, third)).toMatchObject({ status: 'SENT' });
    s.clock.setNow(new Date('2026-12-05T02:00:00.000Z'));
    const fourth = await plan(s, 'BIRTHDAY', m.member.id);
    await drain(s);
    expect(await notice(s, fourth)).toMatchObject({ status: 'DEFERRED', reason: 'WEEKLY_CAP' });

    // Without marketing consent a marketing notice is skipped; a kind turned off is skipped too.
    const other = await loginMember(s);
    await accept(s, other, 'WIN_BACK');
    await accept(s, other, 'POINTS_EXPIRING');
    await s.http
      .put('/api/v1/me/notices/preferences')
      .set(bearer(other.token))
      .send({ kinds: { POINTS_EXPIRING: false } });
    const winBack = await plan(s, 'WIN_BACK', other.member.id);
    const points = await plan(s, 'POINTS_EXPIRING', other.member.id);
    await drain(s);
    expect(await notice(s, winBack)).toMatchObject({ status: 'SKIPPED', reason: 'NO_MARKETING_CONSENT' });
    expect(await notice(s, points)).toMatchObject({ status: 'SKIPPED', reason: 'PREFERENCE_OFF' });
    // Skipped before the grant check: the grants are still there.
    expect(await remaining(s, other.token, 'POINTS_EXPIRING')).toBe(1);
  });

  it('an event reminder past its send-by is skipped with the reason, never sent late', async () => {
    s.clock.setNow(NOON);
    const m = await loginMember(s);
    await accept(s, m, 'EVENT_REMINDER');
    const id = await plan(s, 'EVENT_REMINDER', m.member.id, {
      dueAt: new Date(NOON.getTime() - 3600_000),
      sendBy: new Date(NOON.getTime() - 60_000),
    });
    await drain(s);
    expect(await notice(s, id)).toMatchObject({ status: 'SKIPPED', reason: 'PAST_SEND_BY' });
    expect(await inbox(s, m.openid)).toEqual([]);
    expect(await remaining(s, m.token, 'EVENT_REMINDER')).toBe(1);
  });

  it('WeChat’s answers: 43101 skip, 40001 refresh and retry once, 45009/-1 back off with the grant back', async () => {
    s.clock.setNow(NOON);
    const m = await loginMember(s);
    await accept(s, m, 'TOPUP_CREDITED', 2);

    await fault(s, 43101);
    const refused = await plan(s, 'TOPUP_CREDITED', m.member.id);
    await drain(s);
    expect(await notice(s, refused)).toMatchObject({ status: 'SKIPPED', reason: 'NO_GRANT', errcode: 43101 });
    // WeChat says none are left: our count follows WeChat's.
    expect(await remaining(s, m.token, 'TOPUP_CREDITED')).toBe(0);

    await accept(s, m, 'TOPUP_CREDITED');
    await fault(s, 40001);
    const stale = await plan(s, 'TOPUP_CREDITED', m.member.id);
    await drain(s);
    expect(await notice(s, stale)).toMatchObject({ status: 'SENT', attempts: 1 });

    for (const errcode of [45009, -1]) {
      await accept(s, m, 'TOPUP_CREDITED');
      await fault(s, errcode);
      const busy = await plan(s, 'TOPUP_CREDITED', m.member.id);
      await drain(s);
      const row = await notice(s, busy);
      expect(row).toMatchObject({ status: 'DEFERRED', reason: 'RATE_LIMITED', errcode });
      // The first back-off is 60 s (the clock runs on from NOON while the test goes).
      expect(new Date(row.due_at).getTime() - NOON.getTime()).toBeGreaterThanOrEqual(60_000);
      expect(new Date(row.due_at).getTime() - NOON.getTime()).toBeLessThan(70_000);
      expect(await remaining(s, m.token, 'TOPUP_CREDITED')).toBe(1);
      // After the back-off it goes.
      s.clock.setNow(new Date(NOON.getTime() + 75_000));
      await drain(s);
      expect(await notice(s, busy)).toMatchObject({ status: 'SENT' });
      s.clock.setNow(NOON);
    }
    expect((await inbox(s, m.openid)).length).toBe(3);
  });

  it('the sandbox’s minute quota answers 45011: the engine backs off and stops, nothing is lost or sent twice', async () => {
    s.clock.setNow(NOON);
    const m = await loginMember(s);
    await accept(s, m, 'EVENT_WAITLIST_PROMOTED', 3);
    await s.http.post('/sandbox/wx/quota').send({ perMinute: 1 }).expect(200);
    try {
      const ids = [];
      for (let i = 0; i < 3; i++) ids.push(await plan(s, 'EVENT_WAITLIST_PROMOTED', m.member.id));
      const run = await drain(s);
      // The third was taken with the second's group but never called: deferred with its grant back.
      expect(run).toMatchObject({ sent: 1, deferred: 2 });
      const rows = await Promise.all(ids.map((id) => notice(s, id)));
      expect(rows.map((r) => [r.status, r.reason, r.errcode])).toEqual([
        ['SENT', null, null],
        ['DEFERRED', 'RATE_LIMITED', 45011],
        ['DEFERRED', 'RATE_LIMITED', null],
      ]);
      expect(await remaining(s, m.token, 'EVENT_WAITLIST_PROMOTED')).toBe(2);
    } finally {
      await s.http.post('/sandbox/wx/quota').send({}).expect(200);
    }
    // The next minute (and after the back-off) both go.
    s.clock.setNow(new Date(NOON.getTime() + 10 * 60_000));
    await drain(s);
    expect((await inbox(s, m.openid)).length).toBe(3);
  });

  it('47003 / 40037 / 41030 fail the notice, pause the kind with the reason and leave an audit row', async () => {
    s.clock.setNow(NOON);
    const m = await loginMember(s);
    await accept(s, m, 'MALL_PICKUP_READY', 2);
    await fault(s, 47003);
    const id = await plan(s, 'MALL_PICKUP_READY', m.member.id);
    const next = await plan(s, 'MALL_PICKUP_READY', m.member.id);
    await drain(s);
    expect(await notice(s, id)).toMatchObject({ status: 'FAILED', reason: 'CONFIG_ERROR', errcode: 47003 });
    expect(await notice(s, next)).toMatchObject({ status: 'SKIPPED', reason: 'KIND_PAUSED' });
    expect(await remaining(s, m.token, 'MALL_PICKUP_READY')).toBe(2);
    const kinds = (await s.http.get('/api/v1/admin/notices/kinds').set(bearer(admin)).expect(200)).body;
    const pickup = kinds.find((k: { kind: string }) => k.kind === 'MALL_PICKUP_READY');
    expect(pickup).toMatchObject({ paused: true, failed: 1 });
    expect(pickup.pausedReason).toContain('47003');
    const audit = await s.http
      .get('/api/v1/admin/audit-logs?action=notice_kind.auto_paused')
      .set(bearer(admin))
      .expect(200);
    expect(audit.body.total).toBeGreaterThanOrEqual(1);
    // The member sees it greyed out and is not asked for it.
    const prompt = await s.http.get('/api/v1/me/notices/prompt?moment=MALL_REDEEMED').set(bearer(m.token)).expect(200);
    expect(prompt.body.templateIds).toEqual([]);
    // An operator resumes it (version-checked).
    await s.http
      .put('/api/v1/admin/notices/kinds/MALL_PICKUP_READY')
      .set(bearer(admin))
      .send({ paused: false, version: pickup.version - 1 })
      .expect(409);
    const resumed = await s.http
      .put('/api/v1/admin/notices/kinds/MALL_PICKUP_READY')
      .set(bearer(admin))
      .send({ paused: false, version: pickup.version })
      .expect(200);
    expect(resumed.body).toMatchObject({ paused: false, pausedReason: null });
  });

  it('a send whose outcome was lost stays UNKNOWN and is never repeated', async () => {
    s.clock.setNow(NOON);
    const m = await loginMember(s);
    await accept(s, m, 'TIER_UP', 2);
    const id = await plan(s, 'TIER_UP', m.member.id);
    // The worker died after committing SENDING (as the sender does before its call).
    await s.app.get(DataSource).query("UPDATE notice SET status = 'SENDING', sending_at = ? WHERE id = ?", [NOON, id]);
    s.clock.setNow(new Date(NOON.getTime() + 301_000));
    await drain(s);
    expect(await notice(s, id)).toMatchObject({ status: 'UNKNOWN' });
    await drain(s);
    expect(await notice(s, id)).toMatchObject({ status: 'UNKNOWN' });
    expect(await inbox(s, m.openid)).toEqual([]);

    // No usable answer (WeChat answered an HTML 502): it may have been delivered, so UNKNOWN too.
    await s.http.post('/sandbox/wx/faults').send({ api: 'subscribe_send', broken: true }).expect(200);
    const lost = await plan(s, 'TIER_UP', m.member.id);
    await drain(s);
    expect(await notice(s, lost)).toMatchObject({ status: 'UNKNOWN' });
    await drain(s);
    expect(await inbox(s, m.openid)).toEqual([]);
  });

  it('two engines racing over one batch send each notice once', async () => {
    s.clock.setNow(NOON);
    const members = [];
    for (let i = 0; i < 12; i++) members.push(await loginMember(s));
    const ids: number[] = [];
    for (const m of members) {
      await accept(s, m, 'FEEDBACK_REQUEST', 5);
      for (let k = 0; k < 5; k++) ids.push(await plan(s, 'FEEDBACK_REQUEST', m.member.id));
    }
    const sender = s.app.get(NoticeSender);
    await Promise.all([sender.drain(), sender.drain(), sender.drain()]);
    const rows = await Promise.all(ids.map((id) => notice(s, id)));
    expect(rows.every((r) => r.status === 'SENT')).toBe(true);
    let delivered = 0;
    for (const m of members) delivered += (await inbox(s, m.openid)).length;
    expect(delivered).toBe(60);
    for (const m of members) expect(await remaining(s, m.token, 'FEEDBACK_REQUEST')).toBe(0);
  });
});
