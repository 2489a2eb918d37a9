import type { Page } from 'playwright-core';
import type {
  CouponTemplateInput,
  CouponUseRow,
  MemberCoupon,
  Page as ListPage,
  StaffPurchaseDetail,
} from '@member/shared';
import { couponTemplateBody } from '../fixtures/coupon-template';
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

// Coupons across the counter: a member claims 满100减20 in H5 → the clerk scans the card once, the coupon
// is preselected on a ¥120 bill, points pay part of what it leaves, ¥93.00 is left to pay → the member
// finds the coupon under 已使用 → the operators' records show the use. Then a 兑换券 redeemed on its own by
// its code. Default rules: 1 point per paid yuan, 100-point sign-up bonus, 100 points = ¥1, ≤ 50 % of a bill.
describe('coupons at the counter', () => {
  const session = useBrowserSession();
  const clerkOpenid = testOpenid();
  const buyerOpenid = testOpenid();
  let adminToken = '';
  let clerkToken = '';
  let buyerToken = '';
  let voucherOwnerToken = '';
  let cashTemplate = 0;
  let latteTemplate = 0;
  let sale: StaffPurchaseDetail;
  let page: Page;

  const post = <T>(path: string, body: unknown, token: string) => api<T>(session.url, 'POST', path, body, token);
  const get = <T>(path: string, token: string) => api<T>(session.url, 'GET', path, undefined, token);
  const cardCode = async (token: string) => (await get<{ code: string }>('/api/v1/me/card', token)).code;
  const coupons = (token: string, status: string) =>
    get<ListPage<MemberCoupon>>(`/api/v1/me/coupons?status=${status}`, token);

  async function template(over: Partial<CouponTemplateInput>): Promise<number> {
    const body = couponTemplateBody(over);
    const t = await post<{ id: number }>('/api/v1/admin/coupon-templates', body, adminToken);
    await post(`/api/v1/admin/coupon-templates/${t.id}/status`, { status: 'ACTIVE' }, adminToken);
    return t.id;
  }
  const claim = (token: string, templateId: number) =>
    post<MemberCoupon>('/api/v1/me/coupons/claims', { templateId, requestId: `E2E${templateId}${Date.now()}` }, token);

  beforeAll(async () => {
    adminToken = (await post<{ token: string }>('/api/v1/admin/auth/login', ADMIN, '')).token;
    clerkToken = await storeWithClerk(session.url, adminToken, { name: '测试券店', code: 'E2E051' }, clerkOpenid);

    cashTemplate = await template({});
    const big = await template({ name: '满200减50', faceValueFen: 5000, minSpendFen: 20_000 });
    latteTemplate = await template({
      kind: 'EXCHANGE',
      name: '拿铁兑换券',
      faceValueFen: 3200,
      minSpendFen: 0,
      itemName: '拿铁一杯',
    });

    buyerToken = (await sandboxLogin(session.url, buyerOpenid)).token;
    await api(session.url, 'PATCH', '/api/v1/me', { nickname: '陈一鸣' }, buyerToken);
    // 100 sign-up + 600 earned = 700 points; and a coupon this bill will not reach.
    await ringUpSale(cardCode, post, {
      staffToken: clerkToken,
      memberToken: buyerToken,
      amountFen: 60_000,
      receiptNo: 'E2E-C0',
    });
    await claim(buyerToken, big);
    voucherOwnerToken = (await sandboxLogin(session.url, testOpenid())).token;
    await api(session.url, 'PATCH', '/api/v1/me', { nickname: '周婷' }, voucherOwnerToken);
  }, 120_000);

  it('the member claims 满100减20 in 领券中心', async () => {
    const member = await session.newPage();
    await member.setViewportSize({ width: 375, height: 812 });
    await member.goto(`${session.url}/h5/#/packages/coupons/center/index?openid=${buyerOpenid}`);
    await waitForTaroPageSettled(member);
    const card = visible(member, '#center-list').locator('.coupon-card', { hasText: '满100减20' });
    await expectText(card, /¥\s*20[\s\S]*满 ¥100\.00 可用/);
    await card.locator('.coupons__btn').click();
    await expectText(card.locator('.coupon-card__action'), /去使用/);
    expect((await coupons(buyerToken, 'usable')).items.map((c) => c.terms.name).sort()).toEqual([
      '满100减20',
      '满200减50',
    ]);
  });

  it('the clerk scans the card once: the coupon is preselected, points pay part of the rest', async () => {
    // The member shows their card; it tells them when the sale is done.
    const card = await session.newPage();
    await card.setViewportSize({ width: 375, height: 812 });
    await card.goto(`${session.url}/h5/#/pages/card/index?openid=${buyerOpenid}`);
    await waitForTaroPageSettled(card);
    await expectText(card.locator('#card-code'), /^\d{4}( \d{4}){3} \d{2}$/);
    const memberCode = (await card.locator('#card-code').innerText()).replace(/\s/g, '');

    page = await session.newPage();
    await page.setViewportSize({ width: 375, height: 812 });
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

    // ¥80: neither coupon reaches its minimum; the amount changes and the quote follows.
    await visible(page, '#purchase-amount input').fill('80');
    await expectText(visible(page, '#purchase-coupon-summary'), /^2 张均不满足本单条件$/);
    await visible(page, '#purchase-amount input').fill('120');
    await expectText(visible(page, '#purchase-coupon-summary'), /^满100减20$/);
    await expectText(visible(page, '#purchase-coupon-off'), /^−¥20\.00$/);
    await expectText(visible(page, '#checkout-coupons'), /^2$/);
    // Points on what the coupon leaves (¥100): the cap is 50 % of it, but 700 points are all there is.
    await expectText(visible(page, '#purchase-points-max'), /最多可用 700 分（抵 ¥7\.00）/);
    await visible(page, '#purchase-points-all').click();
    await expectText(visible(page, '#purchase-coupon-preview'), /^−¥20\.00$/);
    await expectText(visible(page, '#purchase-deduction-preview'), /^−¥7\.00$/);
    await expectText(visible(page, '#purchase-payable-preview'), /^¥93\.00$/);
    await expectText(visible(page, '#purchase-submit'), /收款 ¥93\.00/);
    await screenshot(page, 'coupons-counter-01-checkout');

    // The sheet: the usable one ticked, the other greyed with why.
    await visible(page, '#purchase-coupon').click();
    const sheet = visible(page, '#purchase-coupon-sheet');
    await expectText(sheet, /满100减20[\s\S]*本单可减 ¥20\.00[\s\S]*满200减50[\s\S]*还差 ¥80\.00 可用/);
    const [first, second] = await sheet.locator('.coupon-card').all();
    expect(await first.getAttribute('class')).toMatch(/coupon-sheet__card--on/);
    expect(await second.getAttribute('class')).toMatch(/coupon-card--off/);
    await settle(sheet);
    await screenshot(page, 'coupons-counter-02-coupon-sheet');
    // Taking it off puts the points cap back on the whole bill; ticking it again restores the bill.
    await first.locator('.coupon-card__ticket').click();
    await expectText(sheet.locator('.coupon-sheet__total'), /不使用优惠券/);
    await first.locator('.coupon-card__ticket').click();
    await expectText(sheet.locator('.coupon-sheet__total'), /已选 1 张，共减 ¥20\.00/);
    await visible(page, '#coupon-sheet-done').click();
    await expectText(visible(page, '#purchase-payable-preview'), /^¥93\.00$/);

    await visible(page, '#purchase-submit').click();
    await expectText(visible(page, '#confirm-coupon'), /−¥20\.00（1 张）/);
    await expectText(visible(page, '#confirm-deduction'), /−¥7\.00（700 分）/);
    await expectText(visible(page, '#confirm-payable'), /^¥93\.00$/);
    await settle(visible(page, '#purchase-confirm'));
    await screenshot(page, 'coupons-counter-03-confirm');
    await visible(page, '#purchase-confirm-submit').click();

    await expectText(visible(page, '#purchase-paid'), /^¥93\.00$/);
    await expectText(visible(page, '#purchase-coupon'), /^−¥20\.00$/);
    await expectText(visible(page, '#purchase-coupon-names'), /满100减20/);
    await expectText(visible(page, '#purchase-deduction'), /−¥7\.00（700 分）/);
    const receiptNo = (await visible(page, '#purchase-receipt-no').innerText()).trim();
    sale = await get<StaffPurchaseDetail>(`/api/v1/staff/purchases/${receiptNo}`, clerkToken);
    expect(sale).toMatchObject({ amountFen: 12_000, couponDiscountFen: 2000, payableFen: 9300 });
    await screenshot(page, 'coupons-counter-04-result');

    // 消费成功 on the member's card, the coupon on its own line.
    const saleSheet = card.locator('#card-sale-sheet');
    await expectText(saleSheet.locator('#sale-paid'), /^¥93\.00$/);
    await expectText(saleSheet.locator('#sale-coupon'), /^−¥20\.00$/);
    await expectText(saleSheet.locator('#sale-deduction'), /−¥7\.00（700 分）/);
    await settle(saleSheet);
    await screenshot(card, 'coupons-counter-04b-member-sale-sheet');
  });

  it('the member finds the coupon under 已使用', async () => {
    const member = await session.newPage();
    await member.setViewportSize({ width: 375, height: 812 });
    await member.goto(`${session.url}/h5/#/packages/coupons/mine/index?openid=${buyerOpenid}`);
    await waitForTaroPageSettled(member);
    await visible(member, '#coupon-tab-used').click();
    const used = visible(member, '#coupon-list').locator('.coupon-card', { hasText: '满100减20' });
    await expectText(used, /满100减20[\s\S]*已使用/);
    await screenshot(member, 'coupons-counter-05-member-used');
    expect((await coupons(buyerToken, 'used')).items).toEqual([
      expect.objectContaining({ templateId: cashTemplate, status: 'USED', usedStoreName: '测试券店' }),
    ]);
  });

  it('the operators’ records show the use in the sale, in the console and through the API', async () => {
    const ops = await session.newPage('desktop');
    await ops.goto(`${session.url}/console/`);
    await ops.locator('#username').fill(ADMIN.username);
    await ops.locator('#password').fill(ADMIN.password);
    await ops.locator('[data-testid=login-submit]').click();
    await ops.waitForURL(/#\/(?!login)/);
    await ops.goto(`${session.url}/console/#/coupons/uses?templateId=${cashTemplate}`);
    const row = ops.locator('[data-testid=use-row]', { hasText: sale.receiptNo });
    await expectText(row, /满100减20[\s\S]*测试券店[\s\S]*20\.00/);
    expect(await row.getAttribute('data-kind')).toBe('SALE');
    await screenshot(ops, 'coupons-counter-05b-console-uses');

    const uses = await get<ListPage<CouponUseRow>>(`/api/v1/admin/coupon-uses?templateId=${cashTemplate}`, adminToken);
    expect(uses.items).toEqual([
      expect.objectContaining({
        kind: 'SALE',
        ref: sale.receiptNo,
        name: '满100减20',
        storeName: '测试券店',
        discountFen: 2000,
        billFen: 12_000,
        voided: false,
      }),
    ]);
  });

  it('refunding the whole bill shows the coupon’s share and gives the coupon back', async () => {
    await visible(page, '#purchase-refund').click();
    await page.waitForURL(/packages\/staff\/refund\/index/);
    await waitForTaroPageSettled(page);
    await expectText(visible(page, '#refund-tender-coupon'), /^−¥20\.00$/);
    await expectText(
      visible(page, '#refund-tenders'),
      /现金支付\s*¥93\.00[\s\S]*优惠券\s*−¥20\.00[\s\S]*积分抵扣\s*700 分（¥7\.00）/,
    );
    await visible(page, '#refund-fill-all').click();
    await expectText(
      visible(page, '#refund-split'),
      /^退还现金 ¥93\.00\s*退回抵扣积分 700 分\s*优惠券抵扣 ¥20\.00 不退现金，优惠券退回会员$/,
    );
    await screenshot(page, 'coupons-counter-06-refund-form');
    await visible(page, '#refund-submit').click();
    await visible(page, '.nut-dialog-footer-ok').click();
    await expectText(visible(page, '#refund-result-cash'), /^¥93\.00$/);
    await expectText(visible(page, '#refund-result-coupon'), /^¥20\.00$/);
    await expectText(visible(page, '#refund-result-coupons-returned'), /^1 张$/);
    await screenshot(page, 'coupons-counter-07-refund-result');
    expect((await coupons(buyerToken, 'usable')).items.map((c) => c.terms.name).sort()).toEqual([
      '满100减20',
      '满200减50',
    ]);
  });

  it('the clerk redeems a 兑换券 on its own by its code, once', async () => {
    const voucher = await claim(voucherOwnerToken, latteTemplate);
    await page.goto(`${session.url}/h5/#/packages/staff/scan/index?openid=${clerkOpenid}`);
    await waitForTaroPageSettled(page);
    await visible(page, '#staff-tool-coupon').click();
    await page.waitForURL(/packages\/staff\/coupon\/index/);
    await waitForTaroPageSettled(page);
    const input = visible(page, '#coupon-code-input input');

    // A typo is caught by the check digit before anything is sent.
    const typo = `${voucher.code.slice(0, 15)}${(Number(voucher.code[15]) + 1) % 10}`;
    await input.fill(typo);
    await visible(page, '#coupon-lookup').click();
    await expectText(visible(page, '#coupon-lookup-error'), /券码有误/);

    await input.fill(voucher.code.replace(/(\d{4})(?=\d)/g, '$1 '));
    await visible(page, '#coupon-lookup').click();
    await expectText(visible(page, '#coupon-view-item'), /^拿铁一杯$/);
    await expectText(visible(page, '#coupon-view-value'), /^¥32\.00$/);
    await expectText(visible(page, '#coupon-view-member'), /^周\* · \d{4}\*{4}\d{2}$/);
    await expectText(visible(page, '#coupon-redeem'), /^确认核销$/);
    await screenshot(page, 'coupons-counter-08-voucher');
    await visible(page, '#coupon-redeem').click();
    await expectText(visible(page, '#coupon-redeem-item'), /^拿铁一杯$/);
    await screenshot(page, 'coupons-counter-09-voucher-done');

    // The same code again: shown as used, nothing to redeem.
    await visible(page, '#coupon-redeem-next').click();
    await input.fill(voucher.code);
    await visible(page, '#coupon-lookup').click();
    await expectText(visible(page, '#coupon-view-blocked'), /不能核销：已使用/);
    await expectText(visible(page, '#coupon-redeem'), /^不能核销$/);
    await screenshot(page, 'coupons-counter-10-voucher-used');
    // A cash-off coupon is used in a checkout, not on its own.
    const big = (await coupons(buyerToken, 'usable')).items.find((c) => c.terms.name === '满200减50')!;
    await input.fill(big.code);
    await visible(page, '#coupon-lookup').click();
    await expectText(visible(page, '#coupon-view-blocked'), /不是兑换券，请在收款时使用/);

    const uses = await get<ListPage<CouponUseRow>>(`/api/v1/admin/coupon-uses?templateId=${latteTemplate}`, adminToken);
    expect(uses.items).toEqual([expect.objectContaining({ kind: 'REDEMPTION', discountFen: 3200, billFen: 0 })]);
  });
});
