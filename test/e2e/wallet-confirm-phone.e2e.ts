import type { Page } from 'playwright-core';
import type { WalletSummary } from '@member/shared';
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

// Issue 11 item 5/8: stored value above wallet.confirmAboveFen (¥200) is confirmed by the member on their
// own phone. The member tops up 充500送50 (¥550) → the clerk charges ¥300 of a ¥350 bill to it → the till
// waits ("等待会员在手机上确认 ¥300.00…") while the member's 会员码 page shows 门店收款确认 → 确认支付 → the
// till shows the sale and the card 消费成功. Then a second charge the member declines: the till says so
// and the clerk picks another tender.
describe('stored value above the threshold: the member confirms on their phone', () => {
  const session = useBrowserSession();
  const clerkOpenid = testOpenid();
  const buyerOpenid = testOpenid();
  let adminToken = '';
  let buyerToken = '';
  let card: Page;
  let till: Page;

  const post = <T>(path: string, body: unknown, token: string) => api<T>(session.url, 'POST', path, body, token);
  const get = <T>(path: string, token: string) => api<T>(session.url, 'GET', path, undefined, token);
  const wallet = () => get<WalletSummary>('/api/v1/me/wallet', buyerToken);

  beforeAll(async () => {
    adminToken = (await post<{ token: string }>('/api/v1/admin/auth/login', ADMIN, '')).token;
    await storeWithClerk(session.url, adminToken, { name: '储值确认测试店', code: 'E2EWC1' }, clerkOpenid);
    ({ token: buyerToken } = await memberWithPhone(session.url, `137${String(Date.now()).slice(-8)}`, buyerOpenid));
    const planId = await activePlan(session.url, adminToken, {
      name: '充500送50',
      payFen: 50_000,
      bonusFen: 5000,
      sortOrder: 1,
    });
    const order = await orderTopup(session.url, buyerToken, { planId });
    await payAndWait(session.url, buyerToken, order.outTradeNo);
    expect(await wallet()).toMatchObject({ balanceFen: 55_000 });
  }, 120_000);

  /** The clerk scans the member's current code and types the bill and the stored value. */
  const ringUp = async (yuan: string, walletYuan: string) => {
    await expectText(card.locator('#card-code'), /^\d{4}( \d{4}){3} \d{2}$/);
    const memberCode = (await card.locator('#card-code').innerText()).replace(/\s/g, '');
    await till.goto(`${session.url}/h5/#/packages/staff/scan/index?openid=${clerkOpenid}`);
    await waitForTaroPageSettled(till);
    await visible(till, '#staff-code-input input').fill(memberCode);
    await till.waitForFunction(() => !document.querySelector('#staff-lookup-submit')?.className.includes('disabled'));
    await visible(till, '#staff-lookup-submit').click();
    await till.waitForURL(/packages\/staff\/member\/index/);
    await waitForTaroPageSettled(till);
    await visible(till, '#lookup-purchase').click();
    await till.waitForURL(/packages\/staff\/purchase\/index/);
    await waitForTaroPageSettled(till);
    await visible(till, '#purchase-amount input').fill(yuan);
    await expectText(visible(till, '#purchase-wallet-balance'), /^余额 ¥/);
    await visible(till, '#purchase-wallet input').fill(walletYuan);
  };

  it('the member confirms ¥300 on the card page, then the till books the sale', async () => {
    card = await session.newPage();
    await card.goto(`${session.url}/h5/#/pages/card/index?openid=${buyerOpenid}`);
    await waitForTaroPageSettled(card);
    till = await session.newPage();
    await ringUp('350', '300');
    await expectText(visible(till, '#purchase-wallet-preview'), /^−¥300\.00$/);
    await expectText(visible(till, '#purchase-payable-preview'), /^¥50\.00$/);

    await visible(till, '#purchase-submit').click();
    await expectText(visible(till, '#confirm-member-note'), /储值支付 ¥300\.00 需会员在自己的手机上确认/);
    await expectText(visible(till, '#purchase-confirm-submit'), /请会员确认储值 ¥300\.00/);
    await settle(visible(till, '#purchase-confirm'));
    await screenshot(till, 'wallet-confirm-01-till-sheet');
    await visible(till, '#purchase-confirm-submit').click();

    // The till waits, counting down the member's 120 s; the amount is held meanwhile.
    await expectText(visible(till, '#wallet-wait-text'), /^等待会员在手机上确认 ¥300\.00…$/);
    await expectText(visible(till, '#wallet-wait-countdown'), /^剩余 \d{1,3} 秒/);
    await settle(visible(till, '#wallet-wait-sheet'));
    await screenshot(till, 'wallet-confirm-02-till-waiting');
    expect((await wallet()).balanceFen).toBe(25_000);

    // The member's card page shows the request within a poll, and the phone would vibrate.
    const sheet = visible(card, '#wallet-confirm-sheet');
    await expectText(sheet.locator('#wallet-confirm-store'), /储值确认测试店 请求使用您的储值付款/);
    await expectText(sheet.locator('#wallet-confirm-amount'), /^¥300\.00$/);
    await expectText(sheet.locator('#wallet-confirm-after'), /^¥250\.00$/);
    await expectText(sheet.locator('#wallet-confirm-countdown'), /^请在 \d{1,3} 秒内确认/);
    await settle(sheet);
    await screenshot(card, 'wallet-confirm-03-member-prompt');
    await visible(card, '#wallet-confirm-accept').click();
    await card.locator('#wallet-confirm-sheet').waitFor({ state: 'hidden' });

    // The till sees the confirmation on its next poll and books the sale with it.
    await expectText(visible(till, '#purchase-paid'), /^¥50\.00$/);
    await expectText(visible(till, '#purchase-wallet'), /^−¥300\.00$/);
    await expectText(visible(till, '#purchase-wallet-balance'), /^¥250\.00$/);
    await screenshot(till, 'wallet-confirm-04-till-result');
    const sale = visible(card, '#card-sale-sheet');
    await expectText(sale.locator('#sale-wallet'), /^−¥300\.00$/);
    await expectText(sale.locator('#sale-wallet-balance'), /^¥250\.00$/);
    await expectText(sale.locator('#sale-paid'), /^¥50\.00$/);
    await settle(sale);
    await screenshot(card, 'wallet-confirm-05-member-sale');
    expect(await wallet()).toMatchObject({ balanceFen: 25_000 });
    await visible(card, '#sale-done').click();
  });

  it('a declined charge releases the hold; the till says so and the clerk picks another tender', async () => {
    await ringUp('220', '210');
    await visible(till, '#purchase-submit').click();
    await visible(till, '#purchase-confirm-submit').click();
    await expectText(visible(till, '#wallet-wait-text'), /^等待会员在手机上确认 ¥210\.00…$/);
    expect((await wallet()).balanceFen).toBe(4000);

    await expectText(visible(card, '#wallet-confirm-amount'), /^¥210\.00$/);
    await expectText(visible(card, '#wallet-confirm-after'), /^¥40\.00$/);
    await visible(card, '#wallet-confirm-decline').click();
    await card.locator('#wallet-confirm-sheet').waitFor({ state: 'hidden' });
    expect((await wallet()).balanceFen).toBe(25_000);

    await expectText(visible(till, '#wallet-wait-ended'), /会员已拒绝这笔储值支付，请改用其他方式付款/);
    await settle(visible(till, '#wallet-wait-sheet'));
    await screenshot(till, 'wallet-confirm-06-till-declined');
    await visible(till, '#wallet-wait-other').click();
    // Stored value cleared: the whole bill is cash now, on a fresh receipt no.
    await expectText(visible(till, '#purchase-payable-preview'), /^¥220\.00$/);
    // The fresh quote is on its way: the button is enabled once it is back.
    await till.waitForFunction(() => !document.querySelector('#purchase-submit')?.className.includes('disabled'));
    await expectText(visible(till, '#purchase-submit'), /收款 ¥220\.00/);
    await visible(till, '#purchase-submit').click();
    await expectText(visible(till, '#purchase-confirm-submit'), /确认收款 ¥220\.00/);
    await visible(till, '#purchase-confirm-submit').click();
    await expectText(visible(till, '#purchase-paid'), /^¥220\.00$/);
    expect(await wallet()).toMatchObject({ balanceFen: 25_000 });
  });
});
