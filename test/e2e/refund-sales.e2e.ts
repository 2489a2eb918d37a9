import type { Locator, Page } from 'playwright-core';
import { formatCny, type PurchaseResult, type ShiftSummary } from '@member/shared';
import { ringUpSale } from '../fixtures/sale-setup';
import {
  ADMIN,
  api,
  expectText,
  sandboxLogin,
  screenshot,
  settle,
  storeWithClerk,
  testOpenid,
  useBrowserSession,
  visible,
  waitForTaroPageSettled,
} from './support';

jest.setTimeout(180_000);

// 退款 starts from today's sales; a bill paid partly with points is refunded in part; 今日交班 agrees with
// the API. Then the H5 shell: a back button on sub-pages, pickers above the tab bar, `/` and the favicons.
// Default rules: 1 point per paid yuan, 100-point sign-up bonus, 100 points = ¥1, at most 50 % of a bill.
describe('refund from today’s sales, and the H5 shell', () => {
  const session = useBrowserSession();
  const clerkOpenid = testOpenid();
  let clerkToken = '';
  let emptyStoreOpenid = '';
  let mixed: PurchaseResult;
  let page: Page;

  const post = <T>(path: string, body: unknown, token: string) => api<T>(session.url, 'POST', path, body, token);
  const cardCode = async (memberToken: string) =>
    (await api<{ code: string }>(session.url, 'GET', '/api/v1/me/card', undefined, memberToken)).code;
  const sell = (memberToken: string, receiptNo: string, amountFen: number, pointsToUse?: number) =>
    ringUpSale(cardCode, post, { staffToken: clerkToken, memberToken, amountFen, receiptNo, pointsToUse });

  beforeAll(async () => {
    const admin = (await post<{ token: string }>('/api/v1/admin/auth/login', ADMIN, '')).token;
    clerkToken = await storeWithClerk(session.url, admin, { name: '测试E2E031店', code: 'E2E031' }, clerkOpenid);
    emptyStoreOpenid = testOpenid();
    await storeWithClerk(session.url, admin, { name: '测试E2E032店', code: 'E2E032' }, emptyStoreOpenid);

    const buyer = (await sandboxLogin(session.url, testOpenid())).token;
    await api(session.url, 'PATCH', '/api/v1/me', { nickname: '一位名字特别特别长的会员🐶' }, buyer);
    await sell(buyer, 'E2E-S1', 60_000); // 100 bonus + 600 earned
    // Long numbers on the list and on 今日交班: ¥99,999.99, and 999,999 points earned on ¥999,999.99.
    await sell(buyer, 'E2E-BIG', 9_999_999);
    await sell(buyer, 'E2E-HUGE', 99_999_999);
    // ¥120.00 paid with 600 points (¥6.00) and ¥114.00 cash.
    mixed = await sell(buyer, 'E2E-MIX-7', 12_000, 600);
    expect(mixed).toMatchObject({ pointsUsed: 600, deductionFen: 600, payableFen: 11_400 });
  }, 120_000);

  it('the clerk opens 退款 on today’s sales, finds the mixed bill and refunds part of it', async () => {
    page = await session.newPage();
    await page.setViewportSize({ width: 375, height: 812 });
    await page.goto(`${session.url}/h5/#/pages/mine/index?openid=${clerkOpenid}`);
    const entry = page.locator('#staff-entry .nut-cell');
    await expectText(entry, /店员入口/);
    await entry.click();
    await page.waitForURL(/packages\/staff\/scan\/index/);
    await waitForTaroPageSettled(page);
    await visible(page, '#staff-tool-refund').click();
    await page.waitForURL(/packages\/staff\/refund\/index/);
    await waitForTaroPageSettled(page);

    // Newest first.
    const rows = visible(page, '#sales').locator('.sales__item');
    await expectText(visible(page, '#sales-total'), /^共 4 笔$/);
    expect(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-receipt')))).toEqual([
      'E2E-MIX-7',
      'E2E-HUGE',
      'E2E-BIG',
      'E2E-S1',
    ]);
    await expectText(rows.nth(0), /E2E-MIX-7[\s\S]*¥120\.00[\s\S]*现金 ¥114\.00 · 积分 600 分[\s\S]*可退 ¥120\.00/);
    await expectText(rows.nth(1), /¥999,999\.99[\s\S]*可退 ¥999,999\.99/);
    await expectText(rows.nth(2), /¥99,999\.99[\s\S]*可退 ¥99,999\.99/);
    for (const row of await rows.all()) await expectInside(row, row);
    await screenshot(page, 'refund-01-sales-list');

    await visible(page, '#sales-search input').fill('E2E-MI');
    await expectText(visible(page, '#sales-total'), /^找到 1 笔$/);
    await screenshot(page, 'refund-02-sales-search');
    await rows.first().click();

    // The form opens on that bill: whose it is and how it was paid.
    expect(await visible(page, '#refund-receipt input').inputValue()).toBe('E2E-MIX-7');
    await expectText(visible(page, '#refund-refundable'), /^可退 ¥120\.00$/);
    await expectText(visible(page, '#refund-tenders'), /现金支付\s*¥114\.00[\s\S]*积分抵扣\s*600 分（¥6\.00）/);
    // ¥40 of ¥120 returned: a third of the 600 points (200) and the rest in cash (¥38.00).
    await visible(page, '#refund-amount input').fill('40');
    await expectText(visible(page, '#refund-split'), /^退还现金 ¥38\.00\s*退回抵扣积分 200 分$/);
    await screenshot(page, 'refund-03-form-split');

    await visible(page, '#refund-submit').click();
    await expectText(visible(page, '#refund-confirm-text'), /退还现金 ¥38\.00[\s\S]*退回抵扣积分 200 分/);
    await screenshot(page, 'refund-04-confirm');
    await visible(page, '.nut-dialog-footer-ok').click();

    await expectText(visible(page, '#refund-amount-done'), /^¥38\.00$/);
    await expectText(visible(page, '#refund-result-cash'), /^¥38\.00$/);
    await expectText(visible(page, '#refund-result-returned'), /^200 分$/);
    await expectText(visible(page, '#refund-result-total'), /^¥40\.00$/);
    await screenshot(page, 'refund-05-result');
  });

  it('今日交班 shows what the API counts, long numbers included', async () => {
    await visible(page, '#refund-summary').click();
    await page.waitForURL(/packages\/staff\/summary\/index/);
    await waitForTaroPageSettled(page);
    const expected = await api<ShiftSummary>(session.url, 'GET', '/api/v1/staff/shift-summary', undefined, clerkToken);
    expect(expected.mine).toMatchObject({ purchases: 4, cashRefundedFen: 3_800, pointsReturned: 200, refunds: 1 });
    expect(expected.mine.pointsEarned).toBeGreaterThan(1_000_000);
    const mine = visible(page, '#summary-mine');
    const exact = (s: string) => new RegExp(`^${s.replace(/[.$()]/g, '\\$&')}$`);
    await expectText(mine.locator('[data-field=payable]'), exact(formatCny(expected.mine.payableFen)));
    await expectText(mine.locator('[data-field=refunds]'), exact(`-${formatCny(expected.mine.cashRefundedFen)}`));
    await expectText(mine.locator('[data-field=net]'), exact(formatCny(expected.mine.netCashFen)));
    await expectText(mine.locator('[data-field=returned]'), /^200$/);
    await expectText(mine.locator('[data-field=earned]'), exact(expected.mine.pointsEarned.toLocaleString('en-US')));
    await expectText(
      visible(page, '#summary-store-totals [data-field=net]'),
      exact(formatCny(expected.store.netCashFen)),
    );
    // Every figure stays inside its half of the card at 375 px.
    for (const cell of await mine.locator('.summary__cell').all()) await expectInside(cell, mine);
    await screenshot(page, 'refund-06-shift-summary');
  });

  it('sub-pages have a back button in H5; tab pages do not', async () => {
    const back = visible(page, '#nav-back');
    await expectText(visible(page, '.mp-navback'), /今日交班/);
    await screenshot(page, 'shell-01-back-button');
    await back.click();
    await page.waitForURL(/packages\/staff\/refund\/index/);
    await waitForTaroPageSettled(page);
    await expectText(visible(page, '#refund-result-cash'), /^¥38\.00$/);
    await visible(page, '#nav-back').click();
    await page.waitForURL(/packages\/staff\/scan\/index/);
    await waitForTaroPageSettled(page);
    await visible(page, '#nav-back').click();
    await page.waitForURL(/pages\/mine\/index/);
    await waitForTaroPageSettled(page);
    // The staff pages slide out and are dropped: no back control is left on screen on a tab page.
    await page.waitForFunction(() =>
      [...document.querySelectorAll('#nav-back')].every((b) => b.getBoundingClientRect().left >= window.innerWidth),
    );
  });

  it('a clerk of a store with no sales today sees the empty list with a next step', async () => {
    const empty = await session.newPage();
    await empty.setViewportSize({ width: 375, height: 812 });
    await empty.goto(`${session.url}/h5/#/packages/staff/refund/index?openid=${emptyStoreOpenid}`);
    await expectText(visible(empty, '#sales-empty'), /暂无今日消费[\s\S]*去收款[\s\S]*输入小票号/);
    await screenshot(empty, 'refund-07-sales-empty');
    // Typing a receipt no. stays possible.
    await visible(empty, '#sales-manual-empty').click();
    await visible(empty, '#refund-receipt input').fill('NO-SUCH-1');
    await expectText(visible(empty, '#refund-lookup-error'), /本店没有这张小票的消费记录/);
    // Nothing to refund yet: the primary button is disabled, in a lighter brand green.
    const submit = visible(empty, '#refund-submit');
    expect(await submit.getAttribute('class')).toMatch(/disabled/);
    expect(await submit.evaluate((b) => getComputedStyle(b).backgroundColor)).toBe('rgb(156, 230, 191)');
    await screenshot(empty, 'refund-08-manual-entry');
    // Opened directly (nothing to go back to): the back button leads home.
    await visible(empty, '#nav-back').click();
    await empty.waitForURL(/pages\/home\/index/);
  });

  it('a picker on 我的 opens above the tab bar', async () => {
    const member = await session.newPage();
    await member.setViewportSize({ width: 375, height: 812 });
    await member.goto(`${session.url}/h5/#/pages/mine/index?openid=${testOpenid()}`);
    const gender = member.locator('.nut-cell', { hasText: '性别' }).filter({ visible: true }).first();
    await gender.waitFor({ state: 'visible' });
    const privacy = member.locator('#privacy-prompt');
    if (await privacy.isVisible()) {
      await member.locator('#privacy-accept').click();
      await privacy.waitFor({ state: 'detached' });
    }
    await gender.click();
    const picker = visible(member, '.nut-popup-bottom');
    await picker.waitFor({ state: 'visible' });
    const sheet = await settle(picker);
    await screenshot(member, 'shell-02-picker-over-tabbar');
    const tabbar = await member.locator('.weui-tabbar').boundingBox();
    expect(sheet && tabbar && sheet.y + sheet.height <= tabbar.y + 1).toBe(true);
    // What is on top at the sheet's buttons is the sheet, not the tab bar or the overlay.
    const onTop = await member.evaluate(
      ([x, y]) => !!document.elementFromPoint(x, y)?.closest('.nut-popup-bottom'),
      [sheet!.x + sheet!.width / 2, sheet!.y + sheet!.height - 20],
    );
    expect(onTop).toBe(true);
  });

  it('`/` leads to the apps, /api stays JSON, and both apps have a favicon', async () => {
    const root = await fetch(`${session.url}/`);
    expect(root.status).toBe(200);
    expect(root.headers.get('content-type')).toMatch(/text\/html/);
    const html = await root.text();
    expect(html).toMatch(
      /href="\/h5\/"[\s\S]*会员小程序[\s\S]*href="\/console\/"[\s\S]*运营后台[\s\S]*href="\/api\/docs"/,
    );
    const missing = await fetch(`${session.url}/api/v1/nope`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { code: string }).code).toBe('NOT_FOUND');

    for (const app of ['h5', 'console']) {
      const icon = await fetch(`${session.url}/${app}/favicon.svg`);
      expect([app, icon.status, icon.headers.get('content-type')]).toEqual([app, 200, 'image/svg+xml']);
      const index = await (await fetch(`${session.url}/${app}/`)).text();
      expect(index).toContain(`<link rel="icon" type="image/svg+xml" href="/${app}/favicon.svg"`);
    }
    const landing = await session.newPage();
    await landing.setViewportSize({ width: 375, height: 812 });
    await landing.goto(`${session.url}/`);
    await landing.getByText('运营后台').click();
    await landing.waitForURL(/\/console\//);
    await landing.goto(`${session.url}/`);
    await screenshot(landing, 'shell-03-landing');
  });
});

/** Every text inside `el` ends within `container` (long figures wrap instead of overflowing). */
async function expectInside(el: Locator, container: Locator): Promise<void> {
  const outer = (await container.boundingBox())!;
  const right = await el.evaluate((node) =>
    Math.max(...[...node.querySelectorAll('*')].map((c) => c.getBoundingClientRect().right)),
  );
  expect(right).toBeLessThanOrEqual(outer.x + outer.width);
}
