import type { Page } from 'playwright-core';
import sharp from 'sharp';
import type {
  MallGoodsAdmin,
  MallGoodsInput,
  MallOrderAdmin,
  MallOrderView,
  MediaAsset,
  Page as ListPage,
} from '@member/shared';
import { ringUpSale } from '../fixtures/sale-setup';
import {
  ADMIN,
  answerSubscribePopup,
  api,
  consoleLogin,
  expectText,
  sandboxLogin,
  screenshot,
  settle,
  storeWithClerk,
  testOpenid,
  toastGone,
  useBrowserSession,
  viewportShot,
  visible,
  waitForTaroPageSettled,
} from './support';

jest.setTimeout(240_000);

// The points mall across the counter: a member opens 商城 in H5, opens a goods, redeems it for points with
// pickup at a store → the result shows the pickup code → the clerk of that store types the code, sees the
// goods and the (masked) member, and hands it over once → the member's 我的兑换 says 已自提 → the console's
// 兑换订单 lists it as done. Screenshots at 375×812 of each member step, the staff page and 首页 推荐商品.
describe('points mall: redeem in H5, pickup at the counter', () => {
  const session = useBrowserSession();
  const clerkOpenid = testOpenid();
  const memberOpenid = testOpenid();
  const tag = Date.now().toString(36).slice(-5).toUpperCase();
  const storeName = `商城自提店${tag}`;
  // Long, with an emoji: it must ellipsize on the cards and wrap on the detail.
  const cupName = `星巴克🐶经典不锈钢真空保温杯 500ml 随行杯·限量联名款 ${tag}`;
  let adminToken = '';
  let clerkToken = '';
  let memberToken = '';
  let memberNo = '';
  let cup: MallGoodsAdmin;
  let balance = 0;
  let pickupCode = '';
  let orderNo = '';

  const fmt = (n: number) => n.toLocaleString('en-US');
  const post = <T>(path: string, body: unknown, token: string) => api<T>(session.url, 'POST', path, body, token);
  const get = <T>(path: string, token: string) => api<T>(session.url, 'GET', path, undefined, token);

  async function upload(color: string): Promise<number> {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="600"><rect width="600" height="600" fill="${color}"/><circle cx="300" cy="300" r="170" fill="#fff" fill-opacity="0.55"/></svg>`;
    const png = await sharp(Buffer.from(svg)).png().toBuffer();
    const form = new FormData();
    form.append('file', new Blob([png], { type: 'image/png' }), 'goods.png');
    const res = await fetch(`${session.url}/api/v1/admin/media`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}` },
      body: form,
    });
    if (res.status !== 201) throw new Error(`media: ${res.status} ${await res.text()}`);
    return ((await res.json()) as MediaAsset).id;
  }

  async function goods(over: Partial<MallGoodsInput>, storeId: number): Promise<MallGoodsAdmin> {
    const body: MallGoodsInput = {
      kind: 'PHYSICAL',
      name: `商品${tag}`,
      categoryId: null,
      description: '到店自提',
      imageIds: [],
      pointsPrice: 100,
      cashFen: 0,
      stock: null,
      perMemberLimit: null,
      limitPeriod: 'TOTAL',
      tierCodes: null,
      pickupStoreIds: [storeId],
      pickupDays: 7,
      couponTemplateId: null,
      saleStartsAt: null,
      saleEndsAt: null,
      sortOrder: 100,
      featured: false,
      ...over,
    };
    const created = await post<MallGoodsAdmin>('/api/v1/admin/mall/goods', body, adminToken);
    return post<MallGoodsAdmin>(
      `/api/v1/admin/mall/goods/${created.id}/status`,
      { status: 'ON_SALE', version: created.version },
      adminToken,
    );
  }

  async function memberPage(path: string): Promise<Page> {
    const page = await session.newPage();
    await page.setViewportSize({ width: 375, height: 812 });
    await page.goto(`${session.url}/h5/#${path}${path.includes('?') ? '&' : '?'}openid=${memberOpenid}`);
    await waitForTaroPageSettled(page);
    return page;
  }

  beforeAll(async () => {
    adminToken = (await post<{ token: string }>('/api/v1/admin/auth/login', ADMIN, '')).token;
    clerkToken = await storeWithClerk(session.url, adminToken, { name: storeName, code: `EM${tag}` }, clerkOpenid);
    const stores = await get<{ id: number; name: string }[]>('/api/v1/admin/stores', adminToken);
    const storeId = stores.find((s) => s.name === storeName)!.id;

    const login = await sandboxLogin(session.url, memberOpenid);
    memberToken = login.token;
    memberNo = login.member.memberNo;
    await api(session.url, 'PATCH', '/api/v1/me', { nickname: '陈一鸣' }, memberToken);
    // Points earned on a ¥2,400 sale (plus the sign-up bonus): enough for the cup, not for the suitcase.
    await ringUpSale((t) => get<{ code: string }>('/api/v1/me/card', t).then((c) => c.code), post, {
      staffToken: clerkToken,
      memberToken,
      amountFen: 240_000,
      receiptNo: `EM${tag}0`,
    });
    balance = (await get<{ balance: number }>('/api/v1/me/points?page=1&pageSize=1', memberToken)).balance;
    expect(balance).toBeGreaterThan(1200);

    const category = await post<{ id: number }>(
      '/api/v1/admin/mall/categories',
      { name: `生活好物${tag}`, sortOrder: 1 },
      adminToken,
    );
    const [orange, blue, green] = [await upload('#f0a35e'), await upload('#6d9eeb'), await upload('#7bc67e')];
    cup = await goods(
      {
        name: cupName,
        categoryId: category.id,
        description: '双层不锈钢真空保温，保温 12 小时。\n到店出示自提码领取。',
        imageIds: [orange, blue],
        pointsPrice: 1200,
        stock: 50,
        perMemberLimit: 2,
        limitPeriod: 'MONTH',
        sortOrder: 1,
        featured: true,
      },
      storeId,
    );
    await goods(
      {
        name: `拿铁咖啡${tag}`,
        categoryId: category.id,
        imageIds: [blue],
        pointsPrice: 800,
        cashFen: 990,
        sortOrder: 2,
        featured: true,
        stock: 3,
      },
      storeId,
    );
    await goods(
      {
        name: `旅行箱${tag}`,
        categoryId: category.id,
        imageIds: [green],
        pointsPrice: 1_250_000,
        sortOrder: 3,
        featured: true,
      },
      storeId,
    );
  }, 180_000);

  it('首页 shows 推荐商品 with their points price', async () => {
    const page = await memberPage('/pages/home/index');
    const featured = visible(page, '#home-featured');
    await expectText(featured, /推荐商品[\s\S]*1,200\s*积分/);
    await expectText(featured, /1,250,000\s*积分/);
    await featured.scrollIntoViewIfNeeded();
    await screenshot(page, 'mall-01-home-featured');
    await page.close();
  });

  let page: Page;

  it('the member opens 商城 from the tab bar, then the goods, and redeems it for pickup', async () => {
    page = await memberPage('/pages/home/index');
    await page.locator('.weui-tabbar__item', { hasText: '商城' }).click();
    await page.waitForURL(/pages\/mall\/index/);
    await waitForTaroPageSettled(page);
    await expectText(visible(page, '#mall-balance-value'), new RegExp(`^${fmt(balance)}$`));
    const grid = visible(page, '#mall-goods');
    const card = grid.locator('.goods-card', { hasText: tag }).first();
    await card.waitFor({ state: 'visible' });
    // The expensive one is greyed with its reason; the cup can be redeemed.
    await expectText(grid.locator('.goods-card--off', { hasText: '旅行箱' }), /1,250,000[\s\S]*积分不足/);
    await expectText(grid.locator('.goods-card', { hasText: '拿铁咖啡' }), /800\s*积分\s*\+ ¥9\.90[\s\S]*仅剩 3 件/);
    await screenshot(page, 'mall-02-index');

    await grid.locator('.goods-card', { hasText: '经典不锈钢' }).click();
    await page.waitForURL(/packages\/mall\/detail\/index/);
    await waitForTaroPageSettled(page);
    await expectText(visible(page, '#goods-points'), /^1,200$/);
    await expectText(visible(page, '#goods-limit'), /每人限兑 2 件\/月/);
    await expectText(visible(page, '#goods-stores'), new RegExp(storeName));
    await expectText(visible(page, '#goods-balance'), new RegExp(`^${fmt(balance)}$`));
    await screenshot(page, 'mall-03-detail');

    await visible(page, '#goods-redeem').click();
    const sheet = visible(page, '#redeem-sheet');
    await expectText(sheet, /自提门店[\s\S]*商城自提店/); // the only store is preselected
    await expectText(visible(page, '#redeem-left'), new RegExp(`^${fmt(balance - 1200)} 积分$`));
    await expectText(visible(page, '#redeem-submit'), /确认兑换 1,200 积分/);
    await settle(sheet);
    await screenshot(page, 'mall-04-confirm');
    // A double tap places one order.
    await visible(page, '#redeem-submit').dblclick();
    // Goods to pick up: 待自提提醒 is offered before the result page.
    await answerSubscribePopup(page, 'allow');

    await page.waitForURL(/packages\/mall\/result\/index/);
    await waitForTaroPageSettled(page);
    await expectText(
      visible(page, '#mall-result-head'),
      new RegExp(`兑换成功[\\s\\S]*消耗 1,200 积分，剩余 ${fmt(balance - 1200)} 积分`),
    );
    await expectText(visible(page, '#mall-result-code'), /^\d{3} \d{3}$/);
    await expectText(visible(page, '#mall-result-store'), new RegExp(storeName));
    pickupCode = (await visible(page, '#mall-result-code').innerText()).replace(/\s/g, '');
    orderNo = (await visible(page, '#mall-result-no').innerText()).trim();
    const qr = visible(page, '#mall-result-qr img');
    expect(await qr.getAttribute('src')).toMatch(/^data:image\//);
    await toastGone(page);
    await screenshot(page, 'mall-05-result');

    // 我的 counts it on 兑换订单 as waiting at the store.
    await page.goto(`${session.url}/h5/#/pages/mine/index?openid=${memberOpenid}`);
    await page.reload();
    await waitForTaroPageSettled(page);
    await expectText(visible(page, '#mall-orders-badge'), /待自提\s*1/);
    await screenshot(page, 'mall-05b-mine-badge');

    const orders = await get<ListPage<MallOrderView>>('/api/v1/me/mall/orders?tab=ALL', memberToken);
    expect(orders.items).toEqual([
      expect.objectContaining({ orderNo, status: 'READY', quantity: 1, pointsTotal: 1200, pickupCode }),
    ]);
  });

  it('the clerk of that store types the code, checks the goods and hands it over once', async () => {
    const staff = await session.newPage();
    await staff.setViewportSize({ width: 375, height: 812 });
    await staff.goto(`${session.url}/h5/#/packages/staff/scan/index?openid=${clerkOpenid}`);
    await waitForTaroPageSettled(staff);
    await visible(staff, '#staff-tool-pickup').click();
    await staff.waitForURL(/packages\/staff\/pickup\/index/);
    await waitForTaroPageSettled(staff);

    await visible(staff, '#pickup-code-input input').fill(pickupCode);
    await visible(staff, '#pickup-lookup').click();
    await expectText(visible(staff, '#pickup-goods'), /经典不锈钢/);
    await expectText(visible(staff, '#pickup-quantity'), /× 1/);
    // The member's name and number are masked for the queue.
    await expectText(visible(staff, '#pickup-member'), /^陈\*鸣 · \d+\*+\d+$/);
    await expectText(visible(staff, '#pickup-store'), new RegExp(storeName));
    await screenshot(staff, 'mall-06-staff-pickup');

    // The answer to the hand-over is lost on the way back (it did reach the server): the clerk is told the
    // result is not known, and 重新提交 sends the same request id, so the server answers the first hand-over.
    await staff.route(
      '**/api/v1/staff/mall/pickups',
      async (route) => {
        await route.fetch();
        await route.abort('connectionreset');
      },
      { times: 1 },
    );
    await visible(staff, '#pickup-confirm').click();
    await expectText(visible(staff, '#pickup-confirm-error'), /结果未确认，可再次提交，不会重复交付/);
    await expectText(visible(staff, '#pickup-confirm'), /^重新提交$/);
    await visible(staff, '#pickup-confirm').dblclick();
    await expectText(
      visible(staff, '#pickup-result'),
      /无需重复交付[\s\S]*经典不锈钢[\s\S]*× 1[\s\S]*该笔已完成，无需重复操作/,
    );
    await expectText(visible(staff, '#pickup-today'), /今日自提（1）[\s\S]*经典不锈钢/);
    await screenshot(staff, 'mall-07-staff-done');

    // The code is spent with the hand-over: typed again, it is refused.
    await visible(staff, '#pickup-next').click();
    await visible(staff, '#pickup-code-input input').fill(pickupCode);
    await visible(staff, '#pickup-lookup').click();
    await expectText(visible(staff, '#pickup-lookup-error'), /自提码无效/);
    const done = await get<ListPage<MallOrderView>>('/api/v1/me/mall/orders?tab=DONE', memberToken);
    expect(done.items.map((o) => o.orderNo)).toEqual([orderNo]);
  });

  it('the member’s 我的兑换 says 已自提', async () => {
    await page.goto(`${session.url}/h5/#/packages/mall/orders/index?openid=${memberOpenid}`);
    await page.reload();
    await waitForTaroPageSettled(page);
    const card = visible(page, '#mall-order-list').locator(`.order-card[data-order-no="${orderNo}"]`);
    await expectText(card, /已自提[\s\S]*经典不锈钢[\s\S]*× 1 · 1,200 积分/);
    await screenshot(page, 'mall-08-orders');
    await visible(page, '#mall-order-tab-READY').click();
    await visible(page, '#mall-orders-empty').waitFor({ state: 'visible' });
    await screenshot(page, 'mall-09-orders-empty');
    const order = await get<MallOrderView>(
      `/api/v1/me/mall/orders/${(await get<ListPage<MallOrderView>>('/api/v1/me/mall/orders', memberToken)).items[0].id}`,
      memberToken,
    );
    expect(order).toMatchObject({ orderNo, status: 'DONE', pickupCode: null, canCancel: false });
  });

  it('the console’s 兑换订单 lists the order as done at that store', async () => {
    const ops = await session.newPage('desktop');
    await consoleLogin(session.url, ops, ADMIN);
    await ops.goto(`${session.url}/console/#/mall/orders?memberNo=${memberNo}`);
    await ops.waitForURL(/#\/mall\/orders/);
    const row = ops.locator('.ant-table-row', { hasText: orderNo });
    await expectText(
      row,
      new RegExp(`${orderNo}\\s*已完成[\\s\\S]*经典不锈钢[\\s\\S]*× 1[\\s\\S]*1,200[\\s\\S]*${storeName}`),
    );
    await viewportShot(ops, 'mall-10-console-orders');
    const admin = await get<ListPage<MallOrderAdmin>>(`/api/v1/admin/mall/orders?memberNo=${memberNo}`, adminToken);
    expect(admin.items).toEqual([
      expect.objectContaining({ orderNo, status: 'DONE', memberNo, goods: expect.objectContaining({ id: cup.id }) }),
    ]);
  });
});
