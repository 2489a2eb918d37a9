import type { Page } from 'playwright-core';
import type { EventAdmin, EventInput, MemberPoints, MyEventItem, Page as ListPage } from '@member/shared';
import {
  ADMIN,
  api,
  expectText,
  sandboxLogin,
  screenshot,
  settle,
  storeWithClerk,
  testOpenid,
  toastGone,
  useBrowserSession,
  visible,
  waitForTaroPageSettled,
} from './support';

jest.setTimeout(180_000);

// Member events across the door: a member signs up with a companion in H5 (30 points a person), the ticket
// QR shows → the clerk of the hosting store (a second browser context) checks the ticket in by its code →
// green 已签到 and the counter moves → the same code again says 重复签到 in red → the member's 我的活动 shows
// 已签到 and 积分明细 the attendance reward. A walk-in is registered at the door by card code. A second, full
// event shows 已满可候补 in the list.
describe('member events: sign-up in H5, check-in at the door', () => {
  const session = useBrowserSession();
  const clerkOpenid = testOpenid();
  const memberOpenid = testOpenid();
  let adminToken = '';
  let storeId = 0;
  let eventId = 0;
  let ticketCode = '';
  let member: Page;

  const post = <T>(path: string, body: unknown, token: string) => api<T>(session.url, 'POST', path, body, token);
  const get = <T>(path: string, token: string) => api<T>(session.url, 'GET', path, undefined, token);
  const minutes = (n: number) => new Date(Date.now() + n * 60_000).toISOString();

  async function publishedEvent(over: Partial<EventInput>): Promise<EventAdmin> {
    // Starts in 30 minutes: sign-up is open now and so is check-in (it opens an hour before the start).
    const input: EventInput = {
      title: '周末手冲咖啡品鉴会',
      posterIds: [],
      description: '资深咖啡师带你品鉴三款单品豆，现场学习手冲技巧。\n请提前 10 分钟到店签到。',
      storeId,
      address: '二楼品鉴室',
      startsAt: minutes(30),
      endsAt: minutes(150),
      signupStartsAt: minutes(-5),
      signupEndsAt: minutes(25),
      capacity: 40,
      tierCodes: null,
      feeKind: 'POINTS',
      feePoints: 30,
      feeFen: 0,
      maxCompanions: 2,
      cancelDeadline: minutes(20),
      rewardPoints: 80,
      rewardCouponTemplateId: null,
      ...over,
    };
    const draft = await post<EventAdmin>('/api/v1/admin/events', input, adminToken);
    return post<EventAdmin>(`/api/v1/admin/events/${draft.id}/publish`, { version: draft.version }, adminToken);
  }

  beforeAll(async () => {
    adminToken = (await post<{ token: string }>('/api/v1/admin/auth/login', ADMIN, '')).token;
    await storeWithClerk(session.url, adminToken, { name: '静安活动店', code: 'E2EEV1' }, clerkOpenid);
    const stores = await get<{ id: number; code: string }[]>('/api/v1/admin/stores', adminToken);
    storeId = stores.find((s) => s.code === 'E2EEV1')!.id;
    eventId = (await publishedEvent({})).id;
    // A one-seat free event someone else took: the list shows it full, open to the waitlist.
    const full = await publishedEvent({
      title: '亲子烘焙小课堂',
      feeKind: 'FREE',
      feePoints: 0,
      capacity: 1,
      maxCompanions: 0,
      rewardPoints: 0,
      startsAt: minutes(60 * 26),
      endsAt: minutes(60 * 28),
      signupEndsAt: minutes(60 * 25),
      cancelDeadline: minutes(60 * 24),
    });
    const other = (await sandboxLogin(session.url, testOpenid())).token;
    await post(`/api/v1/me/events/${full.id}/signups`, { companions: 0, requestId: `E2EFULL${Date.now()}` }, other);
    // The member: 100 sign-up points, enough for two seats at 30.
    const { token } = await sandboxLogin(session.url, memberOpenid);
    await api(session.url, 'PATCH', '/api/v1/me', { nickname: '林小满' }, token);
  }, 120_000);

  it('the member finds the event in 活动 and signs up with a companion', async () => {
    member = await session.newPage();
    await member.setViewportSize({ width: 375, height: 812 });
    // From 首页's entry grid.
    await member.goto(`${session.url}/h5/#/pages/home/index?openid=${memberOpenid}`);
    await waitForTaroPageSettled(member);
    await visible(member, '#home-entry-events').click();
    await member.waitForURL(/packages\/events\/list\/index/);
    await waitForTaroPageSettled(member);

    const list = visible(member, '#events-list');
    const card = list.locator('.event-card', { hasText: '周末手冲咖啡品鉴会' });
    await expectText(
      card,
      /周末手冲咖啡品鉴会[\s\S]*静安活动店 · 二楼品鉴室[\s\S]*30 积分\/人[\s\S]*剩余 40 个名额[\s\S]*报名中/,
    );
    await expectText(
      list.locator('.event-card', { hasText: '亲子烘焙小课堂' }),
      /免费[\s\S]*名额已满[\s\S]*已满可候补/,
    );
    await screenshot(member, 'events-01-list');

    await card.click();
    await member.waitForURL(/packages\/events\/detail\/index/);
    await waitForTaroPageSettled(member);
    await expectText(visible(member, '#event-seats-left'), /^40$/);
    await expectText(visible(member, '#event-fee'), /30 积分\/人/);
    await expectText(visible(member, '#event-cancel-rule'), /前可取消，报名积分全额退回/);
    await expectText(visible(member, '#event-reward'), /到场签到即得 80 积分/);
    await expectText(visible(member, '#event-noshow-rule'), /未到场/);
    await expectText(visible(member, '#event-cta'), /立即报名/);
    await screenshot(member, 'events-02-detail');

    await visible(member, '#event-cta').click();
    const sheet = visible(member, '#signup-sheet');
    await expectText(sheet.locator('#signup-fee'), /^30 积分$/);
    await expectText(sheet.locator('#signup-left'), /^70 积分$/);
    await sheet.locator('.nut-inputnumber-icon-plus').click();
    await expectText(sheet.locator('#signup-fee'), /^60 积分$/);
    await expectText(sheet.locator('#signup-left'), /^40 积分$/);
    await expectText(sheet.locator('#signup-submit'), /确认报名 · 60 积分/);
    await settle(sheet);
    await screenshot(member, 'events-03-signup-sheet');
    await sheet.locator('#signup-submit').click();

    // The ticket: QR and code, 待签到, the party of two.
    const ticket = visible(member, '#event-ticket');
    await expectText(ticket, /待签到[\s\S]*本人 \+ 1 位同行，共 2 人/);
    await expectText(ticket.locator('.ticket__digits'), /^[A-Z2-9]{4} [A-Z2-9]{4} [A-Z2-9]{4}$/);
    await ticket.locator('.ticket__qr img, img.ticket__qr').first().waitFor({ state: 'visible' });
    ticketCode = (await ticket.locator('.ticket__digits').innerText()).replace(/\s/g, '');
    await expectText(ticket, /报名积分 60/);
    await toastGone(member);
    await settle(ticket);
    await screenshot(member, 'events-04-ticket');

    const mine = await get<ListPage<MyEventItem>>(
      '/api/v1/me/events?tab=UPCOMING',
      (await sandboxLogin(session.url, memberOpenid)).token,
    );
    expect(mine.items).toEqual([
      expect.objectContaining({
        signup: expect.objectContaining({ status: 'CONFIRMED', partySize: 2, ticketCode, feePoints: 60 }),
      }),
    ]);
  });

  it('the clerk checks the ticket in by its code: 已签到, the counter moves, a second scan says 重复签到', async () => {
    const clerk = await session.newPage();
    await clerk.setViewportSize({ width: 375, height: 812 });
    await clerk.goto(`${session.url}/h5/#/packages/staff/scan/index?openid=${clerkOpenid}`);
    await waitForTaroPageSettled(clerk);
    // 活动签到 from the staff tools.
    await visible(clerk, '#staff-tool-checkin').click();
    await clerk.waitForURL(/packages\/staff\/checkin\/index/);
    await waitForTaroPageSettled(clerk);
    // The store's only event today (the baking class is tomorrow) opens straight away.
    await expectText(visible(clerk, '#checkin-event-title'), /周末手冲咖啡品鉴会/);
    await expectText(visible(clerk, '#checkin-counter'), /^已签 0\/2 · 候补 0$/);

    await visible(clerk, '#checkin-code-input input').fill(ticketCode.toLowerCase());
    await visible(clerk, '#checkin-submit').click();
    const banner = visible(clerk, '#checkin-banner');
    await expectText(banner, /已签到[\s\S]*林\*\* · 共 2 人 · 奖励 80 积分/);
    expect(await banner.getAttribute('class')).toMatch(/checkin__banner--ok/);
    await expectText(visible(clerk, '#checkin-counter'), /^已签 2\/2 · 候补 0$/);
    await screenshot(clerk, 'events-05-checkin-ok');

    await visible(clerk, '#checkin-code-input input').fill(`EVT:${ticketCode}`);
    await visible(clerk, '#checkin-submit').click();
    await expectText(visible(clerk, '#checkin-banner-title'), /^重复签到$/);
    expect(await visible(clerk, '#checkin-banner').getAttribute('class')).toMatch(/checkin__banner--bad/);
    await expectText(visible(clerk, '#checkin-counter'), /^已签 2\/2 · 候补 0$/);
    await expectText(visible(clerk, '#checkin-recent'), /重复签到[\s\S]*已签到/);
    await screenshot(clerk, 'events-06-checkin-duplicate');

    // A code that is no ticket: red, nothing counted.
    await visible(clerk, '#checkin-code-input input').fill('ABCDEFGHJKLM');
    await visible(clerk, '#checkin-submit').click();
    await expectText(visible(clerk, '#checkin-banner-title'), /^票码无效$/);
    await screenshot(clerk, 'events-07-checkin-unknown');

    // A member at the door without a sign-up: 登记现场报名 with their card code, checked in at once.
    const walker = (await sandboxLogin(session.url, testOpenid())).token;
    await api(session.url, 'PATCH', '/api/v1/me', { nickname: '赵一' }, walker);
    const cardCode = (await get<{ code: string }>('/api/v1/me/card', walker)).code;
    await visible(clerk, '#checkin-walkin').click();
    const sheet = visible(clerk, '#walkin-sheet');
    await expectText(sheet, /剩余 38 个名额/);
    await sheet.locator('#walkin-member input').fill(cardCode);
    await expectText(sheet.locator('#walkin-submit'), /登记并签到 · 共 1 人/);
    await settle(sheet);
    await screenshot(clerk, 'events-07b-walkin-sheet');
    await sheet.locator('#walkin-submit').click();
    await expectText(visible(clerk, '#checkin-banner-title'), /^已签到（现场报名）$/);
    await expectText(visible(clerk, '#checkin-counter'), /^已签 3\/3 · 候补 0$/);
    await screenshot(clerk, 'events-07c-walkin-done');
  });

  it('the member sees 已签到 in 我的活动 and the attendance points in 积分明细', async () => {
    await member.goto(`${session.url}/h5/#/pages/mine/index?openid=${memberOpenid}`);
    await waitForTaroPageSettled(member);
    await visible(member, '#mall-orders-entry').locator('.nut-cell', { hasText: '我的活动' }).click();
    await member.waitForURL(/packages\/events\/mine\/index/);
    await waitForTaroPageSettled(member);
    const row = visible(member, '#my-event-list').locator('.my-event', { hasText: '周末手冲咖啡品鉴会' });
    await expectText(row.locator('.ticket__state'), /^已签到$/);
    await expectText(row, /已签到[\s\S]*共 2 人[\s\S]*\d{4}-\d{2}-\d{2} \d{2}:\d{2} 已签到/);
    await screenshot(member, 'events-08-my-events-checked-in');

    await member.goto(`${session.url}/h5/#/packages/points/history/index?openid=${memberOpenid}`);
    await waitForTaroPageSettled(member);
    await expectText(visible(member, '#points-history'), /活动签到奖励 周末手冲咖啡品鉴会[\s\S]*\+80/);
    await expectText(visible(member, '#points-history-balance'), /^120$/);
    await screenshot(member, 'events-09-points-history');

    const token = (await sandboxLogin(session.url, memberOpenid)).token;
    const points = await get<MemberPoints>('/api/v1/me/points', token);
    expect(points.balance).toBe(120);
    const counters = await get<{ checkedInPeople: number; signedUpPeople: number; walkInParties: number }>(
      `/api/v1/admin/events/${eventId}/counters`,
      adminToken,
    );
    expect(counters).toMatchObject({ checkedInPeople: 3, signedUpPeople: 3, walkInParties: 1 });
  });
});
