import type { Page } from 'playwright-core';
import type { EventAdmin, EventInput, EventSignupAdmin, Page as ListPage } from '@member/shared';
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

jest.setTimeout(240_000);

// A cash event in H5: the detail shows ¥39.90/人 → the sign-up sheet ¥79.80 for two → 确认报名 → the
// reminders' subscribe popup → the sandbox's 模拟微信支付 sheet (closed the first time: the seats are held, the ticket says 待支付 with the
// time left and 去支付; 我的活动 too) → 去支付 → 确认支付 → the ticket turns into the QR once the server has
// the payment; the console's sign-ups list the fee as 已支付 with its out_trade_no.
describe('member events: a cash fee paid through WeChat Pay in H5', () => {
  const session = useBrowserSession();
  const memberOpenid = testOpenid();
  const clerkOpenid = testOpenid();
  const tag = Date.now().toString(36).slice(-5).toUpperCase();
  let adminToken = '';
  let event: EventAdmin;
  let page: Page;

  const post = <T>(path: string, body: unknown, token: string) => api<T>(session.url, 'POST', path, body, token);
  const get = <T>(path: string, token: string) => api<T>(session.url, 'GET', path, undefined, token);
  const minutes = (n: number) => new Date(Date.now() + n * 60_000).toISOString();

  beforeAll(async () => {
    adminToken = (await post<{ token: string }>('/api/v1/admin/auth/login', ADMIN, '')).token;
    const storeName = `付费活动店${tag}`;
    await storeWithClerk(session.url, adminToken, { name: storeName, code: `EC${tag}` }, clerkOpenid);
    const stores = await get<{ id: number; name: string }[]>('/api/v1/admin/stores', adminToken);
    const storeId = stores.find((s) => s.name === storeName)!.id;
    const input: EventInput = {
      title: `调酒大师课 ${tag}`,
      posterIds: [],
      description: '调酒师现场教学三款经典鸡尾酒，报名费含材料。',
      storeId,
      address: null,
      startsAt: minutes(60 * 26),
      endsAt: minutes(60 * 28),
      signupStartsAt: minutes(-5),
      signupEndsAt: minutes(60 * 25),
      capacity: 12,
      tierCodes: null,
      feeKind: 'CASH',
      feePoints: 0,
      feeFen: 3_990,
      maxCompanions: 1,
      cancelDeadline: minutes(60 * 24),
      rewardPoints: 0,
      rewardCouponTemplateId: null,
    };
    const draft = await post<EventAdmin>('/api/v1/admin/events', input, adminToken);
    event = await post<EventAdmin>(`/api/v1/admin/events/${draft.id}/publish`, { version: draft.version }, adminToken);
    await sandboxLogin(session.url, memberOpenid);
  }, 180_000);

  it('signs up for two, closes the pay sheet: the seats are held, 待支付 with the time left and 去支付', async () => {
    page = await session.newPage();
    await page.setViewportSize({ width: 375, height: 812 });
    await page.goto(`${session.url}/h5/#/packages/events/detail/index?id=${event.id}&openid=${memberOpenid}`);
    await waitForTaroPageSettled(page);
    await expectText(visible(page, '#event-fee'), /¥39\.90\/人/);
    await expectText(visible(page, '#event-cancel-rule'), /前可取消，报名费原路全额退回/);
    await visible(page, '#event-cta').click();
    const sheet = visible(page, '#signup-sheet');
    await expectText(sheet.locator('#signup-fee'), /^¥39\.90$/);
    await sheet.locator('.nut-inputnumber-icon-plus').click();
    await expectText(sheet.locator('#signup-fee'), /^¥79\.80$/);
    await expectText(sheet.locator('#signup-note'), /微信支付报名费[\s\S]*超时未支付将释放/);
    await settle(sheet);
    await screenshot(page, 'events-cash-01-sheet');
    await expectText(sheet.locator('#signup-submit'), /确认报名 · ¥79\.80/);
    await sheet.locator('#signup-submit').click();

    // The reminders' subscribe popup comes first (still the tap), then WeChat Pay.
    const modal = visible(page, '.taro-modal__content');
    await expectText(modal, /允许发送以下消息/);
    await visible(page, '.taro-model__cancel').click();
    await expectText(modal, /模拟微信支付[\s\S]*需支付 ¥79\.80/);
    await screenshot(page, 'events-cash-02-pay-sheet');
    await visible(page, '.taro-model__cancel').click();

    const ticket = visible(page, '#event-ticket');
    await expectText(ticket, /待支付[\s\S]*共 2 人[\s\S]*名额已为您保留[\s\S]*剩余 \d{2}:\d{2}[\s\S]*去支付/);
    await expectText(ticket, /报名费 ¥79\.80 · 待支付/);
    await toastGone(page);
    await settle(ticket);
    await screenshot(page, 'events-cash-03-ticket-pending');

    // 我的活动 lists it as 待支付 with the countdown and 去支付.
    const mine = await session.newPage();
    await mine.setViewportSize({ width: 375, height: 812 });
    await mine.goto(`${session.url}/h5/#/packages/events/mine/index?openid=${memberOpenid}`);
    await waitForTaroPageSettled(mine);
    await expectText(mine.locator('.ticket').first(), /待支付[\s\S]*剩余 \d{2}:\d{2}[\s\S]*去支付/);
    await settle(mine.locator('.ticket').first());
    await screenshot(mine, 'events-cash-04-mine-pending');
    await mine.close();
  });

  it('去支付 → 确认支付: the ticket turns into the QR once the server has the payment', async () => {
    const ticket = visible(page, '#event-ticket');
    await ticket.locator('.nut-button', { hasText: '去支付' }).click();
    await expectText(visible(page, '.taro-modal__content'), /需支付 ¥79\.80/);
    await visible(page, '.taro-model__confirm').click();
    await expectText(ticket, /待签到[\s\S]*本人 \+ 1 位同行，共 2 人/);
    await expectText(ticket.locator('.ticket__digits'), /^[A-Z2-9]{4} [A-Z2-9]{4} [A-Z2-9]{4}$/);
    await expectText(ticket, /报名费 ¥79\.80 · 已支付/);
    await toastGone(page);
    await settle(ticket);
    await screenshot(page, 'events-cash-05-ticket-paid');

    const rows = await get<ListPage<EventSignupAdmin>>(`/api/v1/admin/events/${event.id}/signups`, adminToken);
    expect(rows.items).toEqual([
      expect.objectContaining({
        status: 'CONFIRMED',
        partySize: 2,
        payment: expect.objectContaining({ status: 'PAID', amountFen: 7_980, outTradeNo: expect.stringMatching(/^E/) }),
      }),
    ]);
  });

  it('a walk-in at the door: the clerk registers them and the seats wait for the member to pay (待会员支付)', async () => {
    const walker = (await sandboxLogin(session.url, testOpenid())).token;
    await api(session.url, 'PATCH', '/api/v1/me', { nickname: '郑先生' }, walker);
    const memberNo = (await get<{ memberNo: string }>('/api/v1/me', walker)).memberNo;
    // At the door: half an hour before the start (the sandbox clock moves on, and back after).
    const ahead = Math.round((Date.parse(event.startsAt) - Date.now()) / 1000) - 1800;
    await post('/sandbox/clock', { offsetSeconds: ahead }, '');
    try {
      const clerk = await session.newPage();
      await clerk.setViewportSize({ width: 375, height: 812 });
      await clerk.goto(`${session.url}/h5/#/packages/staff/checkin/index?openid=${clerkOpenid}`);
      await waitForTaroPageSettled(clerk);
      await expectText(visible(clerk, '#checkin-event-title'), new RegExp(`调酒大师课 ${tag}`));
      await visible(clerk, '#checkin-walkin').click();
      const sheet = visible(clerk, '#walkin-sheet');
      await expectText(visible(clerk, '#walkin-cash-tip'), /每人 ¥39\.90[\s\S]*微信支付/);
      await visible(clerk, '#walkin-member input').fill(memberNo);
      await expectText(visible(clerk, '#walkin-submit'), /登记 · 待支付 ¥39\.90/);
      await settle(sheet);
      await screenshot(clerk, 'events-cash-06-walkin-sheet');
      await visible(clerk, '#walkin-submit').click();
      await expectText(
        visible(clerk, '#checkin-banner'),
        /待会员支付[\s\S]*郑\*\* · 共 1 人 · ¥39\.90 · 请会员在「我的活动」中于 \d\d:\d\d 前支付/,
      );
      await clerk.locator('#walkin-sheet').waitFor({ state: 'hidden' });
      await clerk.locator('.nut-overlay').first().waitFor({ state: 'hidden' });
      await screenshot(clerk, 'events-cash-07-walkin-pending');
      await clerk.close();
      // The member's 我的活动 asks them to pay (the seats are theirs until then).
      const mine = await get<{ items: { signup: { status: string; payment: { amountFen: number } | null } }[] }>(
        '/api/v1/me/events?tab=UPCOMING',
        walker,
      );
      expect(mine.items[0].signup).toMatchObject({ status: 'PENDING_PAYMENT', payment: { amountFen: 3_990 } });
    } finally {
      await post('/sandbox/clock', { offsetSeconds: -ahead }, '');
    }
  });
});
