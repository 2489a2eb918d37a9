import type { Browser, Page } from 'playwright-core';
import { startApp } from '../../server/src/app.factory';
import { AppConfig } from '../../server/src/config/app-config';
import { loadConfig } from '../../server/src/config/load-config';
import { createTestDatabase } from '../fixtures/test-database';
import {
  ADMIN,
  api,
  expectText,
  launchBrowser,
  mobileContext,
  sandboxLogin,
  screenshot,
  testOpenid,
  UI_TIMEOUT,
  waitForTaroPageSettled,
} from './support';

jest.setTimeout(180_000);

const PIN = '246810';

// A clerk rings up a bill over their limit (¥1,000 here): the approval sheet asks for a manager of the
// store, the manager types their PIN on the clerk's phone, and the sale goes through. A member who is not
// staff opening a staff page by URL gets a "not a clerk" page with a way back.
describe('staff approval for a bill over the clerk’s limit', () => {
  let url = '';
  let close: () => Promise<void> = async () => undefined;
  let browser: Browser;
  const clerkOpenid = testOpenid();
  let buyerToken = '';
  let adminToken = '';
  let storeId = 0;

  const post = <T>(path: string, body: unknown, token: string) => api<T>(url, 'POST', path, body, token);
  const visible = (page: Page, selector: string) => page.locator(selector).filter({ visible: true });
  const newPage = async () => {
    const context = await mobileContext(browser);
    context.setDefaultTimeout(UI_TIMEOUT);
    const page = await context.newPage();
    await page.setViewportSize({ width: 375, height: 812 });
    return page;
  };

  beforeAll(async () => {
    const db = await createTestDatabase();
    const config = new AppConfig(
      loadConfig({
        NODE_ENV: 'test',
        DATABASE_URL: db.url,
        DATA_DIR: db.dataDir,
        OPERATOR_BOOTSTRAP_USERNAME: ADMIN.username,
        OPERATOR_BOOTSTRAP_PASSWORD: ADMIN.password,
      }),
    ).with((c) => {
      c.sales.clerkMaxBillFen = 100_000;
    });
    const started = await startApp(config, { logger: false });
    url = started.url;
    close = async () => {
      await started.app.close();
      await db.drop();
    };
    browser = await launchBrowser();

    const admin = (await post<{ token: string }>('/api/v1/admin/auth/login', ADMIN, '')).token;
    const store = await post<{ id: number }>('/api/v1/admin/stores', { name: '测试审批店', code: 'E2E041' }, admin);
    adminToken = admin;
    storeId = store.id;
    const invite = (role: string) =>
      post<{ inviteCode: string }>('/api/v1/admin/staff-invites', { storeId: store.id, role }, admin);
    const manager = await sandboxLogin(url, testOpenid());
    await api(url, 'PATCH', '/api/v1/me', { nickname: '王店长' }, manager.token);
    await post(
      '/api/v1/staff/invites/redeem',
      { inviteCode: (await invite('manager')).inviteCode, pin: PIN },
      manager.token,
    );
    const clerk = await sandboxLogin(url, clerkOpenid);
    await post('/api/v1/staff/invites/redeem', { inviteCode: (await invite('clerk')).inviteCode }, clerk.token);
    buyerToken = (await sandboxLogin(url, testOpenid())).token;
  }, 120_000);
  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await close();
  });

  it('asks for the manager’s PIN on a bill over the limit, then rings it up', async () => {
    const page = await newPage();
    await page.goto(`${url}/h5/#/pages/mine/index?openid=${clerkOpenid}`);
    const entry = page.locator('#staff-entry .nut-cell');
    await expectText(entry, /店员入口/);
    await entry.click();
    await page.waitForURL(/packages\/staff\/scan\/index/);
    await waitForTaroPageSettled(page);

    const { code } = await api<{ code: string }>(url, 'GET', '/api/v1/me/card', undefined, buyerToken);
    await visible(page, '#staff-code-input input').fill(code);
    await page.waitForFunction(() => !document.querySelector('#staff-lookup-submit')?.className.includes('disabled'));
    await visible(page, '#staff-lookup-submit').click();
    await page.waitForURL(/packages\/staff\/member\/index/);
    await waitForTaroPageSettled(page);
    await visible(page, '#lookup-purchase').click();
    await page.waitForURL(/packages\/staff\/purchase\/index/);
    await waitForTaroPageSettled(page);

    await visible(page, '#purchase-amount input').fill('2888');
    await expectText(visible(page, '#purchase-earn-preview'), /^\+2,888$/);
    await visible(page, '#purchase-submit').click();
    await visible(page, '#purchase-confirm-submit').click();

    // Over ¥1,000: the approval sheet, with this store's manager and a PIN field.
    await expectText(visible(page, '#approval-reason'), /超过店员单笔上限 ¥1,000\.00/);
    await expectText(visible(page, '.approval__manager--on'), /王店长/);
    await visible(page, '#approval-pin input').fill('000000');
    await visible(page, '#approval-submit').click();
    await expectText(visible(page, '#approval-error'), /店长密码不正确/);
    await visible(page, '#approval-pin input').fill(PIN);
    await screenshot(page, 'approval-01-manager-pin');
    await visible(page, '#approval-submit').click();

    await expectText(visible(page, '#purchase-earned'), /^\+2,888$/);
    await screenshot(page, 'approval-02-sale-done');
  });

  it('shows a member who is not staff a proper page when they open a staff page by URL', async () => {
    const stranger = testOpenid();
    await sandboxLogin(url, stranger); // accepts the privacy policy, as the card page would have asked
    const page = await newPage();
    await page.goto(`${url}/h5/#/packages/staff/scan/index?openid=${stranger}`);
    await expectText(visible(page, '#staff-gate-not-staff'), /您还不是门店店员/);
    await screenshot(page, 'approval-03-not-staff');
    await visible(page, '#staff-gate-not-staff .nut-button').filter({ hasText: '返回我的' }).click();
    await page.waitForURL(/pages\/mine\/index/);
  });

  it('shows the role and store of an invite before binding, and a manager sets their PIN with it', async () => {
    const { inviteCode } = await post<{ inviteCode: string }>(
      '/api/v1/admin/staff-invites',
      { storeId, role: 'manager' },
      adminToken,
    );
    const openid = testOpenid();
    await sandboxLogin(url, openid);
    const page = await newPage();
    await page.goto(`${url}/h5/#/pages/mine/index?openid=${openid}`);
    expect(await page.locator('#staff-entry').count()).toBe(0);
    await page.locator('#staff-invite-link').click();
    await page.waitForURL(/packages\/staff\/redeem\/index/);
    await waitForTaroPageSettled(page);
    await visible(page, '#invite-code-input input').fill(inviteCode);
    await visible(page, '#invite-submit').click();
    await expectText(visible(page, '#invite-preview'), /测试审批店 · 店长/);
    await visible(page, '#invite-pin input').fill('135790');
    await visible(page, '#invite-pin-again input').fill('135790');
    await screenshot(page, 'approval-04-invite-preview');
    await visible(page, '#invite-confirm').click();
    await page.waitForURL(/packages\/staff\/scan\/index/);
    await waitForTaroPageSettled(page);
    await expectText(visible(page, '#staff-tool-pin'), /确认密码[\s\S]*已设置/);
    await screenshot(page, 'approval-05-manager-scan');
  });

  it('tells a disabled clerk so instead of failing with a raw error', async () => {
    const me = await sandboxLogin(url, clerkOpenid);
    const session = await post<{ staff: { staffId: number } }>('/api/v1/staff/session', {}, me.token);
    await api(url, 'PATCH', `/api/v1/admin/staff/${session.staff.staffId}`, { active: false }, adminToken);
    const page = await newPage();
    await page.goto(`${url}/h5/#/packages/staff/scan/index?openid=${clerkOpenid}`);
    await expectText(visible(page, '#staff-gate-disabled'), /您的店员身份已停用/);
    await screenshot(page, 'approval-06-clerk-disabled');
  });
});
