import type { Page } from 'playwright-core';
import type { NoticeAdmin, NoticeSubscriptions, Page as ListPage } from '@member/shared';
import {
  ADMIN,
  api,
  consoleLogin,
  expectText,
  openConsole,
  sandboxLogin,
  screenshot,
  testOpenid,
  toastGone,
  useBrowserSession,
  viewportShot,
  visible,
  waitForTaroPageSettled,
} from './support';
import { couponTemplateBody } from '../fixtures/coupon-template';

jest.setTimeout(240_000);

const COUPON_TEMPLATE = 'G35CwG9kSkIkJmJkkKX7ICPDS5JTc5A8w1C30MY76OQ';

/** Polls until `read` answers `want` (the page's requests run after the click resolves). */
async function eventually<T>(read: () => Promise<T> | T, want: T): Promise<void> {
  const deadline = Date.now() + 10_000;
  let got = await read();
  while (got !== want && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    got = await read();
  }
  expect(got).toBe(want);
}

/** Seconds from the server's clock to 12:00 Beijing time `days` business days later (after the 10:00 send). */
function offsetToNoon(serverNow: Date, days: number): number {
  const beijing = new Date(serverNow.getTime() + 8 * 3600_000);
  const noonUtc = Date.UTC(beijing.getUTCFullYear(), beijing.getUTCMonth(), beijing.getUTCDate() + days, 4, 0, 0);
  return Math.round((noonUtc - serverNow.getTime()) / 1000);
}

// Care notices end to end: a member claims a coupon in H5 and allows the coupon-expiry reminder in the
// (sandbox) subscription popup → 消息提醒 shows one reminder left → a second claim's popup is turned down and
// a third claim asks nothing (not again after a reject in one session) → the clock moves to two days before
// the coupon lapses → the reminder batch, the outbox and the sender run → the notice arrives in the H5
// 服务通知 view → the console's 发送记录 shows it 已发送, with its data; 提醒类型 and 数据看板 count it.
describe('care notices: subscribe in H5, reminder sent, delivery log', () => {
  const session = useBrowserSession();
  const openid = testOpenid();
  let memberToken = '';
  let memberNo = '';
  let adminToken = '';
  let member: Page;
  let sentDay = '';

  const subscriptions = () =>
    api<NoticeSubscriptions>(session.url, 'GET', '/api/v1/me/notices/subscriptions', undefined, memberToken);
  const pointsEnabled = async () => (await subscriptions()).items.find((i) => i.kind === 'POINTS_EXPIRING')!.enabled;
  const couponRemaining = async () =>
    (await subscriptions()).items.find((i) => i.kind === 'COUPON_EXPIRING')!.remaining;

  beforeAll(async () => {
    adminToken = (await api<{ token: string }>(session.url, 'POST', '/api/v1/admin/auth/login', ADMIN)).token;
    const login = await sandboxLogin(session.url, openid);
    memberToken = login.token;
    memberNo = login.member.memberNo;
    const t = await api<{ id: number }>(
      session.url,
      'POST',
      '/api/v1/admin/coupon-templates',
      couponTemplateBody({ name: '满100减20 会员专享', perMemberLimit: 3 }),
      adminToken,
    );
    await api(session.url, 'POST', `/api/v1/admin/coupon-templates/${t.id}/status`, { status: 'ACTIVE' }, adminToken);
  }, 120_000);

  it('asks for the coupon-expiry reminder right after 领取成功; 允许 grants one, 取消 is not asked again', async () => {
    member = await session.newPage();
    const reports: unknown[] = [];
    member.on('request', (req) => {
      if (req.method() === 'POST' && req.url().endsWith('/api/v1/me/notices/subscriptions')) {
        reports.push(JSON.parse(req.postData() ?? '{}'));
      }
    });
    await member.goto(`${session.url}/h5/#/packages/coupons/center/index?openid=${openid}`);
    await waitForTaroPageSettled(member);
    const card = visible(member, '#center-list').locator('.coupon-card').first();
    await card.waitFor();

    await card.locator('.nut-button').click();
    const popup = visible(member, '.taro-modal__content');
    await expectText(popup, /优惠券到期提醒[\s\S]*每次允许可收到一次提醒/);
    await screenshot(member, 'notices-01-subscribe-popup');
    await visible(member, '.taro-model__confirm').click();
    await popup.waitFor({ state: 'hidden' });
    await eventually(couponRemaining, 1);
    expect(reports).toEqual([
      expect.objectContaining({ moment: 'COUPON_CLAIMED', results: { [COUPON_TEMPLATE]: 'accept' } }),
    ]);
    // The sandbox (WeChat) holds the same grant the server counted.
    const grants = await api<{ templateId: string; remaining: number }[]>(
      session.url,
      'GET',
      `/sandbox/wx/grants?openid=${openid}`,
    );
    expect(grants.find((g) => g.templateId === COUPON_TEMPLATE)?.remaining).toBe(1);

    // Another claim asks again (one accept is one send); 取消 records a reject and grants nothing.
    await toastGone(member);
    await expectText(card.locator('.nut-button'), /再领一张/);
    await card.locator('.nut-button').click();
    await expectText(visible(member, '.taro-modal__content'), /优惠券到期提醒/);
    await visible(member, '.taro-model__cancel').click();
    await eventually(() => reports.length, 2);
    expect(reports[1]).toEqual(expect.objectContaining({ results: { [COUPON_TEMPLATE]: 'reject' } }));
    expect(await couponRemaining()).toBe(1);

    // Turned down in this session: the third claim goes through without a popup.
    await toastGone(member);
    await card.locator('.nut-button').click();
    await expectText(member.locator('.nut-toast'), /领取成功/);
    await member.waitForTimeout(1000);
    expect(await member.locator('.taro-modal__content').filter({ visible: true }).count()).toBe(0);
    expect(reports).toHaveLength(2);
  });

  it('shows 消息提醒 with a switch per kind and the reminder left', async () => {
    await member.goto(`${session.url}/h5/#/pages/mine/index?openid=${openid}`);
    await waitForTaroPageSettled(member);
    await visible(member, '#notice-settings-entry').click();
    await member.waitForURL(/packages\/notices\/settings\/index/);
    await waitForTaroPageSettled(member);
    const coupon = visible(member, '.notices__kind[data-kind=COUPON_EXPIRING]');
    await expectText(coupon, /优惠券到期提醒[\s\S]*剩余 1 次/);
    await expectText(visible(member, '#notice-quiet-hours'), /\d{2}:\d{2}/);
    await screenshot(member, 'notices-02-settings');

    // Turning a kind off is kept on the server, and back on again.
    await visible(member, '.notices__kind[data-kind=POINTS_EXPIRING]').locator('.nut-switch').click();
    await eventually(pointsEnabled, false);
    await toastGone(member);
    await visible(member, '.notices__kind[data-kind=POINTS_EXPIRING]').locator('.nut-switch').click();
    await eventually(pointsEnabled, true);
  });

  it('sends the reminder two days before the coupon lapses; it arrives in 服务通知', async () => {
    const { now } = await api<{ now: string }>(session.url, 'GET', '/sandbox/clock');
    const offset = offsetToNoon(new Date(now), 5);
    await api(session.url, 'POST', '/sandbox/clock', { offsetSeconds: offset });
    try {
      sentDay = new Date(new Date(now).getTime() + offset * 1000 + 8 * 3600_000).toISOString().slice(0, 10);
      await api(session.url, 'POST', '/sandbox/jobs/coupon-expiry-reminders/run');
      await api(session.url, 'POST', '/sandbox/outbox/drain');
      await api(session.url, 'POST', '/sandbox/jobs/notices-sender/run');
    } finally {
      await api(session.url, 'POST', '/sandbox/clock', { offsetSeconds: -offset });
    }
    // The server's own sender ticks too: when its tick claimed the notice first, the run above found it
    // taken and the tick's send may still be on its way to WeChat. Either way it goes out once.
    const logged = async () =>
      (
        await api<ListPage<NoticeAdmin>>(
          session.url,
          'GET',
          `/api/v1/admin/notices?memberNo=${memberNo}`,
          undefined,
          adminToken,
        )
      ).items
        .map((n) => `${n.kind}:${n.status}`)
        .join(',');
    await eventually(logged, 'COUPON_EXPIRING:SENT');
    expect(await couponRemaining()).toBe(0);

    await member.goto(`${session.url}/h5/#/pages/mine/index?openid=${openid}`);
    await waitForTaroPageSettled(member);
    await visible(member, '#notice-inbox-entry').click();
    await member.waitForURL(/packages\/notices\/inbox\/index/);
    await waitForTaroPageSettled(member);
    const message = visible(member, '[data-testid=inbox-card]');
    await expectText(
      message,
      /优惠券到期提醒[\s\S]*优惠券名称[\s\S]*满100减20 会员专享[\s\S]*优惠金额[\s\S]*¥20\.00[\s\S]*到期时间[\s\S]*进入小程序查看/,
    );
    await screenshot(member, 'notices-03-service-notices');

    await message.locator('.inbox__link').click();
    await member.waitForURL(/packages\/coupons\/mine\/index/);
  });

  it('shows the notice 已发送 in the console with its data, and counts it on 提醒类型 and 数据看板', async () => {
    const page = await session.newPage('desktop');
    await consoleLogin(session.url, page, ADMIN);
    // Let the sign-in land on 概览 first, or its redirect overtakes the next address.
    await page.waitForURL(/#\/welcome/);
    await openConsole(session.url, page, `/notices/log?memberNo=${memberNo}`);
    const row = page.locator('tr[data-testid=notice-row]').first();
    await expectText(row, new RegExp(`优惠券到期提醒[\\s\\S]*${memberNo}[\\s\\S]*已发送`));
    expect(await row.getAttribute('data-status')).toBe('SENT');
    await row.locator('.ant-table-row-expand-icon').click();
    await expectText(page.locator('[data-testid=notice-detail]'), /模板数据[\s\S]*满100减20 会员专享[\s\S]*¥20\.00/);
    await viewportShot(page, 'notices-04-console-log');

    await openConsole(session.url, page, '/notices/kinds');
    const kind = page.locator('tr[data-testid=notice-kind-row][data-kind=COUPON_EXPIRING]');
    await expectText(kind, /服务[\s\S]*优惠券到期提醒[\s\S]*G35CwG9k[\s\S]*优惠券名称[\s\S]*发送中/);
    await viewportShot(page, 'notices-05-console-kinds');

    // A test send goes to the operator's chosen member and, like any send, needs a grant: none is left.
    await page.locator('[data-testid=notice-test-recipient]').click();
    await page.locator('[data-testid=notice-test-recipient-input]').fill(memberNo);
    await page
      .locator('.ant-modal')
      .filter({ visible: true })
      .getByRole('button', { name: /确\s*[认定]/ })
      .click();
    await expectText(page.locator('.ant-message'), /测试接收人已设置/);
    await kind.locator('[data-testid=notice-kind-test-send]').click();
    await expectText(page.locator('.ant-message'), /测试发送未成功：会员未订阅/);

    await openConsole(session.url, page, `/notices/dashboard?from=${sentDay}&to=${sentDay}`);
    const dashboard = page.locator('[data-testid=notice-dashboard]');
    await expectText(dashboard, /计划发送[\s\S]*已发送/);
    await page.locator('[data-testid=notice-charts] canvas').first().waitFor();
    await page.waitForTimeout(1000);
    await screenshot(page, 'notices-06-console-dashboard');
  });
});
