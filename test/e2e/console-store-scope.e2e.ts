import type { Page } from 'playwright-core';
import { ringUpSale } from '../fixtures/sale-setup';
import { ADMIN, api, expectText, sandboxLogin, screenshot, testOpenid, useBrowserSession } from './support';

jest.setTimeout(180_000);

// Least privilege in the console: a store manager's member list holds only the members their store served
// (and its staff), another member's page is "not found"; an analyst sees aggregates and no member pages.
describe('console: store managers see their store, analysts aggregates', () => {
  const session = useBrowserSession();
  const MANAGER = { username: 'scope-manager', password: 'Scope-Passw0rd!' };
  const ANALYST = { username: 'scope-analyst', password: 'Scope-Passw0rd!' };
  let served = '';
  let foreign = '';
  let foreignId = 0;
  let clerkOwn = '';

  const post = <T>(path: string, body: unknown, token: string) => api<T>(session.url, 'POST', path, body, token);
  const cardCode = async (memberToken: string) =>
    (await api<{ code: string }>(session.url, 'GET', '/api/v1/me/card', undefined, memberToken)).code;

  async function consoleLogin(page: Page, creds: { username: string; password: string }): Promise<void> {
    await page.goto(`${session.url}/console/`);
    await page.locator('#username').fill(creds.username);
    await page.locator('#password').fill(creds.password);
    await page.locator('[data-testid=login-submit]').click();
    await page.waitForURL(/#\/(?!login)/);
  }

  /** A store and a clerk who joined it: the clerk's member no. and staff token. */
  async function storeWithClerk(admin: string, code: string) {
    const store = await post<{ id: number }>('/api/v1/admin/stores', { name: `范围${code}店`, code }, admin);
    const { inviteCode } = await post<{ inviteCode: string }>(
      '/api/v1/admin/staff-invites',
      { storeId: store.id, role: 'clerk' },
      admin,
    );
    const clerk = await sandboxLogin(session.url, testOpenid());
    const { token } = await post<{ token: string }>('/api/v1/staff/invites/redeem', { inviteCode }, clerk.token);
    return { storeId: store.id, staffToken: token, memberNo: clerk.member.memberNo };
  }

  beforeAll(async () => {
    const admin = (await post<{ token: string }>('/api/v1/admin/auth/login', ADMIN, '')).token;
    const mine = await storeWithClerk(admin, 'E2E051');
    const other = await storeWithClerk(admin, 'E2E052');
    clerkOwn = mine.memberNo;
    const buyerA = await sandboxLogin(session.url, testOpenid());
    const buyerB = await sandboxLogin(session.url, testOpenid());
    served = buyerA.member.memberNo;
    foreign = buyerB.member.memberNo;
    foreignId = buyerB.member.id;
    const sell = (staffToken: string, memberToken: string, receiptNo: string) =>
      ringUpSale(cardCode, post, { staffToken, memberToken, amountFen: 8_800, receiptNo });
    await sell(mine.staffToken, buyerA.token, 'SCOPE-A1');
    await sell(other.staffToken, buyerB.token, 'SCOPE-B1');
    for (const [id, memberNo] of [
      [buyerA.member.id, served],
      [buyerB.member.id, foreign],
    ] as const) {
      await post(
        `/api/v1/admin/members/${id}/points/adjustments`,
        { delta: 10, reasonCode: 'goodwill', note: `补发 ${memberNo}`, requestId: `scope-${memberNo}` },
        admin,
      );
    }
    await post(
      '/api/v1/admin/operators',
      { ...MANAGER, displayName: '范围店长', role: 'store_manager', storeId: mine.storeId },
      admin,
    );
    await post('/api/v1/admin/operators', { ...ANALYST, displayName: '分析员', role: 'analyst' }, admin);
  }, 120_000);

  it('lists only the members the manager’s store served; another member’s page is not found', async () => {
    const page = await session.newPage('desktop');
    await consoleLogin(page, MANAGER);
    await page.goto(`${session.url}/console/#/members`);
    const rows = page.locator('[data-testid=member-row]');
    await rows.first().waitFor();
    const memberNos = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-member-no')));
    expect(memberNos.sort()).toEqual([served, clerkOwn].sort());
    await screenshot(page, 'console-scope-01-manager-members');

    await page.goto(`${session.url}/console/#/members/${foreignId}`);
    await expectText(page.locator('.ant-result-title'), /会员不存在/);
    await screenshot(page, 'console-scope-02-manager-foreign-member');
  });

  it('shows an analyst the member count but no member pages', async () => {
    const page = await session.newPage('desktop');
    await consoleLogin(page, ANALYST);
    await page.goto(`${session.url}/console/#/welcome`);
    await expectText(page.locator('[data-testid=stat-members]'), /会员总数\s*\d+/);
    const menu = await page.locator('.ant-pro-sider, .ant-layout-sider').first().innerText();
    expect(menu).not.toMatch(/会员\n|审计日志|店员/);
    expect(menu).toMatch(/会员等级/);
    await screenshot(page, 'console-scope-03-analyst-welcome');
  });
});
