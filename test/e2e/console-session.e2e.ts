import { ADMIN, expectText, screenshot, useBrowserSession } from './support';

jest.setTimeout(120_000);

// The console keeps nothing a script could read: the access token lives in the page's memory, the refresh
// token in an httpOnly cookie only the auth routes see. A reload still finds the operator signed in.
describe('console: session survives a reload with nothing in storage', () => {
  const session = useBrowserSession();

  it('signs in, reloads signed in, keeps no token in localStorage or sessionStorage, and logs out for good', async () => {
    const page = await session.newPage('desktop');
    await page.goto(`${session.url}/console/#/login`);
    await page.locator('#username').fill(ADMIN.username);
    await page.locator('#password').fill(ADMIN.password);
    await page.locator('[data-testid=login-submit]').click();
    await page.waitForURL(/#\/welcome/);

    const cookies = await page.context().cookies(`${session.url}/api/v1/admin/auth/refresh`);
    const refresh = cookies.find((c) => c.name === 'console_refresh');
    expect(refresh).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api/v1/admin/auth' });
    // Not sent to (nor readable on) the console's own pages.
    expect(await page.evaluate(() => document.cookie)).not.toContain('console_refresh');

    await page.goto(`${session.url}/console/#/operators`);
    await page.reload();
    await page.locator('[data-testid=operator-menu]').waitFor();
    expect(page.url()).toMatch(/#\/operators/);
    // The reloaded page's API calls carry the access token the refresh cookie got it.
    await expectText(page.locator('.ant-table-row').first(), /admin/);

    const stored = await page.evaluate(() => {
      const dump = (s: Storage) =>
        Object.fromEntries(Array.from({ length: s.length }, (_, i) => s.key(i)!).map((k) => [k, s.getItem(k)]));
      return { local: dump(localStorage), session: dump(sessionStorage) };
    });
    const everything = JSON.stringify(stored);
    // No JWT (three base64url parts starting eyJ) and not the refresh token.
    expect(everything).not.toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]+/);
    expect(everything).not.toContain(refresh!.value);
    expect(Object.keys(stored.session)).toEqual([]);
    // At most UI preferences: no token, device proof or session of any kind.
    expect(Object.keys(stored.local).filter((k) => /token|device|auth|session/i.test(k))).toEqual([]);
    // Shown beside the page in the screenshot: what storage holds after the reload.
    await page.evaluate(
      (text) => {
        const note = document.createElement('pre');
        note.setAttribute('data-testid', 'storage-dump');
        note.style.cssText =
          'position:fixed;right:16px;bottom:16px;z-index:9999;max-width:560px;white-space:pre-wrap;background:#fffbe6;border:1px solid #faad14;padding:8px;font-size:12px';
        note.textContent = `刷新后 localStorage / sessionStorage：\n${text}`;
        document.body.appendChild(note);
      },
      JSON.stringify(stored, null, 1),
    );
    await screenshot(page, 'console-session-01-reloaded-signed-in');
    await page.evaluate(() => document.querySelector('[data-testid=storage-dump]')?.remove());

    await page.locator('[data-testid=operator-menu]').hover();
    await page.getByRole('menuitem', { name: '退出登录' }).click();
    await page.waitForURL(/#\/login/);
    const after = await page.context().cookies(`${session.url}/api/v1/admin/auth/refresh`);
    expect(after.find((c) => c.name === 'console_refresh')).toBeUndefined();
    await page.goto(`${session.url}/console/#/members`);
    await page.reload();
    await page.waitForURL(/#\/login/);
    await expectText(page.locator('[data-testid=login-submit]'), /登\s*录/);
  });

  it('renews the access token by itself a minute before it expires, rotating the cookie', async () => {
    const page = await session.newPage('desktop');
    // The page's own timers, faked: nine minutes pass in an instant (the server's clock is untouched).
    await page.clock.install();
    await page.goto(`${session.url}/console/#/login`);
    await page.locator('#username').fill(ADMIN.username);
    await page.locator('#password').fill(ADMIN.password);
    await page.locator('[data-testid=login-submit]').click();
    await page.waitForURL(/#\/welcome/);
    const cookie = async () =>
      (await page.context().cookies(`${session.url}/api/v1/admin/auth/refresh`)).find(
        (c) => c.name === 'console_refresh',
      )?.value;
    const before = await cookie();

    const renewed = page.waitForResponse((r) => r.url().endsWith('/api/v1/admin/auth/refresh'));
    await page.clock.fastForward('09:05');
    expect((await renewed).status()).toBe(200);
    // The response's Set-Cookie lands in the jar as the response completes.
    for (let i = 0; i < 50 && (await cookie()) === before; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await cookie()).not.toBe(before);
    await page.goto(`${session.url}/console/#/operators`);
    await expectText(page.locator('.ant-table-row').first(), /admin/);

    // An access token refused anyway (here: the first call answered 401 on the way): the console refreshes
    // once and repeats the call, and the operator notices nothing.
    let refused = false;
    await page.route('**/api/v1/admin/operators', (route) => {
      if (refused) return route.continue();
      refused = true;
      return route.fulfill({
        status: 401,
        contentType: 'application/json',
        body: JSON.stringify({ code: 'UNAUTHENTICATED', message: '请先登录' }),
      });
    });
    const again = page.waitForResponse((r) => r.url().endsWith('/api/v1/admin/auth/refresh'));
    await page.getByRole('menuitem', { name: '概览' }).click();
    await page.getByRole('menuitem', { name: '运营账号' }).click();
    expect((await again).status()).toBe(200);
    await expectText(page.locator('.ant-table-row').first(), /admin/);
    expect(refused).toBe(true);
    expect(page.url()).toMatch(/#\/operators/);
  });
});
