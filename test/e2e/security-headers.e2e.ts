import type { Page } from 'playwright-core';
import { ADMIN, sandboxLogin, screenshot, testOpenid, useBrowserSession } from './support';

// The Content-Security-Policy the server sends (common/edge/security-headers.ts) must let the built console,
// the H5 mini-program, the landing page and the API docs run: no CSP violation on any of them.

jest.setTimeout(120_000);

function collectViolations(page: Page): string[] {
  const violations: string[] = [];
  page.on('console', (msg) => {
    if (/Content.Security.Policy|Refused to (load|execute|apply|connect|frame)/i.test(msg.text())) {
      violations.push(msg.text());
    }
  });
  return violations;
}

describe('security headers in the browser', () => {
  const session = useBrowserSession();

  it.each([
    ['console', '/console/', 'desktop', '登录'],
    ['H5', '/h5/', 'mobile', '会员'],
    ['landing page', '/', 'desktop', '会员'],
    ['API docs', '/api/docs', 'desktop', 'API'],
  ] as const)('%s loads with no CSP violation', async (_, path, kind, text) => {
    const page = await session.newPage(kind);
    const violations = collectViolations(page);
    const res = await page.goto(session.url + path, { waitUntil: 'networkidle' });
    expect(res?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    await page.getByText(text).first().waitFor({ state: 'visible' });
    await page.waitForTimeout(500);
    expect(violations).toEqual([]);
  });

  it('the signed-in console and the H5 member card run with no CSP violation', async () => {
    const consolePage = await session.newPage('desktop');
    const consoleViolations = collectViolations(consolePage);
    await consolePage.goto(`${session.url}/console/`);
    await consolePage.locator('#username').fill(ADMIN.username);
    await consolePage.locator('#password').fill(ADMIN.password);
    await consolePage.locator('[data-testid=login-submit]').click();
    await consolePage.goto(`${session.url}/console/#/members`);
    await consolePage.getByText('会员').first().waitFor({ state: 'visible' });
    await consolePage.waitForLoadState('networkidle');
    await screenshot(consolePage, 'csp-console-members');
    expect(consoleViolations).toEqual([]);

    const openid = testOpenid();
    await sandboxLogin(session.url, openid);
    const h5 = await session.newPage('mobile');
    const h5Violations = collectViolations(h5);
    await h5.goto(`${session.url}/h5/#/pages/card/index?openid=${openid}`);
    await h5.locator('canvas, img').first().waitFor({ state: 'visible' });
    await h5.waitForLoadState('networkidle');
    await screenshot(h5, 'csp-h5-card');
    expect(h5Violations).toEqual([]);
  });
});
