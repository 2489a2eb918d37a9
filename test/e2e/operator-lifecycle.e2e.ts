import type { Locator, Page } from 'playwright-core';
import { ADMIN, api, expectText, screenshot, useBrowserSession } from './support';

jest.setTimeout(180_000);

const WANG = { username: 'ops-wang', password: 'Wang-Passw0rd!', displayName: '王运营' };
const NEW_PASSWORD = 'Wang-N3w-passw0rd';

// An admin manages another operator's account in the console: disabling cuts that operator's open console
// off at its next action, a reset forces a new password at the next sign-in, guessing locks new devices
// out (not the owner's browser) until an admin lifts it, and 退出所有设备 ends every session.
describe('console: operator lifecycle', () => {
  const session = useBrowserSession();
  let adminPage: Page;
  let wangPage: Page;
  /** A browser that never signed in to ops-wang before the lock. */
  let stranger: Page;
  let adminToken = '';

  async function consoleLogin(page: Page, creds: { username: string; password: string }): Promise<void> {
    await page.goto(`${session.url}/console/#/login`);
    await page.locator('#username').fill(creds.username);
    await page.locator('#password').fill(creds.password);
    await page.locator('[data-testid=login-submit]').click();
  }

  const wangRow = () => adminPage.locator('.ant-table-row', { hasText: WANG.username });
  /** The visible popconfirm's button, e.g. 停用 (antd spaces two-character labels: "停 用"). */
  const popconfirmButton = (page: Page, label: RegExp): Locator =>
    page.locator('.ant-popover:not(.ant-popover-hidden) .ant-popconfirm-buttons button', { hasText: label });

  beforeAll(async () => {
    ({ token: adminToken } = await api<{ token: string }>(session.url, 'POST', '/api/v1/admin/auth/login', ADMIN));
    await api(session.url, 'POST', '/api/v1/admin/operators', { ...WANG, role: 'operator' }, adminToken);
  }, 120_000);

  it('disabling an operator cuts their open console off at their next action', async () => {
    wangPage = await session.newPage('desktop');
    await consoleLogin(wangPage, WANG);
    await wangPage.waitForURL(/#\/welcome/);

    adminPage = await session.newPage('desktop');
    await consoleLogin(adminPage, ADMIN);
    await adminPage.waitForURL(/#\/welcome/);
    await adminPage.goto(`${session.url}/console/#/operators`);
    await expectText(wangRow(), /王运营[\s\S]*启用/);
    await screenshot(adminPage, 'console-operators-01-list');

    await wangRow()
      .getByRole('button', { name: /停\s*用/ })
      .click();
    await screenshot(adminPage, 'console-operators-02-disable-confirm');
    await popconfirmButton(adminPage, /停\s*用/).click();
    await expectText(adminPage.locator('.ant-message-notice').last(), /账号已停用/);
    await expectText(wangRow(), /已停用/);

    // Wang's next action answers 401: the console drops the session and shows the login page.
    await wangPage.goto(`${session.url}/console/#/members`);
    await wangPage.waitForURL(/#\/login/);
    await consoleLogin(wangPage, WANG);
    await expectText(wangPage.locator('[data-testid=login-error]'), /用户名或密码错误/);
  });

  it('a reset shows the temporary password once and forces a new password at the next sign-in', async () => {
    await wangRow()
      .getByRole('button', { name: /启\s*用/ })
      .click();
    await popconfirmButton(adminPage, /启\s*用/).click();
    await expectText(wangRow(), /启用/);

    await wangRow().getByRole('button', { name: '重置密码' }).click();
    const confirm = adminPage.locator('.ant-modal-confirm', { hasText: '重置「王运营」的密码？' });
    await confirm.waitFor();
    await screenshot(adminPage, 'console-operators-03-reset-confirm');
    await confirm.getByRole('button', { name: '重置密码' }).click();
    const shown = adminPage.locator('[data-testid=temporary-password]');
    await expectText(shown, /^[A-Za-z0-9]{14}$/);
    const temporary = (await shown.innerText()).trim();
    await screenshot(adminPage, 'console-operators-04-temporary-password');
    await adminPage.getByRole('button', { name: '我已记下' }).click();
    await expectText(wangRow(), /待改密码/);

    await consoleLogin(wangPage, { username: WANG.username, password: temporary });
    const forced = wangPage.locator('[data-testid=forced-password-change]');
    await forced.waitFor();
    await screenshot(wangPage, 'console-operators-05-forced-change');
    // A short password is refused in the form, in Chinese.
    await wangPage.locator('#current-password').fill(temporary);
    await wangPage.locator('#new-password').fill('short');
    await wangPage.locator('#confirm-password').fill('short');
    await wangPage.locator('#password-submit').click();
    await expectText(forced.locator('.ant-form-item-explain-error').first(), /新密码至少 10 个字符/);
    await wangPage.locator('#new-password').fill(NEW_PASSWORD);
    await wangPage.locator('#confirm-password').fill(NEW_PASSWORD);
    await wangPage.locator('#password-submit').click();
    await wangPage.locator('[data-testid=operator-menu]').waitFor();
    await expectText(wangPage.locator('.ant-message-notice').last(), /新密码已生效/);
  });

  it('guessing locks new devices out (showing the wait) but not the owner’s browser, until an admin lifts it', async () => {
    for (let i = 0; i < 5; i++) {
      const res = await fetch(`${session.url}/api/v1/admin/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.66' },
        body: JSON.stringify({ username: WANG.username, password: `guess-${i}` }),
      });
      expect(res.status).toBe(401);
    }
    // A browser that never signed in to ops-wang waits, and is told how long.
    stranger = await session.newPage('desktop');
    await consoleLogin(stranger, { username: WANG.username, password: NEW_PASSWORD });
    await expectText(stranger.locator('[data-testid=login-error]'), /登录失败次数过多，请 \d+ 分钟后再试/);
    await screenshot(stranger, 'console-operators-06-locked-login');

    // Wang's own browser signed in before: it signs in with the right password.
    await wangPage.locator('[data-testid=operator-menu]').hover();
    await wangPage.getByRole('menuitem', { name: '退出登录' }).click();
    await wangPage.waitForURL(/#\/login/);
    await consoleLogin(wangPage, { username: WANG.username, password: NEW_PASSWORD });
    await wangPage.locator('[data-testid=operator-menu]').waitFor();

    // The admin sees the lock and lifts it; the stranger's browser gets in at once.
    await adminPage.reload();
    await expectText(wangRow(), /锁定至 \d\d:\d\d/);
    await screenshot(adminPage, 'console-operators-07-locked-row');
    await wangRow().getByRole('button', { name: '解除锁定' }).click();
    await popconfirmButton(adminPage, /解除锁定/).click();
    await expectText(adminPage.locator('.ant-message-notice').last(), /已解除登录锁定/);
    await consoleLogin(stranger, { username: WANG.username, password: NEW_PASSWORD });
    await stranger.locator('[data-testid=operator-menu]').waitFor();
  });

  it('退出所有设备 ends every session of the operator', async () => {
    const menu = wangPage.locator('[data-testid=operator-menu]');
    await menu.hover();
    await wangPage.getByRole('menuitem', { name: '修改密码' }).waitFor();
    await screenshot(wangPage, 'console-operators-08-header-menu');
    await wangPage.getByRole('menuitem', { name: '修改密码' }).click();
    const change = wangPage.locator('.ant-modal-content', { hasText: '确认新密码' });
    await change.waitFor();
    // Let the menu close and the modal finish zooming in before the screenshot.
    await wangPage.mouse.move(700, 700);
    await wangPage.waitForFunction(
      () => !document.querySelector('.ant-zoom-appear, .ant-zoom-enter, .ant-slide-up-leave'),
    );
    await screenshot(wangPage, 'console-operators-09-change-password');
    await change.getByRole('button', { name: /取\s*消/ }).click();
    await change.waitFor({ state: 'hidden' });
    await menu.hover();
    await wangPage.getByRole('menuitem', { name: '退出所有设备' }).click();
    const confirm = wangPage.locator('.ant-modal-confirm', { hasText: '退出所有设备？' });
    await confirm.getByRole('button', { name: '退出所有设备' }).click();
    await wangPage.waitForURL(/#\/login/);
    // Every other session of Wang's is over too: the other browser's next action lands on the login page.
    await stranger.goto(`${session.url}/console/#/members`);
    await stranger.waitForURL(/#\/login/);
    const audit = await api<{ items: { action: string }[] }>(
      session.url,
      'GET',
      '/api/v1/admin/audit-logs?targetType=operator&pageSize=50',
      undefined,
      adminToken,
    );
    expect(audit.items.map((i) => i.action)).toEqual(
      expect.arrayContaining([
        'operator.disabled',
        'operator.enabled',
        'operator.password_reset',
        'operator.password_changed',
        'operator.unlocked',
        'operator.logged_out',
        'operator.logged_out_everywhere',
      ]),
    );
  });
});
