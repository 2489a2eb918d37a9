import type { AdminTopup, MemberTopup, Page as ApiPage, TopupPlan } from '@member/shared';
import { couponTemplateBody } from '../fixtures/coupon-template';
import {
  ADMIN,
  api,
  consoleLogin,
  expectText,
  sandboxLogin,
  screenshot,
  testOpenid,
  useBrowserSession,
  visible,
  waitForTaroPageSettled,
} from './support';
import { orderTopup, payAndWait } from './wallet-support';

jest.setTimeout(240_000);

// Issue 11 part (f) in the browser: an operator gives a coupon with a 充值方案 (加赠优惠券 picker); the member's
// plan tile says 加赠 <券名> and the result page lists the coupon received; 充值订单 shows each paid order's
// WeChat shipping upload (已上传 / 失败 with WeChat's reason) and filters 发货待处理 / 发货失败.
const GIFT = '充值礼美式咖啡券';

describe('stored value extras: plan coupons and shipping upload', () => {
  const session = useBrowserSession();
  let adminToken = '';
  let templateId = 0;
  let planId = 0;
  let payer = '';
  let memberToken = '';
  const paidOrders: string[] = [];

  const post = <T>(path: string, body: unknown, token?: string) => api<T>(session.url, 'POST', path, body, token);
  const get = <T>(path: string, token: string) => api<T>(session.url, 'GET', path, undefined, token);

  beforeAll(async () => {
    ({ token: adminToken } = await post<{ token: string }>('/api/v1/admin/auth/login', ADMIN));
    const t = await post<{ id: number }>(
      '/api/v1/admin/coupon-templates',
      couponTemplateBody({
        name: GIFT,
        kind: 'EXCHANGE',
        itemName: '美式咖啡',
        faceValueFen: 2800,
        minSpendFen: 0,
        trigger: 'MANUAL',
      }),
      adminToken,
    );
    await post(`/api/v1/admin/coupon-templates/${t.id}/status`, { status: 'ACTIVE' }, adminToken);
    templateId = t.id;
    payer = testOpenid();
    memberToken = (await sandboxLogin(session.url, payer)).token;
    const { code } = await post<{ code: string }>('/sandbox/wx/phone-code', { phone: '13900139000' });
    await post('/api/v1/me/phone', { code }, memberToken);
  }, 120_000);

  /** A top-up of the plan, paid in the sandbox and credited (the result page's poll). */
  async function paidTopup(): Promise<string> {
    const order = await orderTopup(session.url, memberToken, { planId });
    await payAndWait(session.url, memberToken, order.outTradeNo);
    paidOrders.push(order.outTradeNo);
    return order.outTradeNo;
  }

  /** Waits until the console's list says the order's upload reached `status`. */
  async function shippingReaches(outTradeNo: string, status: AdminTopup['shippingStatus']): Promise<AdminTopup> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const page = await get<ApiPage<AdminTopup>>(`/api/v1/admin/wallet/topups?outTradeNo=${outTradeNo}`, adminToken);
      if (page.items[0]?.shippingStatus === status) return page.items[0];
      if (Date.now() > deadline) throw new Error(`${outTradeNo}: shipping ${page.items[0]?.shippingStatus}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  it('gives a coupon with a plan through the 加赠优惠券 picker', async () => {
    const page = await session.newPage('desktop');
    await consoleLogin(session.url, page, ADMIN);
    await page.goto(`${session.url}/console/#/wallet/plans`);
    await page.locator('[data-testid=plan-create]').click();
    const drawer = page.locator('.ant-drawer-content').filter({ visible: true });
    await drawer.locator('#name').fill('充300送券');
    await drawer.locator('#payYuan').fill('300');
    await drawer.locator('#bonusYuan').fill('0');
    await drawer.locator('#couponTemplateIds').click();
    await page.locator(`.ant-select-item-option[title="${GIFT}"]`).click();
    await expectText(drawer.locator('.ant-select-selection-item').first(), new RegExp(GIFT));
    await screenshot(page, 'wallet-extras-01-plan-coupon-picker');
    await drawer.locator('[data-testid=plan-submit]').click();
    await drawer.waitFor({ state: 'hidden' });

    const saved = (await get<TopupPlan[]>('/api/v1/admin/wallet/plans', adminToken)).find(
      (p) => p.name === '充300送券',
    )!;
    expect(saved).toMatchObject({ payFen: 30_000, bonusFen: 0, couponTemplateIds: [templateId], status: 'DRAFT' });
    planId = saved.id;
    await post(`/api/v1/admin/wallet/plans/${planId}/status`, { status: 'ACTIVE' }, adminToken);
    await page.close();
  });

  it('shows 加赠 on the member’s plan tile and the coupon received on the result page', async () => {
    const page = await session.newPage();
    await page.goto(`${session.url}/h5/#/packages/wallet/index/index?openid=${payer}`);
    await waitForTaroPageSettled(page);
    const tile = visible(page, '#wallet-plans').locator('.plan-tile').filter({ hasText: '充300送券' });
    await expectText(tile, new RegExp(`¥\\s*300\\.00[\\s\\S]*充300送券[\\s\\S]*加赠 ${GIFT}`));
    await screenshot(page, 'wallet-extras-02-plan-tile');

    const outTradeNo = await paidTopup();
    // The plan's coupon is issued through the outbox moments after the credit.
    const deadline = Date.now() + 20_000;
    while (!(await get<MemberTopup>(`/api/v1/me/wallet/topups/${outTradeNo}`, memberToken)).coupons.length) {
      if (Date.now() > deadline) throw new Error(`${outTradeNo}: the plan's coupon was not issued`);
      await new Promise((r) => setTimeout(r, 200));
    }
    await page.goto(`${session.url}/h5/#/packages/wallet/result/index?no=${outTradeNo}&openid=${payer}`);
    await waitForTaroPageSettled(page);
    await expectText(visible(page, '#topup-success'), /充值成功/);
    await expectText(visible(page, '#topup-coupons'), new RegExp(GIFT));
    await screenshot(page, 'wallet-extras-03-result-coupon');
    await page.close();
  });

  it('shows each paid order’s shipping upload in 充值订单 and filters the failed ones', async () => {
    const uploaded = paidOrders[0];
    await shippingReaches(uploaded, 'UPLOADED');
    // WeChat refuses the next upload for good (the payment cannot be shipped).
    await post('/sandbox/wx/faults', { api: 'upload_shipping_info', errcode: 10060004, times: 1 });
    const refused = await paidTopup();
    const failed = await shippingReaches(refused, 'FAILED');
    expect(failed.shippingError).toContain('10060004');

    const page = await session.newPage('desktop');
    await consoleLogin(session.url, page, ADMIN);
    await page.goto(`${session.url}/console/#/wallet/topups`);
    const row = (no: string) => page.locator(`tr[data-testid=topup-row][data-out-trade-no="${no}"]`);
    await expectText(row(uploaded).locator('[data-testid=topup-shipping]'), /已上传/);
    await expectText(row(refused).locator('[data-testid=topup-shipping]'), /失败/);
    await screenshot(page, 'wallet-extras-04-orders-shipping');

    await page.goto(`${session.url}/console/#/wallet/topups?shipping=FAILED`);
    await page.reload();
    await row(refused).waitFor();
    await expect(page.locator('tr[data-testid=topup-row]').count()).resolves.toBe(1);
    await screenshot(page, 'wallet-extras-05-orders-shipping-failed');
    await page.close();
  });
});
