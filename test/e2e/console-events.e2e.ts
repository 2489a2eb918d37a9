import type { EventAdmin, EventInput, EventSignupResult } from '@member/shared';
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import sharp from 'sharp';
import {
  ADMIN,
  api,
  consoleLogin,
  expectText,
  openConsole,
  sandboxLogin,
  screenshot,
  storeWithClerk,
  testOpenid,
  useBrowserSession,
  viewportShot,
} from './support';

dayjs.extend(utc);
dayjs.extend(timezone);
jest.setTimeout(300_000);

// Issue 13 part 5, console: 会员活动. An operator creates an event in the full-page StepsForm (a poster
// uploaded, the member's card previewed beside it), publishes it, watches a member's sign-up (made through
// the API) arrive in the live counters and the 报名名单, downloads exactly the filtered rows as CSV, and
// cancels the event with the typed title — the points come back and the audit log has the row. Analysts
// read without the editor (a typed URL is 403) and get no CSV.
const OPERATOR = { username: 'ops-events', password: 'Event-Passw0rd!', displayName: '活动运营' };
const ANALYST = { username: 'ana-events', password: 'Event-Passw0rd!', displayName: '活动分析' };
const MANAGER = { username: 'mgr-events', password: 'Event-Passw0rd!', displayName: '别店店长' };
const TITLE = '周末手冲咖啡品鉴会';
const PICKER = 'YYYY-MM-DD HH:mm';

describe('console: 会员活动 editor, live sign-ups, CSV and cancellation', () => {
  const session = useBrowserSession();
  let adminToken = '';
  let eventId = 0;
  let paidBalance = 0;
  let page: Page;
  const members: { token: string; memberNo: string }[] = [];

  const post = <T>(path: string, body: unknown, token?: string) => api<T>(session.url, 'POST', path, body, token);
  const get = <T>(path: string, token = adminToken) => api<T>(session.url, 'GET', path, undefined, token);
  const signupRow = (memberNo: string) => page.locator(`tr[data-testid=signup-row][data-member-no="${memberNo}"]`);

  // Beijing wall-clock times around now: sign-up open already, the event in three days.
  const now = dayjs().tz('Asia/Shanghai').startOf('minute');
  const signupFrom = now.subtract(1, 'hour');
  const signupUntil = now.add(2, 'day').hour(20).minute(0);
  const startsAt = now.add(3, 'day').hour(14).minute(0);
  const endsAt = startsAt.add(2, 'hour');
  const cancelBy = now.add(2, 'day').hour(12).minute(0);

  beforeAll(async () => {
    ({ token: adminToken } = await post<{ token: string }>('/api/v1/admin/auth/login', ADMIN));
    await post('/api/v1/admin/operators', { ...OPERATOR, role: 'operator' }, adminToken);
    await post('/api/v1/admin/operators', { ...ANALYST, role: 'analyst' }, adminToken);
    await storeWithClerk(session.url, adminToken, { name: '活动旗舰店', code: 'E2EV01' });
    // A manager of another store: the event is not theirs to see.
    const other = await post<{ id: number }>('/api/v1/admin/stores', { name: '活动别店', code: 'E2EV02' }, adminToken);
    await post('/api/v1/admin/operators', { ...MANAGER, role: 'store_manager', storeId: other.id }, adminToken);
    // Two members with 900 points each (within what one operator may grant without a second approval).
    for (let i = 0; i < 2; i++) {
      const { token, member } = await sandboxLogin(session.url, testOpenid());
      await post(
        `/api/v1/admin/members/${member.id}/points/adjustments`,
        { delta: 900, reasonCode: 'goodwill', note: '活动测试积分', requestId: `event-e2e-${member.memberNo}` },
        adminToken,
      );
      members.push({ token, memberNo: member.memberNo });
    }
  }, 120_000);

  it('creates an event in three steps with a poster, the member card following the form', async () => {
    page = await session.newPage('desktop');
    await consoleLogin(session.url, page, OPERATOR);
    await page.getByRole('menuitem', { name: /会员活动/ }).click();
    await page.getByRole('menuitem', { name: /活动列表/ }).click();
    await page.waitForURL(/#\/events\/list/);
    await page.locator('[data-testid=event-create]').click();
    await page.waitForURL(/#\/events\/new/);
    const preview = page.locator('[data-testid=event-preview]');
    await preview.waitFor();

    // 基本信息
    await page.locator('#basic_title').fill(TITLE);
    const poster = join(mkdtempSync(join(tmpdir(), 'event-e2e-')), 'poster.png');
    writeFileSync(poster, await posterImage());
    await page.locator('[data-testid=event-posters] input[type=file]').setInputFiles(poster);
    await page.locator('[data-testid=event-posters-cover]').waitFor();
    await page.locator('[data-testid=event-preview-poster]').waitFor();
    await page.locator('#basic_description').fill('埃塞俄比亚与哥伦比亚豆子对比品鉴，咖啡师现场讲解手冲要点。');
    await chooseOption(page, page.locator('#basic_storeId'), '活动旗舰店');
    await fillRange(page, page.locator('#basic_time'), startsAt.format(PICKER), endsAt.format(PICKER));
    await expectText(preview, new RegExp(`${TITLE}[\\s\\S]*${startsAt.format('M月D日')}[\\s\\S]*14:00 – 16:00`));
    await expectText(preview, /活动旗舰店/);
    await viewportShot(page, 'console-events-01-editor-basic');
    await page.locator('[data-testid=event-next]').click();

    // 报名设置: a cash fee (WeChat Pay) is offered like the others.
    await expect(page.getByRole('radio', { name: /付费报名（现金）/ }).isDisabled()).resolves.toBe(false);
    await fillRange(page, page.locator('#signup_signupWindow'), signupFrom.format(PICKER), signupUntil.format(PICKER));
    await page.locator('#signup_capacity').fill('10');
    await page.locator('#signup_maxCompanions').fill('2');
    await page.getByText('积分报名', { exact: true }).click();
    await page.locator('#signup_feePoints').fill('100');
    await fillDate(page, page.locator('#signup_cancelDeadline'), cancelBy.format(PICKER));
    await expectText(page.locator('[data-testid=event-preview-fee]'), /^100 积分\/人$/);
    await expectText(page.locator('[data-testid=event-preview-seats]'), /剩余 10 \/ 10 个名额/);
    await expectText(
      page.locator('[data-testid=event-preview-detail]'),
      /每位会员可带 2 位同行人[\s\S]*前可取消报名并退还报名费/,
    );
    // Sign-up opened an hour ago (Beijing time, whatever zone the browser is in).
    await expectText(preview, /报名中/);
    await page.locator('[data-testid=event-next]').click();

    // 奖励
    await page.locator('#reward_rewardPoints').fill('50');
    await expectText(page.locator('[data-testid=event-preview-detail]'), /到场签到奖励：50 积分/);
    await viewportShot(page, 'console-events-02-editor-reward');
    await page.locator('[data-testid=event-submit]').click();
    await page.waitForURL(/#\/events\/\d+$/);
    eventId = Number(/#\/events\/(\d+)/.exec(page.url())![1]);

    const saved = await get<EventAdmin>(`/api/v1/admin/events/${eventId}`);
    expect(saved).toMatchObject({
      title: TITLE,
      status: 'DRAFT',
      capacity: 10,
      maxCompanions: 2,
      feeKind: 'POINTS',
      feePoints: 100,
      rewardPoints: 50,
      address: null,
      store: { name: '活动旗舰店' },
    });
    expect(saved.posters).toHaveLength(1);
    // Typed as Beijing time, stored as the instant.
    expect(saved.startsAt).toBe(startsAt.toISOString());
    expect(saved.signupEndsAt).toBe(signupUntil.toISOString());
    expect(saved.cancelDeadline).toBe(cancelBy.toISOString());
  });

  it('publishes it, and a member sign-up shows in the live counters and the 报名名单', async () => {
    await expectText(page.locator('.ant-page-header-heading'), new RegExp(`${TITLE}[\\s\\S]*草稿`));
    await page.locator('[data-testid=event-publish]').click();
    await page.locator('[data-testid=event-status-confirm]').click();
    await expectText(page.locator('.ant-page-header-heading'), /已发布/);
    await expectText(page.locator('[data-testid=event-counters]'), /已报名\s*0\s*人[\s\S]*剩余名额\s*10\s*\/ 10/);

    // Two members sign up while the page is open: it catches up on its own (no reload).
    const [a, b] = members;
    const first = await post<EventSignupResult>(
      `/api/v1/me/events/${eventId}/signups`,
      { companions: 1, requestId: `E2ECONSOLE-A-${Date.now()}` },
      a.token,
    );
    expect(first.signup).toMatchObject({ status: 'CONFIRMED', partySize: 2, feePoints: 200 });
    paidBalance = first.pointsBalance;
    await post(
      `/api/v1/me/events/${eventId}/signups`,
      { companions: 0, requestId: `E2ECONSOLE-B-${Date.now()}` },
      b.token,
    );
    await expectText(
      page.locator('[data-testid=event-counters]'),
      /已报名\s*3\s*人[\s\S]*2 组报名[\s\S]*剩余名额\s*7\s*\/ 10/,
    );
    await expectText(signupRow(a.memberNo), /已报名[\s\S]*2 人[\s\S]*（含同行 1）[\s\S]*200/);
    await signupRow(b.memberNo).waitFor();
    await viewportShot(page, 'console-events-03-detail-live');

    // The list shows the seats and the poster.
    await page.getByRole('menuitem', { name: /活动列表/ }).click();
    const row = page.locator(`tr[data-testid=event-row][data-event-id="${eventId}"]`);
    await expectText(row, new RegExp(`${TITLE}[\\s\\S]*3 / 10[\\s\\S]*100 积分/人[\\s\\S]*已发布`));
    await row.locator('[data-testid=event-row-poster] img, img[data-testid=event-row-poster]').first().waitFor();
    await screenshot(page, 'console-events-04-list');
  });

  it('filters the 报名名单 by member no. in the URL and exports exactly those rows as CSV', async () => {
    const [a, b] = members;
    await openConsole(session.url, page, `/events/${eventId}?tab=signups&memberNo=${a.memberNo}`);
    await signupRow(a.memberNo).waitFor();
    await signupRow(b.memberNo).waitFor({ state: 'detached' });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-testid=signup-export-signups]').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^活动报名_\d{8}_\d{4}\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.slice(1).trim().split(/\r?\n/);
    expect(lines[0]).toBe(
      '会员号,会员昵称,状态,人数,候补序号,现场加入,报名积分,已退还,报名费,支付状态,退款,支付单号,报名时间,递补时间,签到时间,取消时间,结束原因',
    );
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(a.memberNo);
    expect(lines[1]).toContain('已报名');
    expect(csv).not.toContain(b.memberNo);

    // The 候补 and 签到 tabs are empty for now.
    await page.getByRole('tab', { name: '候补' }).click();
    await page.waitForURL(/tab=waitlist/);
    await expectText(page.locator('.ant-table-placeholder'), /暂无数据/);
  });

  it('answers a concurrent edit with 载入最新版本, then saves on the latest version', async () => {
    await openConsole(session.url, page, `/events/${eventId}/edit`);
    await expectText(page.locator('[data-testid=event-published-warning]'), /此活动已发布，已有 3 人报名/);
    // Someone else saves first (through the API).
    const e = await get<EventAdmin>(`/api/v1/admin/events/${eventId}`);
    const input: EventInput = {
      title: e.title,
      posterIds: e.posterIds,
      description: '他人修改：请提前 10 分钟到场',
      storeId: e.storeId,
      address: e.address,
      startsAt: e.startsAt,
      endsAt: e.endsAt,
      signupStartsAt: e.signupStartsAt,
      signupEndsAt: e.signupEndsAt,
      capacity: e.capacity,
      tierCodes: e.tierCodes,
      feeKind: e.feeKind,
      feePoints: e.feePoints,
      feeFen: e.feeFen,
      maxCompanions: e.maxCompanions,
      cancelDeadline: e.cancelDeadline,
      rewardPoints: e.rewardPoints,
      rewardCouponTemplateId: e.rewardCouponTemplateId,
    };
    await api(session.url, 'PUT', `/api/v1/admin/events/${eventId}`, { ...input, version: e.version }, adminToken);

    await page.locator('#basic_description').fill('我的修改：自带杯子可多得 20 积分');
    await page.locator('[data-testid=event-next]').click();
    await page.locator('[data-testid=event-next]').click();
    await page.locator('[data-testid=event-submit]').click();
    await expectText(page.locator('[data-testid=event-server-error]'), /此活动刚被他人修改[\s\S]*请载入最新版本后重试/);
    await viewportShot(page, 'console-events-04b-conflict');
    await page.locator('[data-testid=event-load-latest]').click();
    await page.locator('[data-testid=event-server-error]').waitFor({ state: 'detached' });
    await page.locator('[data-testid=event-prev]').click();
    await page.locator('[data-testid=event-prev]').click();
    expect(await page.locator('#basic_description').inputValue()).toBe('他人修改：请提前 10 分钟到场');
    await page.locator('#basic_description').fill('他人修改：请提前 10 分钟到场。自带杯子可多得 20 积分');
    await page.locator('[data-testid=event-next]').click();
    await page.locator('[data-testid=event-next]').click();
    await page.locator('[data-testid=event-submit]').click();
    await page.waitForURL(new RegExp(`#/events/${eventId}$`));
    const saved = await get<EventAdmin>(`/api/v1/admin/events/${eventId}`);
    expect(saved.description).toBe('他人修改：请提前 10 分钟到场。自带杯子可多得 20 积分');
    expect(saved.version).toBe(e.version + 2);
  });

  it('cancels the event only with its title typed in, refunding the points, and the audit log records it', async () => {
    await openConsole(session.url, page, `/events/${eventId}`);
    await page.locator('[data-testid=event-cancel]').click();
    const dialog = page.locator('.ant-modal-content').filter({ visible: true });
    await expectText(dialog.locator('[data-testid=event-cancel-impact]'), /将退还 2 人的报名积分并通知他们/);
    await dialog.locator('#reason').fill('场地临时维修，活动取消，给您带来不便深表歉意');
    await dialog.locator('#confirmTitle').fill('周末咖啡');
    await dialog.locator('[data-testid=event-cancel-submit]').click();
    await expectText(dialog.locator('.ant-form-item-explain-error').first(), /输入的标题与活动标题不一致/);
    await dialog.locator('#confirmTitle').fill(TITLE);
    await viewportShot(page, 'console-events-05-cancel');
    await dialog.locator('[data-testid=event-cancel-submit]').click();
    await dialog.waitFor({ state: 'hidden' });
    await expectText(page.locator('.ant-page-header-heading'), /已取消/);
    await expectText(page.locator('[data-testid=event-cancel-reason]'), /取消：场地临时维修/);
    await expectText(signupRow(members[0].memberNo), /已取消[\s\S]*200\s*已退还/);
    // The 200 points (two seats at 100) are back in the member's balance.
    const points = await get<{ balance: number }>('/api/v1/me/points', members[0].token);
    expect(points.balance).toBe(paidBalance + 200);
    await screenshot(page, 'console-events-06-cancelled');

    await page.getByRole('menuitem', { name: /审计日志/ }).click();
    await expectText(
      page.locator('tr[data-testid=audit-row]').first(),
      new RegExp(`取消活动（退还报名费）[\\s\\S]*活动 #${eventId}`),
    );
    await viewportShot(page, 'console-events-07-audit');
  });

  it("lets an analyst read the event without the editor or the CSV (a typed editor URL is 403); other stores' managers do not see it", async () => {
    const analyst = await session.newPage('desktop');
    await consoleLogin(session.url, analyst, ANALYST);
    await analyst.getByRole('menuitem', { name: /会员活动/ }).click();
    await analyst.getByRole('menuitem', { name: /活动列表/ }).click();
    await analyst.locator(`tr[data-testid=event-row][data-event-id="${eventId}"]`).waitFor();
    await expect(analyst.locator('[data-testid=event-create]').count()).resolves.toBe(0);
    await openConsole(session.url, analyst, `/events/${eventId}`);
    await expectText(analyst.locator('.ant-pro-table'), /共 2 条报名（当前账号只显示汇总数量，不显示明细）/);
    await expect(analyst.locator('[data-testid=signup-export-signups]').count()).resolves.toBe(0);
    await openConsole(session.url, analyst, '/events/new');
    await expectText(analyst.locator('.ant-result-title'), /没有权限/);
    await screenshot(analyst, 'console-events-08-analyst-403');

    // Another store's manager: no row in the list, and the detail URL says the event is not theirs.
    const manager = await session.newPage('desktop');
    await consoleLogin(session.url, manager, MANAGER);
    await manager.getByRole('menuitem', { name: /会员活动/ }).click();
    await manager.getByRole('menuitem', { name: /活动列表/ }).click();
    await manager.waitForURL(/#\/events\/list/);
    await expectText(manager.locator('.ant-table-placeholder'), /暂无数据/);
    await openConsole(session.url, manager, `/events/${eventId}`);
    await expectText(manager.locator('.ant-result-title'), /活动不存在/);
    await viewportShot(manager, 'console-events-09-other-store');
  });

  /** Types both ends of an antd range picker (text as shown, Beijing time) and confirms each with Enter. */
  async function fillRange(p: Page, picker: Locator, from: string, until: string): Promise<void> {
    const inputs = picker.locator('xpath=ancestor::div[contains(@class, "ant-picker-range")]').locator('input');
    await inputs.nth(0).click();
    await inputs.nth(0).fill(from);
    await inputs.nth(0).press('Enter');
    await inputs.nth(1).click();
    await inputs.nth(1).fill(until);
    await inputs.nth(1).press('Enter');
    await p.locator('.ant-page-header-heading-title').click();
    expect(await inputs.nth(0).inputValue()).toBe(from);
    expect(await inputs.nth(1).inputValue()).toBe(until);
  }

  async function fillDate(p: Page, input: Locator, value: string): Promise<void> {
    await input.click();
    await input.fill(value);
    await input.press('Enter');
    await p.locator('.ant-page-header-heading-title').click();
    expect(await input.inputValue()).toBe(value);
  }
});

/** A 1280×720 PNG that looks like an event poster: a cup on a warm ground. */
async function posterImage(): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1280" height="720">
    <rect width="1280" height="720" fill="#5b3a29"/><circle cx="900" cy="360" r="220" fill="#d9a066"/>
    <rect x="780" y="300" width="240" height="180" rx="30" fill="#fff4e6"/>
    <rect x="120" y="260" width="520" height="60" rx="12" fill="#f3e3c3"/>
    <rect x="120" y="350" width="380" height="40" rx="10" fill="#c8a165"/></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

/**
 * Opens an antd Select by its input and picks the option whose text contains `label`. A click that lands
 * while the dropdown is still sliding in can miss, so it checks the selection and tries again.
 */
async function chooseOption(page: Page, select: Locator, label: string): Promise<void> {
  const box = select.locator('xpath=ancestor::div[contains(@class, "ant-select-selector")]');
  await page.waitForFunction(
    () => !document.querySelector('.ant-select-dropdown[class*="slide-up-"]:not(.ant-select-dropdown-hidden)'),
  );
  for (let attempt = 0; attempt < 3; attempt++) {
    const dropdown = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').last();
    if (!(await dropdown.isVisible())) await box.click();
    const option = dropdown.locator('.ant-select-item-option', { hasText: label }).first();
    await option.waitFor({ state: 'visible' });
    await page.waitForFunction(
      () => !document.querySelector('.ant-select-dropdown[class*="slide-up-"]:not(.ant-select-dropdown-hidden)'),
    );
    await option.click();
    await page.waitForTimeout(100);
    if ((await box.innerText()).includes(label)) return;
  }
  expect(await box.innerText()).toContain(label);
}
