import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import {
  ADMIN,
  api,
  consoleLogin,
  expectText,
  followConsoleMenu,
  openConsole,
  screenshot,
  useBrowserSession,
} from './support';
import { activePlan, memberWithPhone, orderTopup, payAndWait } from './wallet-support';

jest.setTimeout(240_000);

// Issue 11 item 8, console: refunds of unspent principal. An operator opens a member's stored value from
// 充值订单, refunds part of the principal back through WeChat Pay (the forfeited bonus previewed with the
// server's formula), sees it 退款中, and — once the WeChat Pay sandbox settles it — 已退款 in 退款记录 and
// in the member's drawer; the records download as CSV.
const OPERATOR = { username: 'ops-refund', password: 'Refund-Passw0rd!', displayName: '退款运营' };

describe('console: 储值 principal refunds', () => {
  const session = useBrowserSession();
  let adminToken = '';
  let page: Page;
  let member = { token: '', memberNo: '' };
  let outTradeNo = '';

  const post = <T>(path: string, body: unknown, token?: string) => api<T>(session.url, 'POST', path, body, token);

  beforeAll(async () => {
    ({ token: adminToken } = await post<{ token: string }>('/api/v1/admin/auth/login', ADMIN));
    await post('/api/v1/admin/operators', { ...OPERATOR, role: 'operator' }, adminToken);
    const planId = await activePlan(session.url, adminToken, {
      name: '充300送30',
      payFen: 30_000,
      bonusFen: 3_000,
      sortOrder: 1,
    });
    // A member with a bound phone pays a 充300送30 top-up in the sandbox; our server credits it.
    member = await memberWithPhone(session.url, '13600003333');
    ({ outTradeNo } = await orderTopup(session.url, member.token, { planId }));
    await payAndWait(session.url, member.token, outTradeNo);
  }, 120_000);

  it("refunds part of a member's principal from 充值订单 and shows it 退款中", async () => {
    page = await session.newPage('desktop');
    await consoleLogin(session.url, page, OPERATOR);
    // Through the menu, as an operator would; then the member's orders by URL filter.
    await followConsoleMenu(page, /储值/, /充值订单/, /#\/wallet\/topups/);
    await openConsole(session.url, page, `/wallet/topups?memberNo=${member.memberNo}`);
    const row = page.locator(`tr[data-testid=topup-row][data-out-trade-no="${outTradeNo}"]`);
    await row.locator('[data-testid=topup-member-wallet]').click();

    const drawer = page.locator('.ant-drawer-content').filter({ visible: true });
    const wallet = drawer.locator('[data-testid=member-wallet]');
    await expectText(
      wallet,
      /储值余额\s*¥330\.00[\s\S]*本金\s*¥300\.00[\s\S]*赠送\s*¥30\.00[\s\S]*可原路退回\s*¥300\.00[\s\S]*仅可线下退还\s*¥0\.00/,
    );
    await expectText(wallet, new RegExp(`${outTradeNo}[\\s\\S]*¥300\\.00[\\s\\S]*¥300\\.00[\\s\\S]*已到账`));
    await screenshot(page, 'console-wallet-refunds-01-member-wallet');

    await drawer.locator('[data-testid=wallet-refund]').click();
    const modal = page.locator('.ant-modal-content').filter({ visible: true });
    // The whole principal WeChat can refund is offered, with the whole bonus forfeited.
    await expect(modal.locator('[data-testid=wallet-refund-amount]').inputValue()).resolves.toBe('300.00');
    await expectText(modal.locator('[data-testid=wallet-refund-preview]'), /退还本金 ¥300\.00，同时作废赠送金 ¥30\.00/);
    await modal.locator('[data-testid=wallet-refund-amount]').fill('123.45');
    // 30.00 × 123.45 / 300.00 = 12.345 → ¥12.34 (half rounds down): the server's own formula.
    await expectText(modal.locator('[data-testid=wallet-refund-preview]'), /退还本金 ¥123\.45，同时作废赠送金 ¥12\.34/);
    await modal.locator('[data-testid=wallet-refund-submit]').click();
    await expectText(modal, /请填写退款原因/);
    await modal.locator('[data-testid=wallet-refund-reason]').fill('会员搬家，申请退还部分储值');
    await modal.getByText('请填写退款原因').waitFor({ state: 'hidden' });
    await screenshot(page, 'console-wallet-refunds-02-refund-form');
    await modal.locator('[data-testid=wallet-refund-submit]').click();
    await expectText(page.locator('.ant-message'), /已提交微信支付退款 ¥123\.45，共 1 笔/);
    await modal.waitFor({ state: 'hidden' });

    await expectText(wallet, /储值余额\s*¥194\.21[\s\S]*本金\s*¥176\.55[\s\S]*赠送\s*¥17\.66/);
    const refundRow = wallet.locator('[data-testid=member-wallet-refund-row]');
    await expectText(refundRow, /¥123\.45 \/ ¥12\.34[\s\S]*原路退回[\s\S]*退款中[\s\S]*会员搬家/);
    await page.locator('.ant-message-notice').waitFor({ state: 'hidden' });
    await screenshot(page, 'console-wallet-refunds-03-processing');
  });

  it('shows 已退款 once WeChat Pay settles it, in 退款记录 and the CSV', async () => {
    await openConsole(session.url, page, `/wallet/refunds?memberNo=${member.memberNo}`);
    const row = page.locator('tr[data-testid=refund-row]');
    await expectText(row, /退款中/);
    const outRefundNo = (await row.first().getAttribute('data-no'))!;
    expect(outRefundNo).toMatch(/^R\d{22}01$/);

    await post(`/sandbox/pay/refunds/${outRefundNo}/settle`, { status: 'SUCCESS' });
    const done = page.locator(`tr[data-testid=refund-row][data-no="${outRefundNo}"][data-status=SUCCESS]`);
    // The notification settles it within moments; the page shows it on the next load.
    for (let i = 0; i < 20 && !(await done.count()); i++) {
      await page.waitForTimeout(300);
      await openConsole(session.url, page, `/wallet/refunds?memberNo=${member.memberNo}`);
      await row.first().waitFor();
    }
    await expectText(
      done,
      new RegExp(
        `${outRefundNo}[\\s\\S]*${member.memberNo}[\\s\\S]*¥123\\.45[\\s\\S]*¥12\\.34[\\s\\S]*已退款[\\s\\S]*${outTradeNo}`,
      ),
    );
    await screenshot(page, 'console-wallet-refunds-04-records');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-testid=refund-export]').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^储值退款_\d{8}_\d{4}\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv).toContain(outRefundNo);
    expect(csv).toMatch(/原路退回,123\.45,12\.34,已退款,会员搬家/);

    // The member's drawer from the record shows the same.
    await row.first().locator('[data-testid=refund-member]').click();
    const wallet = page.locator('.ant-drawer-content').filter({ visible: true }).locator('[data-testid=member-wallet]');
    await expectText(wallet.locator('[data-testid=member-wallet-refund-row]'), /已退款/);
    await expectText(wallet, /可原路退回\s*¥176\.55/);
    await page.waitForTimeout(500); // the drawer has slid in
    await screenshot(page, 'console-wallet-refunds-05-drawer-settled');
  });
});
