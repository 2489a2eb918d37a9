import type { LiabilityReport, ReconRun } from '@member/shared';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import {
  ADMIN,
  api,
  consoleLogin,
  expectText,
  followConsoleMenu,
  screenshot,
  storeWithClerk,
  useBrowserSession,
} from './support';
import { activePlan, memberWithPhone, orderTopup, waitPaid } from './wallet-support';

jest.setTimeout(240_000);

// Issue 11 item 6, console: 储值 → 对账 and 储值负债. Members top up through the WeChat Pay sandbox; one
// payment's notification never arrives. An operator reconciles today's bill: the 掉单 is credited once and
// listed as 掉单已补 beside the matched lines. A counter sale pays with stored value. The liability report
// shows the statement split principal/bonus, ties out with the ledger (green), groups by store (online
// top-ups apart from the store's spend) and by member, exports CSV and draws the daily balance. Analysts
// read without 重新对账 and without the per-member statement.
const OPERATOR = { username: 'ops-finance', password: 'Finance-Passw0rd!', displayName: '财务运营' };
const ANALYST = { username: 'ana-finance', password: 'Finance-Passw0rd!', displayName: '财务分析' };

describe('console: 储值 reconciliation and liability report', () => {
  const session = useBrowserSession();
  let adminToken = '';
  let staffToken = '';
  let page: Page;
  /** The Shanghai business day the payments were made on (set once they are). */
  let today = '';
  let lost = '';

  const post = <T>(path: string, body: unknown, token?: string) => api<T>(session.url, 'POST', path, body, token);
  const get = <T>(path: string, token: string) => api<T>(session.url, 'GET', path, undefined, token);

  beforeAll(async () => {
    ({ token: adminToken } = await post<{ token: string }>('/api/v1/admin/auth/login', ADMIN));
    await post('/api/v1/admin/operators', { ...OPERATOR, role: 'operator' }, adminToken);
    await post('/api/v1/admin/operators', { ...ANALYST, role: 'analyst' }, adminToken);
    // A store with a clerk, for the counter sale.
    staffToken = await storeWithClerk(session.url, adminToken, { name: '南京西路店', code: 'E2EF01' });

    const planId = await activePlan(session.url, adminToken, {
      name: '充500送50',
      payFen: 50_000,
      bonusFen: 5_000,
      sortOrder: 1,
    });
    const a = await memberWithPhone(session.url, '13700002222');
    const b = await memberWithPhone(session.url, '13700003333');
    const first = await orderTopup(session.url, a.token, { planId });
    await post(`/sandbox/pay/transactions/${first.outTradeNo}/pay`, {});
    await waitPaid(session.url, a.token, first.outTradeNo);
    // B pays, but the notification is held back a minute and nobody asks WeChat: a 掉单 until reconciled.
    const second = await orderTopup(session.url, b.token, { planId });
    await post(`/sandbox/pay/transactions/${second.outTradeNo}/pay`, { delayMs: 60_000 });
    lost = second.outTradeNo;

    // A pays ¥88.88 of a ¥120 bill with stored value at the counter.
    const { code: memberCode } = await get<{ code: string }>('/api/v1/me/card', a.token);
    const { checkoutId } = await post<{ checkoutId: number }>('/api/v1/staff/checkouts', { memberCode }, staffToken);
    await post(
      '/api/v1/staff/purchases',
      { checkoutId, receiptNo: `EF${Date.now()}`, amountFen: 12_000, walletFen: 8_888 },
      staffToken,
    );
    // Read after the payments, not when the file loads: a run starting just before Shanghai's midnight
    // pays on the next day (a CI failure at 16:04 UTC reconciled the day before the payments).
    const { now } = await api<{ now: string }>(session.url, 'GET', '/sandbox/clock');
    today = new Date(Date.parse(now) + 8 * 3600_000).toISOString().slice(0, 10);
  }, 120_000);

  it('reconciles today: the lost payment is credited and listed as 掉单已补', async () => {
    page = await session.newPage('desktop');
    await consoleLogin(session.url, page, OPERATOR);
    await followConsoleMenu(page, /储值/, /^对账$/, /#\/wallet\/reconciliations$/);
    await expectText(page.locator('.ant-page-header, .ant-pro-page-container').first(), /对账/);

    const dateInput = page.locator('[data-testid=recon-date] input');
    await dateInput.click();
    await dateInput.fill(today);
    await dateInput.press('Enter');
    await page.locator('[data-testid=recon-run]').click();
    await page
      .locator('.ant-popconfirm')
      .getByRole('button', { name: /重新对账/ })
      .click();
    await page.waitForURL(/#\/wallet\/reconciliations\/\d+/);
    const summary = page.locator('[data-testid=recon-summary]');
    await expectText(summary, /已平[\s\S]*2 笔 · ¥1,000\.00[\s\S]*2 笔 · ¥1,000\.00[\s\S]*掉单已补[\s\S]*1 笔/);
    const repaired = page.locator(`tr[data-testid=recon-item][data-no="${lost}"]`);
    await expectText(repaired, /掉单已补[\s\S]*¥500\.00[\s\S]*¥500\.00[\s\S]*掉单已补：按微信支付查询结果入账/);
    await expect(page.locator('tr[data-testid=recon-item][data-status=MATCHED]').count()).resolves.toBe(1);
    await screenshot(page, 'console-wallet-finance-01-recon-detail');

    // The filter shows the repaired line alone.
    await page.getByRole('tab', { name: '掉单已补' }).click();
    await page.locator('tr[data-testid=recon-item][data-status=MATCHED]').waitFor({ state: 'detached' });
    await expect(page.locator('tr[data-testid=recon-item]').count()).resolves.toBe(1);

    // The list: bill vs ours, repaired count.
    await page.getByRole('menuitem', { name: /^对账$/ }).click();
    const row = page.locator(`tr[data-testid=recon-row][data-date="${today}"]`);
    await expectText(
      row,
      new RegExp(
        `${today}[\\s\\S]*已平[\\s\\S]*2 笔 · ¥1,000\\.00[\\s\\S]*2 笔 · ¥1,000\\.00[\\s\\S]*¥0\\.00[\\s\\S]*1[\\s\\S]*运营手动`,
      ),
    );
    await screenshot(page, 'console-wallet-finance-02-recon-list');

    const runs = await get<{ items: ReconRun[] }>('/api/v1/admin/wallet/reconciliations', adminToken);
    expect(runs.items[0]).toMatchObject({ billDate: today, status: 'BALANCED', repairedCount: 1, matchedCount: 1 });
  });

  it('states the liability, ties it out with the ledger, groups by store and member, and exports CSV', async () => {
    await page.getByRole('menuitem', { name: /储值负债/ }).click();
    await page.waitForURL(/#\/wallet\/liability/);
    await expectText(page.locator('[data-testid=liability-tieout]'), /已与账本核对一致[\s\S]*¥1,011\.12/);
    const statement = page.locator('[data-testid=liability-statement]');
    // Two ¥500 + ¥50 top-ups, ¥88.88 spent (in proportion to 50,000 : 5,000: ¥80.80 principal, ¥8.08 bonus).
    await expectText(
      statement.locator('tr[data-line=topups]'),
      /本金充值[\s\S]*¥1,000\.00[\s\S]*¥0\.00[\s\S]*¥1,000\.00/,
    );
    await expectText(
      statement.locator('tr[data-line=bonusGranted]'),
      /赠送[\s\S]*¥0\.00[\s\S]*¥100\.00[\s\S]*¥100\.00/,
    );
    await expectText(statement.locator('tr[data-line=spent]'), /消费[\s\S]*¥80\.80[\s\S]*¥8\.08[\s\S]*¥88\.88/);
    await expectText(
      statement.locator('tr[data-line=closing]'),
      /期末余额[\s\S]*¥919\.20[\s\S]*¥91\.92[\s\S]*¥1,011\.12/,
    );
    await expectText(page.locator('[data-testid=liability-custody]'), /存管要求[\s\S]*40% ×/);
    await page.locator('.ant-pro-card canvas').first().waitFor();
    await screenshot(page, 'console-wallet-finance-03-liability');

    const report = await get<LiabilityReport>(`/api/v1/admin/wallet/liability?asOf=${today}`, adminToken);
    expect(report.tieOut).toMatchObject({ matches: true, closingFen: 101_112, systemAccountsFen: 101_112 });

    await page.locator('[data-testid=liability-group]').getByText('门店').click();
    const online = page.locator('tr[data-testid=liability-row][data-key=online]');
    await expectText(online, /线上充值[\s\S]*¥1,000\.00[\s\S]*¥100\.00/);
    await expectText(
      page.locator('tr[data-testid=liability-row]').filter({ hasText: '南京西路店' }),
      /南京西路店[\s\S]*¥80\.80[\s\S]*¥8\.08/,
    );
    await screenshot(page, 'console-wallet-finance-04-by-store');

    await page.locator('[data-testid=liability-group]').getByText('会员').click();
    await expectText(page.locator('[data-testid=liability-groups]'), /会员号[\s\S]*合计/);
    await expect(page.locator('tr[data-testid=liability-row]').count()).resolves.toBe(3); // two members + 合计
    await screenshot(page, 'console-wallet-finance-05-by-member');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-testid=liability-export]').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^储值负债_\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv).toContain('期末合计（元）');
    expect(csv).toContain('1011.12');
  });

  it('lets analysts read the reports without 重新对账 or the per-member statement', async () => {
    const analystPage = await session.newPage('desktop');
    await consoleLogin(session.url, analystPage, ANALYST);
    await analystPage.goto(`${session.url}/console/#/wallet/reconciliations`);
    await analystPage.locator(`tr[data-testid=recon-row][data-date="${today}"]`).waitFor();
    await expect(analystPage.locator('[data-testid=recon-run]').count()).resolves.toBe(0);
    await analystPage.goto(`${session.url}/console/#/wallet/liability`);
    await expectText(analystPage.locator('[data-testid=liability-tieout]'), /已与账本核对一致/);
    const memberOption = analystPage
      .locator('[data-testid=liability-group] .ant-segmented-item')
      .filter({ hasText: '会员' });
    await expect(memberOption.getAttribute('class')).resolves.toMatch(/disabled/);
    await screenshot(analystPage, 'console-wallet-finance-06-analyst');
  });

  it('takes its default dates from the Beijing business day in a UTC browser (01:30 in Beijing, 17:30 UTC the day before)', async () => {
    // The browser's own "today" is the day before from 00:00 to 08:00 Beijing when it runs in UTC: the
    // liability report's as-of day and 重新对账's "yesterday" must still be Beijing's.
    const utc = await session.newPage('desktop', { timezoneId: 'UTC' });
    await utc.clock.install({ time: new Date('2026-06-01T17:30:00Z') });
    await consoleLogin(session.url, utc, OPERATOR);
    await followConsoleMenu(utc, /储值/, /储值负债/, /#\/wallet\/liability/);
    // (antd puts the test id on the range's first input: both are read from the picker around it.)
    const range = utc.locator('.ant-picker:has([data-testid=liability-range]) input');
    await range.nth(1).waitFor();
    expect([await range.nth(0).inputValue(), await range.nth(1).inputValue()]).toEqual(['2026-05-04', '2026-06-02']);
    await followConsoleMenu(utc, /储值/, /^对账$/, /#\/wallet\/reconciliations$/);
    const day = utc.locator('[data-testid=recon-date] input');
    await day.waitFor();
    expect(await day.inputValue()).toBe('2026-06-01');
  });
});
