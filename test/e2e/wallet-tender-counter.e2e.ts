import type { Page } from 'playwright-core';
import type { ShiftSummary, StaffPurchaseDetail, WalletSummary } from '@member/shared';
import {
  ADMIN,
  api,
  expectText,
  screenshot,
  settle,
  storeWithClerk,
  testOpenid,
  useBrowserSession,
  visible,
  waitForTaroPageSettled,
} from './support';
import { activePlan, memberWithPhone, orderTopup, payAndWait } from './wallet-support';

jest.setTimeout(180_000);

// Stored value at the counter: a member tops up 充100送10 through the sandbox's WeChat Pay (¥100 principal,
// ¥10 bonus) → the clerk scans the card, types ¥50, pays ¥30 of it from the wallet (¥27.27 principal,
// ¥2.73 bonus in proportion) and takes ¥20 cash → the refund of the whole bill puts ¥30 back into the
// wallet and hands back ¥20 cash → the shift summary shows both.
describe('stored value at the counter', () => {
  const session = useBrowserSession();
  const clerkOpenid = testOpenid();
  const buyerOpenid = testOpenid();
  let adminToken = '';
  let clerkToken = '';
  let buyerToken = '';
  let page: Page;

  const post = <T>(path: string, body: unknown, token: string) => api<T>(session.url, 'POST', path, body, token);
  const get = <T>(path: string, token: string) => api<T>(session.url, 'GET', path, undefined, token);
  const wallet = () => get<WalletSummary>('/api/v1/me/wallet', buyerToken);

  beforeAll(async () => {
    adminToken = (await post<{ token: string }>('/api/v1/admin/auth/login', ADMIN, '')).token;
    clerkToken = await storeWithClerk(session.url, adminToken, { name: '储值测试店', code: 'E2EW01' }, clerkOpenid);

    // A registered balance needs a bound phone; then 充100送10, paid in the sandbox, credited by its notification.
    ({ token: buyerToken } = await memberWithPhone(session.url, `139${String(Date.now()).slice(-8)}`, buyerOpenid));
    const planId = await activePlan(session.url, adminToken, {
      name: '充100送10',
      payFen: 10_000,
      bonusFen: 1000,
      sortOrder: 1,
    });
    const order = await orderTopup(session.url, buyerToken, { planId });
    await payAndWait(session.url, buyerToken, order.outTradeNo);
    expect(await wallet()).toMatchObject({ balanceFen: 11_000, principalFen: 10_000, bonusFen: 1000 });
  }, 120_000);

  it('the clerk takes ¥30 of a ¥50 bill from the wallet, in proportion between principal and bonus', async () => {
    const card = await session.newPage();
    await card.goto(`${session.url}/h5/#/pages/card/index?openid=${buyerOpenid}`);
    await waitForTaroPageSettled(card);
    await expectText(card.locator('#card-code'), /^\d{4}( \d{4}){3} \d{2}$/);
    const memberCode = (await card.locator('#card-code').innerText()).replace(/\s/g, '');

    page = await session.newPage();
    await page.goto(`${session.url}/h5/#/packages/staff/scan/index?openid=${clerkOpenid}`);
    await waitForTaroPageSettled(page);
    await visible(page, '#staff-code-input input').fill(memberCode);
    await page.waitForFunction(() => !document.querySelector('#staff-lookup-submit')?.className.includes('disabled'));
    await visible(page, '#staff-lookup-submit').click();
    await page.waitForURL(/packages\/staff\/member\/index/);
    await waitForTaroPageSettled(page);
    await visible(page, '#lookup-purchase').click();
    await page.waitForURL(/packages\/staff\/purchase\/index/);
    await waitForTaroPageSettled(page);

    await visible(page, '#purchase-amount input').fill('50');
    await expectText(
      visible(page, '#purchase-wallet-balance'),
      /^余额 ¥110\.00（本金 ¥100\.00 \/ 赠送 ¥10\.00），本单最多 ¥50\.00$/,
    );
    // 全额 takes what is left (¥50), typing brings it to ¥30; the payable follows live.
    await visible(page, '#purchase-wallet-all').click();
    await expectText(visible(page, '#purchase-payable-preview'), /^¥0\.00$/);
    await visible(page, '#purchase-wallet input').fill('30');
    await expectText(visible(page, '#purchase-wallet-preview'), /^−¥30\.00$/);
    await expectText(visible(page, '#purchase-payable-preview'), /^¥20\.00$/);
    // More than the bill is brought down to it.
    await visible(page, '#purchase-wallet input').fill('80');
    await expectText(visible(page, '#purchase-wallet-preview'), /^−¥50\.00$/);
    await visible(page, '#purchase-wallet input').fill('30');
    await expectText(visible(page, '#purchase-submit'), /收款 ¥20\.00/);
    await screenshot(page, 'wallet-tender-01-checkout');

    await visible(page, '#purchase-submit').click();
    await expectText(visible(page, '#confirm-wallet'), /^−¥30\.00$/);
    await expectText(visible(page, '#confirm-payable'), /^¥20\.00$/);
    await settle(visible(page, '#purchase-confirm'));
    await screenshot(page, 'wallet-tender-02-confirm');
    await visible(page, '#purchase-confirm-submit').click();

    await expectText(visible(page, '#purchase-paid'), /^¥20\.00$/);
    await expectText(visible(page, '#purchase-wallet'), /^−¥30\.00$/);
    await expectText(visible(page, '#purchase-wallet-split'), /本金 ¥27\.27 \/ 赠送 ¥2\.73/);
    await expectText(visible(page, '#purchase-wallet-balance'), /^¥80\.00$/);
    // Stored value earns like cash: ¥50 paid, 50 points.
    await expectText(visible(page, '#purchase-earned'), /^\+50$/);
    await screenshot(page, 'wallet-tender-03-result');
    // The member's card shows the sale with the stored value paid and what is left.
    const sheet = card.locator('#card-sale-sheet');
    await expectText(sheet.locator('#sale-wallet'), /^−¥30\.00$/);
    await expectText(sheet.locator('#sale-wallet-balance'), /^¥80\.00$/);
    await expectText(sheet.locator('#sale-paid'), /^¥20\.00$/);
    await screenshot(card, 'wallet-tender-03b-member-sheet');
    expect(await wallet()).toMatchObject({ balanceFen: 8000, principalFen: 10_000 - 2727, bonusFen: 1000 - 273 });
  });

  it('refunding the whole bill puts ¥30 back into the wallet and hands back ¥20 cash', async () => {
    await visible(page, '#purchase-refund').click();
    await page.waitForURL(/packages\/staff\/refund\/index/);
    await waitForTaroPageSettled(page);
    await expectText(visible(page, '#refund-tender-wallet'), /¥30\.00（本金 ¥27\.27 \/ 赠送 ¥2\.73）/);
    await visible(page, '#refund-fill-all').click();
    await expectText(visible(page, '#refund-split'), /退还现金 ¥20\.00[\s\S]*退回会员储值 ¥30\.00（不退现金）/);
    await screenshot(page, 'wallet-tender-04-refund-form');
    await visible(page, '#refund-submit').click();
    await visible(page, '.nut-dialog-footer-ok').click();
    await expectText(visible(page, '#refund-result-cash'), /^¥20\.00$/);
    await expectText(visible(page, '#refund-result-wallet'), /^¥30\.00$/);
    await expectText(visible(page, '#refund-result-wallet-balance'), /^¥110\.00$/);
    await screenshot(page, 'wallet-tender-05-refund-result');
    expect(await wallet()).toMatchObject({ balanceFen: 11_000, principalFen: 10_000, bonusFen: 1000 });

    const summary = await get<ShiftSummary>('/api/v1/staff/shift-summary', clerkToken);
    expect(summary.mine).toMatchObject({ walletFen: 3000, walletRefundedFen: 3000, payableFen: 2000, netCashFen: 0 });
    const receiptNo = (await get<{ items: { receiptNo: string }[] }>('/api/v1/staff/purchases', clerkToken)).items[0]
      .receiptNo;
    const sale = await get<StaffPurchaseDetail>(`/api/v1/staff/purchases/${receiptNo}`, clerkToken);
    expect(sale).toMatchObject({ walletFen: 3000, walletRefundedFen: 3000, refundableFen: 0 });
  });
});
