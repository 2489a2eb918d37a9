import type { EventAdmin, EventInput, MyEventItem, Page as ListPage } from '@member/shared';
import {
  ADMIN,
  api,
  consoleLogin,
  expectText,
  openConsole,
  sandboxLogin,
  screenshot,
  settle,
  storeWithClerk,
  testOpenid,
  toastGone,
  useBrowserSession,
  viewportShot,
  visible,
  waitForTaroPageSettled,
} from './support';

jest.setTimeout(180_000);

// A recurring event in H5: the detail lists its 场次 with their own seats (the first one full, open to its
// waitlist) → tapping a session opens the sign-up sheet on it → the member picks another one in the sheet →
// the ticket names the session → the console's detail shows each session's sign-ups.
describe('member events with sessions: pick a session in H5, the console counts per session', () => {
  const session = useBrowserSession();
  const memberOpenid = testOpenid();
  const tag = Date.now().toString(36).slice(-5).toUpperCase();
  const DAY = 24 * 3_600_000;
  let adminToken = '';
  let event: EventAdmin;

  const post = <T>(path: string, body: unknown, token: string) => api<T>(session.url, 'POST', path, body, token);
  const get = <T>(path: string, token: string) => api<T>(session.url, 'GET', path, undefined, token);
  const at = (ms: number) => new Date(Date.now() + ms).toISOString();

  beforeAll(async () => {
    adminToken = (await post<{ token: string }>('/api/v1/admin/auth/login', ADMIN, '')).token;
    const storeName = `瑜伽馆${tag}`;
    await storeWithClerk(session.url, adminToken, { name: storeName, code: `ES${tag}` }, testOpenid());
    const stores = await get<{ id: number; name: string }[]>('/api/v1/admin/stores', adminToken);
    const storeId = stores.find((s) => s.name === storeName)!.id;
    // Three weekly sessions of 2 seats, the first in two days.
    const starts = [2, 9, 16].map((d) => d * DAY);
    const input: EventInput = {
      title: `周六晨间瑜伽 ${tag}`,
      posterIds: [],
      description: '每周六早上的小班瑜伽，每场 2 人，可按场次分别报名。',
      storeId,
      address: null,
      startsAt: at(starts[0]),
      endsAt: at(starts[2] + 3_600_000),
      signupStartsAt: at(-5 * 60_000),
      signupEndsAt: at(starts[2]),
      capacity: 2,
      tierCodes: null,
      feeKind: 'FREE',
      feePoints: 0,
      feeFen: 0,
      maxCompanions: 1,
      cancelDeadline: at(starts[0] - DAY),
      rewardPoints: 0,
      rewardCouponTemplateId: null,
      sessions: starts.map((s) => ({ startsAt: at(s), endsAt: at(s + 3_600_000), capacity: 2 })),
    };
    const draft = await post<EventAdmin>('/api/v1/admin/events', input, adminToken);
    event = await post<EventAdmin>(`/api/v1/admin/events/${draft.id}/publish`, { version: draft.version }, adminToken);
    // Someone took both seats of the first session.
    const other = (await sandboxLogin(session.url, testOpenid())).token;
    await post(
      `/api/v1/me/events/${event.id}/signups`,
      { companions: 1, sessionId: event.sessions[0].id, requestId: `E2ESS${Date.now()}` },
      other,
    );
    await sandboxLogin(session.url, memberOpenid);
  }, 120_000);

  it('the detail lists the sessions; the sheet opens on the one tapped and the member picks another', async () => {
    const [first, second, third] = event.sessions;
    const page = await session.newPage();
    await page.setViewportSize({ width: 375, height: 812 });
    await page.goto(`${session.url}/h5/#/packages/events/detail/index?id=${event.id}&openid=${memberOpenid}`);
    await waitForTaroPageSettled(page);
    const list = visible(page, '#event-sessions');
    await expectText(page.locator(`#event-session-${first.id}`), /已满可候补/);
    await expectText(page.locator(`#event-session-${second.id}`), /剩余 2 个名额[\s\S]*报名/);
    await expectText(visible(page, '#event-cta'), /选择场次报名/);
    await list.scrollIntoViewIfNeeded();
    await settle(list);
    await screenshot(page, 'events-sessions-01-detail');

    await page.locator(`#event-session-${second.id}`).click();
    const sheet = visible(page, '#signup-sheet');
    await expectText(sheet.locator('.signup-sheet__sub'), /^场次 /);
    await expectText(sheet.locator(`#signup-session-${second.id}`), /剩余 2 个名额/);
    await expect(sheet.locator(`#signup-session-${second.id}`).getAttribute('class')).resolves.toContain(
      'signup-session--on',
    );
    // Another session in the sheet: the one three weeks from now.
    await sheet.locator(`#signup-session-${third.id}`).click();
    await expect(sheet.locator(`#signup-session-${third.id}`).getAttribute('class')).resolves.toContain(
      'signup-session--on',
    );
    await expectText(sheet.locator('#signup-fee'), /^免费$/);
    await settle(sheet);
    await screenshot(page, 'events-sessions-02-sheet');
    await sheet.locator('#signup-submit').click();

    // The reminders' subscribe popup may come first (the same tap): decline it, the sign-up stands.
    const ticketOrAsk = page.locator('#event-ticket, .taro-modal__content').first();
    await ticketOrAsk.waitFor({ state: 'visible' });
    if (await page.locator('.taro-modal__content').isVisible()) await visible(page, '.taro-model__cancel').click();
    const ticket = visible(page, '#event-ticket');
    await expectText(ticket, /待签到[\s\S]*场次/);
    await toastGone(page);
    await settle(ticket);
    await screenshot(page, 'events-sessions-03-ticket');
    await page.close();

    const mine = await get<ListPage<MyEventItem>>(
      '/api/v1/me/events?tab=UPCOMING',
      (await sandboxLogin(session.url, memberOpenid)).token,
    );
    expect(mine.items).toEqual([
      expect.objectContaining({
        signup: expect.objectContaining({ status: 'CONFIRMED', session: expect.objectContaining({ id: third.id }) }),
      }),
    ]);
  });

  it("the console's detail shows each session's seats and sign-ups", async () => {
    const page = await session.newPage('desktop');
    await consoleLogin(session.url, page, ADMIN);
    await page.getByText('欢迎，').waitFor();
    await openConsole(session.url, page, `/events/${event.id}`);
    const rows = visible(page, '[data-testid=event-sessions-table]').locator('[data-testid=event-session-row]');
    await rows.nth(2).waitFor({ state: 'visible' });
    expect(await rows.count()).toBe(3);
    await expectText(rows.nth(0).locator('[data-testid=session-signed-up]'), /^2 人（1 组）$/);
    await expectText(rows.nth(1).locator('[data-testid=session-signed-up]'), /^0 人（0 组）$/);
    await expectText(rows.nth(2).locator('[data-testid=session-signed-up]'), /^1 人（1 组）$/);
    await viewportShot(page, 'events-sessions-04-console');
  });
});
