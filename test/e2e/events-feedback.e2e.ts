import type { Page } from 'playwright-core';
import type { EventAdmin, EventInput, MemberPoints, SurveyAdmin, SurveyResults } from '@member/shared';
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

// After the event: a member signs up in H5 → the store's clerk checks the ticket in → the clock moves past
// the end → 我的活动 shows 已签到 with 去评价, the attendance points are in 积分明细 → the member rates it
// (NutUI Rate, tag chips, comment) → 已评价 → the console's 活动评价 shows the rating; a second member's
// 1-star answer opens a 回访工单 that the operator takes (受理) and resolves (处理完成); a 2-star one is taken
// and resolved by the store's clerk in the mini-program (店员工具 → 回访工单).
describe('event feedback: sign up, check in, rate in H5, the console shows it', () => {
  const session = useBrowserSession();
  const clerkOpenid = testOpenid();
  const memberOpenid = testOpenid();
  let adminToken = '';
  let staffToken = '';
  let storeId = 0;
  let event: EventAdmin;
  let ticketCode = '';
  let signupId = 0;
  let member: Page;

  const post = <T>(path: string, body: unknown, token: string) => api<T>(session.url, 'POST', path, body, token);
  const get = <T>(path: string, token: string) => api<T>(session.url, 'GET', path, undefined, token);
  const minutes = (n: number) => new Date(Date.now() + n * 60_000).toISOString();
  const login = async () => (await post<{ token: string }>('/api/v1/admin/auth/login', ADMIN, '')).token;

  beforeAll(async () => {
    adminToken = await login();
    staffToken = await storeWithClerk(session.url, adminToken, { name: '徐汇体验店', code: 'E2EFB1' }, clerkOpenid);
    const stores = await get<{ id: number; code: string }[]>('/api/v1/admin/stores', adminToken);
    storeId = stores.find((s) => s.code === 'E2EFB1')!.id;
    // Starts in 30 minutes (check-in is open: it opens an hour before), 2 hours long, free, 50 points at the door.
    const input: EventInput = {
      title: '春日花艺沙龙',
      posterIds: [],
      description: '花艺师带你完成一束春日花束，材料现场提供。',
      storeId,
      address: null,
      startsAt: minutes(30),
      endsAt: minutes(150),
      signupStartsAt: minutes(-5),
      signupEndsAt: minutes(25),
      capacity: 20,
      tierCodes: null,
      feeKind: 'FREE',
      feePoints: 0,
      feeFen: 0,
      maxCompanions: 1,
      cancelDeadline: minutes(20),
      rewardPoints: 50,
      rewardCouponTemplateId: null,
    };
    const draft = await post<EventAdmin>('/api/v1/admin/events', input, adminToken);
    event = await post<EventAdmin>(`/api/v1/admin/events/${draft.id}/publish`, { version: draft.version }, adminToken);
    const { token } = await sandboxLogin(session.url, memberOpenid);
    await api(session.url, 'PATCH', '/api/v1/me', { nickname: '苏小雨' }, token);
  }, 120_000);

  it('the member signs up in H5 and the clerk checks the ticket in at the door', async () => {
    member = await session.newPage();
    await member.setViewportSize({ width: 375, height: 812 });
    await member.goto(`${session.url}/h5/#/packages/events/detail/index?id=${event.id}&openid=${memberOpenid}`);
    await waitForTaroPageSettled(member);
    await expectText(visible(member, '#event-reward'), /到场签到即得 50 积分/);
    await visible(member, '#event-cta').click();
    const sheet = visible(member, '#signup-sheet');
    await settle(sheet);
    await sheet.locator('#signup-submit').click();
    const ticket = visible(member, '#event-ticket');
    await expectText(ticket, /待签到/);
    ticketCode = (await ticket.locator('.ticket__digits').innerText()).replace(/\s/g, '');
    await toastGone(member);

    const clerk = await session.newPage();
    await clerk.setViewportSize({ width: 375, height: 812 });
    await clerk.goto(`${session.url}/h5/#/packages/staff/checkin/index?openid=${clerkOpenid}`);
    await waitForTaroPageSettled(clerk);
    await expectText(visible(clerk, '#checkin-event-title'), /春日花艺沙龙/);
    await visible(clerk, '#checkin-code-input input').fill(`EVT:${ticketCode}`);
    await visible(clerk, '#checkin-submit').click();
    await expectText(visible(clerk, '#checkin-banner'), /已签到[\s\S]*苏\*\* · 共 1 人 · 奖励 50 积分/);
    await expectText(visible(clerk, '#checkin-counter'), /^已签 1\/1 · 候补 0$/);
    await screenshot(clerk, 'feedback-01-checkin');
    await clerk.close();
  });

  it('after the event: 积分明细 has the reward, 我的活动 offers 去评价, the member rates it and sees 已评价', async () => {
    // The event is over (the sandbox clock moves 3 hours on).
    await post('/sandbox/clock', { offsetSeconds: 3 * 3600 }, '');
    await member.goto(`${session.url}/h5/#/packages/points/history/index?openid=${memberOpenid}`);
    await waitForTaroPageSettled(member);
    await expectText(visible(member, '#points-history'), /活动签到奖励 春日花艺沙龙[\s\S]*\+50/);
    await screenshot(member, 'feedback-02-points');

    await member.goto(`${session.url}/h5/#/packages/events/mine/index?tab=past&openid=${memberOpenid}`);
    await waitForTaroPageSettled(member);
    const row = visible(member, '#my-event-list').locator('.my-event', { hasText: '春日花艺沙龙' });
    await expectText(row.locator('.ticket__state'), /^已签到$/);
    const entry = row.locator('[id^="feedback-"]');
    await expectText(entry, /^去评价$/);
    signupId = Number((await entry.getAttribute('id'))!.replace('feedback-', ''));
    await settle(row);
    await screenshot(member, 'feedback-03-my-events');
    await entry.click();

    await member.waitForURL(/packages\/events\/feedback\/index/);
    await waitForTaroPageSettled(member);
    await expectText(visible(member, '.survey__head'), /春日花艺沙龙[\s\S]*徐汇体验店[\s\S]*前可提交/);
    // Nothing chosen yet: asked to rate first, nothing sent.
    await visible(member, '#survey-submit').click();
    await expectText(visible(member, '.nut-toast'), /请先评分/);
    await toastGone(member);
    await visible(member, '#survey-q-rating .nut-rate-item >> nth=3').click();
    await expectText(visible(member, '.survey__rate-word'), /^满意$/);
    await visible(member, '#survey-q-tags').locator('.survey__chip', { hasText: '服务热情' }).click();
    await visible(member, '#survey-q-tags').locator('.survey__chip', { hasText: '希望再办' }).click();
    await visible(member, '#survey-q-comment textarea').fill('花材很新鲜，老师讲解耐心，下次还来');
    await settle(visible(member, '.survey'));
    await screenshot(member, 'feedback-04-form');
    await visible(member, '#survey-submit').click();
    await expectText(visible(member, '#survey-answered'), /感谢您的评价[\s\S]*服务热情、希望再办[\s\S]*花材很新鲜/);
    await toastGone(member);
    await screenshot(member, 'feedback-05-answered');

    await member.goto(`${session.url}/h5/#/packages/events/mine/index?tab=past&openid=${memberOpenid}`);
    await waitForTaroPageSettled(member);
    await expectText(visible(member, `#feedback-${signupId}`), /^已评价$/);

    const token = (await sandboxLogin(session.url, memberOpenid)).token;
    expect((await get<MemberPoints>('/api/v1/me/points', token)).balance).toBeGreaterThanOrEqual(50);
  });

  it('the console shows the rating; a 1-star answer opens a 回访工单 the operator takes and resolves', async () => {
    adminToken = await login();
    const survey = await get<SurveyAdmin>(`/api/v1/admin/surveys/events/${event.id}`, adminToken);
    const results = await get<SurveyResults>(`/api/v1/admin/surveys/${survey.id}/results`, adminToken);
    expect(results).toMatchObject({ responses: 1, audience: 1, averageRating: 4, ratingDistribution: [0, 0, 0, 1, 0] });

    // A walk-in who left unhappy (signed up and checked in through the API, rated 1 star).
    const unhappy = testOpenid();
    const other = (await sandboxLogin(session.url, unhappy)).token;
    await api(session.url, 'PATCH', '/api/v1/me', { nickname: '周先生' }, other);
    const cardCode = (await get<{ code: string }>('/api/v1/me/card', other)).code;
    // At the door (the clock back before the end), then after the event again.
    await post('/sandbox/clock', { offsetSeconds: -3 * 3600 }, '');
    const walkIn = await post<{ signupId: number }>(
      `/api/v1/staff/events/${event.id}/walk-ins`,
      { memberCode: cardCode, companions: 0, requestId: `E2EWALK${Date.now()}` },
      staffToken,
    );
    await post('/sandbox/clock', { offsetSeconds: 3 * 3600 }, '');
    await post(
      `/api/v1/me/surveys/${survey.id}/responses`,
      {
        signupId: walkIn.signupId,
        answers: [
          { questionId: 'rating', value: 1 },
          { questionId: 'comment', value: '等了四十分钟才开始' },
        ],
        requestId: `E2EFB${Date.now()}`,
      },
      other,
    );

    // The console's session follows the browser's clock: the server's goes back to now for it.
    await post('/sandbox/clock', { offsetSeconds: -3 * 3600 }, '');
    const page = await session.newPage('desktop');
    await consoleLogin(session.url, page, ADMIN);
    // The login lands on 概览 first; opening another page before that would be overtaken by it.
    await page.getByText('欢迎，').waitFor();
    await openConsole(session.url, page, `/events/${event.id}`);
    await visible(page, '[data-testid=event-feedback]').click();
    await page.waitForURL(/\/events\/\d+\/feedback/);
    const stats = visible(page, '[data-testid=survey-stats]');
    await expectText(stats, /平均评分[\s\S]*2\.5[\s\S]*回答数[\s\S]*2[\s\S]*回答率[\s\S]*100%[\s\S]*回访工单[\s\S]*1/);
    await expectText(visible(page, '[data-testid=survey-response-row] >> nth=0'), /等了四十分钟才开始/);
    await expectText(visible(page, '[data-testid=survey-response-row] >> nth=1'), /花材很新鲜/);
    await visible(page, '[data-testid=survey-distribution] canvas').waitFor();
    await page.waitForTimeout(800);
    await viewportShot(page, 'feedback-06-console-dashboard');
    await page.mouse.wheel(0, 700);
    await page.waitForTimeout(400);
    await viewportShot(page, 'feedback-07-console-comments');

    await openConsole(session.url, page, `/surveys/tasks?status=OPEN&storeId=${storeId}`);
    const task = visible(page, '[data-testid=task-row]');
    await expectText(task, /待处理[\s\S]*徐汇体验店[\s\S]*春日花艺沙龙[\s\S]*等了四十分钟才开始/);
    await viewportShot(page, 'feedback-08-tasks');
    await task.locator('[data-testid=task-start]').click();
    await visible(page, '[data-testid=task-assignee]').fill('陈店长');
    await visible(page, '[data-testid=task-submit]').click();
    await openConsole(session.url, page, `/surveys/tasks?storeId=${storeId}`);
    await expectText(visible(page, '[data-testid=task-row]'), /处理中[\s\S]*处理人：陈店长/);
    await visible(page, '[data-testid=task-row] [data-testid=task-resolve]').click();
    await visible(page, '[data-testid=task-resolution]').fill('已电话致歉，并赠送下次活动优先报名');
    await visible(page, '[data-testid=task-submit]').click();
    await expectText(visible(page, '[data-testid=task-row]'), /已解决[\s\S]*已电话致歉/);
    await viewportShot(page, 'feedback-09-task-resolved');
  });

  it('the store clerk takes a 回访工单 in the mini-program and records how it was resolved', async () => {
    // Another walk-in rates it 2 stars after the event (the clock there and back, as above).
    const unhappy = testOpenid();
    const other = (await sandboxLogin(session.url, unhappy)).token;
    await api(session.url, 'PATCH', '/api/v1/me', { nickname: '吴女士' }, other);
    const cardCode = (await get<{ code: string }>('/api/v1/me/card', other)).code;
    const walkIn = await post<{ signupId: number }>(
      `/api/v1/staff/events/${event.id}/walk-ins`,
      { memberCode: cardCode, companions: 0, requestId: `E2EWALK${Date.now()}` },
      staffToken,
    );
    await post('/sandbox/clock', { offsetSeconds: 3 * 3600 }, '');
    const survey = await get<SurveyAdmin>(`/api/v1/admin/surveys/events/${event.id}`, adminToken);
    await post(
      `/api/v1/me/surveys/${survey.id}/responses`,
      {
        signupId: walkIn.signupId,
        answers: [
          { questionId: 'rating', value: 2 },
          { questionId: 'comment', value: '签到排队太久，座位不够' },
        ],
        requestId: `E2EFB${Date.now()}`,
      },
      other,
    );
    await post('/sandbox/clock', { offsetSeconds: -3 * 3600 }, '');

    const clerk = await session.newPage();
    await clerk.setViewportSize({ width: 375, height: 812 });
    await clerk.goto(`${session.url}/h5/#/packages/staff/followups/index?openid=${clerkOpenid}`);
    await waitForTaroPageSettled(clerk);
    await expectText(visible(clerk, '#followups-counts'), /待处理 1/);
    const card = visible(clerk, '#followups-list').locator('.followup', { hasText: '签到排队太久' });
    await expectText(card, /待处理[\s\S]*春日花艺沙龙[\s\S]*2 星[\s\S]*签到排队太久，座位不够[\s\S]*吴\*/);
    await settle(card);
    await screenshot(clerk, 'feedback-10-staff-tasks');
    await expectText(card.locator('.followup__action'), /开始处理/);
    await card.locator('.followup__action').click();
    await expectText(card, /处理中[\s\S]*处理人：/);
    await toastGone(clerk);
    await expectText(card.locator('.followup__action'), /填写处理结果/);
    await card.locator('.followup__action').click();
    await visible(clerk, '#followup-resolution textarea').fill('已致电吴女士致歉，下次活动为她预留座位');
    await screenshot(clerk, 'feedback-11-staff-resolve');
    await visible(clerk, '#followup-resolve-submit').click();
    await expectText(card, /已解决[\s\S]*处理结果：已致电吴女士致歉[\s\S]*处理完成/);
    await toastGone(clerk);
    await screenshot(clerk, 'feedback-12-staff-resolved');
    await clerk.close();

    // The console sees the clerk's resolution (audited as theirs).
    const tasks = await get<{ items: { status: string; comment: string; resolution: string | null }[] }>(
      `/api/v1/admin/survey-tasks?storeId=${storeId}&status=RESOLVED`,
      adminToken,
    );
    expect(tasks.items.find((t) => t.comment === '签到排队太久，座位不够')).toMatchObject({
      status: 'RESOLVED',
      resolution: '已致电吴女士致歉，下次活动为她预留座位',
    });
  });
});
