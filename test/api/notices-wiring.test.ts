import { DataSource } from 'typeorm';
import { EventNoticesJob } from '../../server/src/modules/events/event-notices.job';
import { activeTemplate, claim } from './coupon-support';
import { eventBody, publishedEvent, signUp } from './event-support';
import { givePoints, goodsBody, onSale, redeem } from './mall-support';
import { accept, drain, inbox } from './notice-support';
import {
  bearer,
  loginMember,
  loginOperator,
  makeStaff,
  startTestServer,
  waitForOutbox,
  type TestServer,
} from './support';

const HOUR = 3_600_000;

// Each module plans its care notice in its own transaction; the sender then delivers it like any other.
describe('care notices planned by the modules', () => {
  let s: TestServer;
  let admin: string;
  let storeId: number;
  beforeAll(async () => {
    s = await startTestServer();
    admin = await loginOperator(s);
    storeId = (await makeStaff(s, admin)).store.id;
  });
  afterEach(() => s.clock.reset());
  afterAll(() => s.close());

  const notices = (memberId: number) =>
    s.app
      .get(DataSource)
      .query(
        'SELECT kind, dedupe_key, status, reason, data_json, send_by FROM notice WHERE member_id = ? ORDER BY id',
        [memberId],
      ) as Promise<{ kind: string; dedupe_key: string; status: string; reason: string | null; data_json: string }[]>;

  it('coupon expiring: the nightly reminder job → COUPON_EXPIRING → sent at 10:00 to a member who accepted', async () => {
    s.clock.setNow(new Date('2026-12-01T04:00:00.000Z'));
    const m = await loginMember(s);
    const template = await activeTemplate(s, admin);
    expect((await claim(s, m.token, template.id)).status).toBe(201);
    await accept(s, m, 'COUPON_EXPIRING');
    // 5 days on, 00:40: the coupon (7 days) expires within 3 days.
    s.clock.setNow(new Date('2026-12-05T16:40:00.000Z'));
    await s.http.post('/sandbox/jobs/coupon-expiry-reminders/run').expect(200);
    await waitForOutbox(s);
    const [planned] = await notices(m.member.id);
    expect(planned).toMatchObject({ kind: 'COUPON_EXPIRING', dedupe_key: 'coupons:2026-12-06', status: 'PLANNED' });
    await drain(s);
    expect((await notices(m.member.id))[0].status).toBe('PLANNED');
    s.clock.setNow(new Date('2026-12-06T02:00:00.000Z'));
    await drain(s);
    expect((await notices(m.member.id))[0].status).toBe('SENT');
    const [message] = await inbox(s, m.openid);
    expect(message).toMatchObject({
      title: '优惠券到期提醒',
      data: { amount2: '¥20.00', date3: '2026年12月7日 23:59' },
    });
  });

  it('tier up, mall pickup ready: planned with the business change and sent', async () => {
    const m = await loginMember(s);
    await accept(s, m, 'TIER_UP');
    await accept(s, m, 'MALL_PICKUP_READY');
    await s.http
      .put(`/api/v1/admin/members/${m.member.id}/tier`)
      .set(bearer(admin))
      .send({ tierCode: 'GOLD', pinned: false, reason: '测试调整等级' })
      .expect(200);
    const goods = await onSale(s, admin, goodsBody([storeId], { name: '品牌随行杯' }));
    await givePoints(s, m.member.id, 1000);
    await redeem(s, m.token, { goodsId: goods.id, pickupStoreId: storeId }).expect(201);
    await drain(s);
    const rows = await notices(m.member.id);
    expect(rows.map((r) => [r.kind, r.status])).toEqual([
      ['TIER_UP', 'SENT'],
      ['MALL_PICKUP_READY', 'SENT'],
    ]);
    const messages = await inbox(s, m.openid);
    expect(messages.map((x) => x.title).sort()).toEqual(['会员等级变更通知', '待自提提醒']);
    const pickup = messages.find((x) => x.title === '待自提提醒')!;
    expect(pickup.data.thing1).toBe('品牌随行杯');
    expect(pickup.data.character_string2).toMatch(/^[A-Za-z0-9]+$/);
  });

  it('event reminders 24 h and 2 h before, never after the start; a cancelled sign-up is not reminded', async () => {
    const start = s.clock.nowMs();
    const event = await publishedEvent(s, admin, eventBody(s, storeId));
    const m = await loginMember(s);
    const gone = await loginMember(s);
    await accept(s, m, 'EVENT_REMINDER', 2);
    await signUp(s, m.token, event.id).expect(201);
    await signUp(s, gone.token, event.id).expect(201);
    await s.http
      .post(`/api/v1/me/events/${event.id}/signups/cancel`)
      .set(bearer(gone.token))
      .send({ requestId: `C${Date.now()}` })
      .expect(200);
    const job = s.app.get(EventNoticesJob);
    expect(await job.run()).toMatchObject({ reminders: 0 });
    s.clock.setNow(new Date(start + 25 * HOUR)); // 23 h before
    expect(await job.run()).toMatchObject({ reminders: 1 });
    expect(await job.run()).toMatchObject({ reminders: 0 });
    await drain(s);
    s.clock.setNow(new Date(start + 46.5 * HOUR)); // 1.5 h before
    await job.run();
    await drain(s);
    const rows = await notices(m.member.id);
    expect(rows.map((r) => [r.dedupe_key, r.status])).toEqual([
      [`event:${event.id}:24h`, 'SENT'],
      [`event:${event.id}:2h`, 'SENT'],
    ]);
    expect(await notices(gone.member.id)).toEqual([]);
    const texts = (await inbox(s, m.openid)).map((x) => x.data.thing4);
    expect(texts.sort()).toEqual(['活动即将开始，请凭入场码签到', '活动明天开始，请凭入场码签到']);
  });
});
