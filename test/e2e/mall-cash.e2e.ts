import type { Page } from 'playwright-core';
import type { MallGoodsAdmin, MallGoodsInput, MallOrderAdmin, Page as ListPage } from '@member/shared';
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

jest.setTimeout(240_000);

// Points + cash in H5: the member opens a goods priced 1,200 积分 + ¥9.90 → 确认兑换 1,200 积分 + ¥9.90 →
// the sandbox's 模拟微信支付 sheet (closed the first time: the order waits, 待支付 with the time left and
// 去支付) → 去支付 → 确认支付 → the result page waits for the server's answer and shows 兑换成功 with the
// pickup code; the console lists the order as 待自提 with its shipping upload.
describe('points mall: points + cash paid through WeChat Pay in H5', () => {
  const session = useBrowserSession();
  const memberOpenid = testOpenid();
  const tag = Date.now().toString(36).slice(-5).toUpperCase();
  const storeName = `现金换购店${tag}`;
  let adminToken = '';
  let memberToken = '';
  let goods: MallGoodsAdmin;

  const post = <T>(path: string, body: unknown, token: string) => api<T>(session.url, 'POST', path, body, token);
  const get = <T>(path: string, token: string) => api<T>(session.url, 'GET', path, undefined, token);

  beforeAll(async () => {
    adminToken = (await post<{ token: string }>('/api/v1/admin/auth/login', ADMIN, '')).token;
    const clerkToken = await storeWithClerk(
      session.url,
      adminToken,
      { name: storeName, code: `MC${tag}` },
      testOpenid(),
    );
    const stores = await get<{ id: number; name: string }[]>('/api/v1/admin/stores', adminToken);
    const storeId = stores.find((s) => s.name === storeName)!.id;
    memberToken = (await sandboxLogin(session.url, memberOpenid)).token;
    await ringUpSale((t) => get<{ code: string }>('/api/v1/me/card', t).then((c) => c.code), post, {
      staffToken: clerkToken,
      memberToken,
      amountFen: 240_000,
      receiptNo: `MC${tag}0`,
    });
    const body: MallGoodsInput = {
      kind: 'PHYSICAL',
      name: `品牌随行杯 ${tag}`,
      categoryId: null,
      description: '1,200 积分 + ¥9.90 换购，到店自提。',
      imageIds: [],
      pointsPrice: 1_200,
      cashFen: 990,
      stock: 10,
      perMemberLimit: 2,
      limitPeriod: 'TOTAL',
      tierCodes: null,
      pickupStoreIds: [storeId],
      pickupDays: 7,
      couponTemplateId: null,
      saleStartsAt: null,
      saleEndsAt: null,
      sortOrder: 1,
      featured: false,
    };
    const created = await post<MallGoodsAdmin>('/api/v1/admin/mall/goods', body, adminToken);
    goods = await post<MallGoodsAdmin>(
      `/api/v1/admin/mall/goods/${created.id}/status`,
      { status: 'ON_SALE', version: created.version },
      adminToken,
    );
  }, 180_000);

  let page: Page;

  it('the member confirms 1,200 积分 + ¥9.90, closes the pay sheet once, and the order waits for payment', async () => {
    page = await session.newPage();
    await page.setViewportSize({ width: 375, height: 812 });
    await page.goto(`${session.url}/h5/#/packages/mall/detail/index?id=${goods.id}&openid=${memberOpenid}`);
    await waitForTaroPageSettled(page);
    await visible(page, '#goods-redeem').click();
    const sheet = visible(page, '#redeem-sheet');
    await expectText(visible(page, '#redeem-cash'), /^¥9\.90$/);
    await expectText(visible(page, '#redeem-submit'), /确认兑换 1,200 积分 \+ ¥9\.90/);
    await settle(sheet);
    await screenshot(page, 'mall-cash-01-confirm');
    await visible(page, '#redeem-submit').click();

    const modal = visible(page, '.taro-modal__content');
    await expectText(modal, /模拟微信支付[\s\S]*需支付 ¥9\.90/);
    await screenshot(page, 'mall-cash-02-pay-sheet');
    await visible(page, '.taro-model__cancel').click();
    await page.waitForURL(/packages\/mall\/result\/index/);
    await waitForTaroPageSettled(page);
    await expectText(visible(page, '#mall-result-head'), /待支付[\s\S]*需支付 ¥9\.90/);
    await expectText(visible(page, '#mall-result-countdown'), /剩余 \d{2}:\d{2}/);
    await screenshot(page, 'mall-cash-03-waiting');

    // 我的兑换 → 待支付 lists it with the countdown and 去支付.
    const orders = await session.newPage();
    await orders.setViewportSize({ width: 375, height: 812 });
    await orders.goto(`${session.url}/h5/#/packages/mall/orders/index?tab=PENDING&openid=${memberOpenid}`);
    await waitForTaroPageSettled(orders);
    const card = visible(orders, '.order-card');
    await expectText(card, /待支付[\s\S]*1,200 积分 \+ ¥9\.90[\s\S]*剩余 \d{2}:\d{2}[\s\S]*去支付/);
    await screenshot(orders, 'mall-cash-04-orders-pending');
    await orders.close();
  });

  it('去支付 → 确认支付: the result page shows READY with the pickup code once the server has the payment', async () => {
    await page.locator('.nut-button', { hasText: '去支付' }).click();
    await expectText(visible(page, '.taro-modal__content'), /需支付 ¥9\.90/);
    await visible(page, '.taro-model__confirm').click();
    await expectText(visible(page, '#mall-result-head'), /兑换成功[\s\S]*1,200 积分 \+ ¥9\.90/);
    await expectText(page.locator('#mall-result'), /\d{3}\s?\d{3}/);
    await screenshot(page, 'mall-cash-05-ready');

    const list = await get<ListPage<MallOrderAdmin>>(`/api/v1/admin/mall/orders?goodsId=${goods.id}`, adminToken);
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ status: 'READY', cashFen: 990, outTradeNo: expect.stringMatching(/^M/) });
    expect(['PENDING', 'UPLOADED']).toContain(list.items[0].shippingStatus);
  });
});
