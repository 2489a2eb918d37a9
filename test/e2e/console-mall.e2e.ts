import type { MallGoodsAdmin, MallOrderResult, Page as ApiPage } from '@member/shared';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import sharp from 'sharp';
import { couponTemplateBody } from '../fixtures/coupon-template';
import {
  ADMIN,
  api,
  consoleLogin,
  expectText,
  openConsole,
  sandboxLogin,
  screenshot,
  storeWithClerk,
  testOpenid,
  useBrowserSession,
  viewportShot,
} from './support';

jest.setTimeout(240_000);

// Issue 12 item 4, console: 积分商城. An operator creates a category and a goods (an image uploaded,
// the member's card previewed beside the form), puts it on sale and adjusts its stock (in the audit log); members
// redeem and the orders show in 兑换订单 with URL filters, the detail drawer and the CSV; 兑换看板 draws the
// figures and charts. Analysts read without write buttons; store managers do not get the dashboard.
const OPERATOR = { username: 'ops-mall', password: 'Mall-Passw0rd!', displayName: '商城运营' };
const ANALYST = { username: 'ana-mall', password: 'Mall-Passw0rd!', displayName: '商城分析' };
const MANAGER = { username: 'mgr-mall', password: 'Mall-Passw0rd!', displayName: '商城店长' };
const GOODS = '品牌帆布袋（限量款）';

describe('console: 积分商城 goods, stock, orders and dashboard', () => {
  const session = useBrowserSession();
  let adminToken = '';
  let clerkToken = '';
  let storeId = 0;
  let goodsId = 0;
  let couponGoodsId = 0;
  let page: Page;
  const members: { id: number; token: string; memberNo: string }[] = [];
  const orderNos: Record<'done' | 'ready' | 'cancelled' | 'coupon', string> = {
    done: '',
    ready: '',
    cancelled: '',
    coupon: '',
  };

  const post = <T>(path: string, body: unknown, token?: string) => api<T>(session.url, 'POST', path, body, token);
  const get = <T>(path: string, token = adminToken) => api<T>(session.url, 'GET', path, undefined, token);
  const goodsRow = (p: Page, id: number) => p.locator(`tr[data-testid=goods-row][data-goods-id="${id}"]`);
  const orderRow = (p: Page, no: string) => p.locator(`tr[data-testid=order-row][data-order-no="${no}"]`);

  beforeAll(async () => {
    ({ token: adminToken } = await post<{ token: string }>('/api/v1/admin/auth/login', ADMIN));
    await post('/api/v1/admin/operators', { ...OPERATOR, role: 'operator' }, adminToken);
    await post('/api/v1/admin/operators', { ...ANALYST, role: 'analyst' }, adminToken);
    clerkToken = await storeWithClerk(session.url, adminToken, { name: '商城自提店', code: 'E2EM01' });
    storeId = (await get<{ id: number; code: string }[]>('/api/v1/admin/stores')).find((s) => s.code === 'E2EM01')!.id;
    await post('/api/v1/admin/operators', { ...MANAGER, role: 'store_manager', storeId }, adminToken);
    // Two members with 900 points each (within what one operator may grant without a second approval).
    for (let i = 0; i < 2; i++) {
      const { token, member } = await sandboxLogin(session.url, testOpenid());
      await post(
        `/api/v1/admin/members/${member.id}/points/adjustments`,
        { delta: 900, reasonCode: 'goodwill', note: '商城测试积分', requestId: `mall-e2e-${member.memberNo}` },
        adminToken,
      );
      members.push({ id: member.id, token, memberNo: member.memberNo });
    }
  }, 120_000);

  it('creates a category in 商品分类', async () => {
    page = await session.newPage('desktop');
    await consoleLogin(session.url, page, OPERATOR);
    await page.getByRole('menuitem', { name: /积分商城/ }).click();
    await page.getByRole('menuitem', { name: /商品分类/ }).click();
    await page.waitForURL(/#\/mall\/categories/);
    await expectText(page.locator('.ant-table-placeholder'), /还没有分类，新建一个分类后即可把商品归类/);
    await viewportShot(page, 'console-mall-00-categories-empty');
    await page.locator('[data-testid=category-create]').click();
    const dialog = page.locator('.ant-modal-content').filter({ visible: true });
    await dialog.locator('#name').fill('生活好物');
    await dialog.locator('[data-testid=category-submit]').click();
    await dialog.waitFor({ state: 'hidden' });
    await expectText(page.locator('tr[data-testid=category-row]').first(), /10\s*生活好物\s*0/);
    await screenshot(page, 'console-mall-01-categories');
  });

  it('creates a physical goods with an uploaded image and the member card following the form', async () => {
    await page.getByRole('menuitem', { name: /商品管理/ }).click();
    await page.waitForURL(/#\/mall\/goods/);
    await page.locator('[data-testid=goods-create]').click();
    const drawer = page.locator('.ant-drawer-content').filter({ visible: true });
    const preview = drawer.locator('[data-testid=goods-preview]');
    await preview.waitFor();

    await drawer.locator('#name').fill(GOODS);
    await chooseOption(page, drawer.locator('#categoryId'), '生活好物');
    const image = join(mkdtempSync(join(tmpdir(), 'mall-e2e-')), 'bag.png');
    writeFileSync(image, await productImage());
    await drawer.locator('[data-testid=goods-images] input[type=file]').setInputFiles(image);
    // Uploaded, it is the cover: on its tile and on the member's card.
    await drawer.locator('[data-testid=goods-images-cover]').waitFor();
    await drawer.locator('[data-testid=goods-preview-image]').waitFor();
    await drawer.locator('#description').fill('加厚帆布，可装 A4 文件');
    await drawer.locator('#pointsPrice').fill('300');
    await drawer.locator('#cashYuan').fill('9.9');
    await expectText(preview.locator('[data-testid=goods-preview-price]'), /300\s*积分\s*\+ ¥9\.90/);
    // Points only when the cash part is cleared; cents reach the card exactly.
    await drawer.locator('#cashYuan').fill('');
    await expectText(preview.locator('[data-testid=goods-preview-price]'), /^300\s*积分$/);
    await drawer.locator('#stock').fill('8');
    await expectText(preview, /仅剩 8 件/);
    await drawer.locator('#stock').fill('20');
    await drawer.locator('#perMemberLimit').fill('2');
    await chooseOption(page, drawer.locator('#limitPeriod'), '每周');
    await chooseOption(page, drawer.locator('#pickupStoreIds'), '商城自提店');
    // A multiple select stays open after a pick: a click on the title closes it.
    await drawer.locator('.ant-drawer-title').click();
    await drawer.locator('#pickupDays').fill('7');
    await drawer.locator('[data-testid=goods-featured]').click();
    await expectText(
      preview.locator('[data-testid=goods-preview-detail]'),
      /每人每周限兑 2 件[\s\S]*自提门店：商城自提店[\s\S]*兑换后 7 天内自提/,
    );
    await expectText(preview, /推荐/);
    await viewportShot(page, 'console-mall-02-goods-editor');

    await drawer.locator('[data-testid=goods-submit]').click();
    await drawer.waitFor({ state: 'hidden' });
    const saved = (await get<ApiPage<MallGoodsAdmin>>('/api/v1/admin/mall/goods?q=' + encodeURIComponent(GOODS)))
      .items[0];
    expect(saved).toMatchObject({
      kind: 'PHYSICAL',
      name: GOODS,
      pointsPrice: 300,
      cashFen: 0,
      stock: 20,
      perMemberLimit: 2,
      limitPeriod: 'WEEK',
      pickupStoreIds: [storeId],
      pickupDays: 7,
      featured: true,
      status: 'DRAFT',
      tierCodes: null,
      couponTemplateId: null,
    });
    expect(saved.images).toHaveLength(1);
    expect(saved.images[0]).toMatchObject({ width: 600, height: 600, contentType: 'image/png' });
    goodsId = saved.id;

    const row = goodsRow(page, goodsId);
    await expectText(
      row,
      new RegExp(
        `${escape(GOODS)}[\\s\\S]*生活好物[\\s\\S]*实物[\\s\\S]*300 积分[\\s\\S]*20[\\s\\S]*已兑 0[\\s\\S]*草稿`,
      ),
    );
    // The cover's thumbnail in the list, served with long-lived cache headers.
    const thumb = await row.locator('img').getAttribute('src');
    expect(thumb).toBe(saved.images[0].thumbUrl);
    const res = await fetch(new URL(thumb!, session.url));
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toMatch(/max-age=\d{6,}/);
  });

  it('puts the goods on sale behind a confirmation', async () => {
    await goodsRow(page, goodsId).locator('[data-testid=goods-on-sale]').click();
    const confirm = page.locator('.ant-modal-confirm').filter({ visible: true });
    await expectText(confirm, new RegExp(`上架「${escape(GOODS)}」[\\s\\S]*首页的推荐商品`));
    await confirm.locator('[data-testid=goods-status-confirm]').click();
    await page.locator(`tr[data-testid=goods-row][data-goods-id="${goodsId}"][data-status=ON_SALE]`).waitFor();
    await confirm.waitFor({ state: 'hidden' });
  });

  it('shows a concurrent edit of the goods and offers the latest version', async () => {
    await goodsRow(page, goodsId).locator('[data-testid=goods-edit]').click();
    const drawer = page.locator('.ant-drawer-content').filter({ visible: true });
    await expectText(drawer.locator('[data-testid=goods-on-sale-warning]'), /此商品已上架，已兑 0 件/);
    await expectText(drawer.locator('[data-testid=goods-stock-note]'), /当前库存 20 件，已兑 0 件/);
    // Someone else saves first (a cash part of ¥9.90): this drawer's version is stale.
    const current = await get<MallGoodsAdmin>(`/api/v1/admin/mall/goods/${goodsId}`);
    // The editable fields only: the route refuses the read-only ones.
    const { id, status, images, soldCount, version, createdAt, updatedAt, ...input } = current;
    await api(
      session.url,
      'PUT',
      `/api/v1/admin/mall/goods/${goodsId}`,
      { ...input, imageIds: images.map((i) => i.id), cashFen: 990, version },
      adminToken,
    );
    await drawer.locator('#pointsPrice').fill('280');
    await drawer.locator('[data-testid=goods-submit]').click();
    await expectText(drawer.locator('[data-testid=goods-server-error]'), /此商品刚被他人修改[\s\S]*载入最新版本/);
    await viewportShot(page, 'console-mall-03-goods-conflict');
    await drawer.locator('[data-testid=goods-load-latest]').click();
    await expectText(drawer.locator('[data-testid=goods-preview-price]'), /300\s*积分\s*\+ ¥9\.90/);
    expect(await drawer.locator('#cashYuan').inputValue()).toBe('9.90');
    // Back to points only (the orders below are paid in points), saved on the latest version.
    await drawer.locator('#cashYuan').fill('');
    await drawer.locator('[data-testid=goods-submit]').click();
    await drawer.waitFor({ state: 'hidden' });
    expect(await get<MallGoodsAdmin>(`/api/v1/admin/mall/goods/${goodsId}`)).toMatchObject({
      pointsPrice: 300,
      cashFen: 0,
      version: version + 2,
    });
  });

  it('adjusts stock with a reason, showing now → after, and the audit log records it', async () => {
    await goodsRow(page, goodsId).locator('[data-testid=goods-stock]').click();
    const dialog = page.locator('.ant-modal-content').filter({ visible: true });
    await dialog.locator('#delta').fill('-25');
    await dialog.locator('#reason').fill('盘点');
    await dialog.locator('[data-testid=stock-submit]').click();
    await expectText(dialog.locator('.ant-form-item-explain-error').first(), /最多减少 20 件/);
    await dialog.locator('#delta').fill('30');
    await expectText(dialog.locator('[data-testid=stock-preview]'), /当前库存\s*20 件\s*调整后\s*50 件/);
    await dialog.locator('#reason').fill('补货 30 件');
    await viewportShot(page, 'console-mall-03-stock-adjust');
    await dialog.locator('[data-testid=stock-submit]').click();
    await dialog.waitFor({ state: 'hidden' });
    await expectText(goodsRow(page, goodsId), /50\s*已兑 0[\s\S]*已上架/);
    await screenshot(page, 'console-mall-04-goods');

    await page.getByRole('menuitem', { name: /审计日志/ }).click();
    await expectText(
      page.locator('tr[data-testid=audit-row]').first(),
      new RegExp(`调整商城商品库存[\\s\\S]*商城商品 #${goodsId}[\\s\\S]*补货 30 件`),
    );
    await viewportShot(page, 'console-mall-05-audit');
  });

  it('lists redemptions with filters from the URL, opens one, and downloads exactly those as CSV', async () => {
    // A coupon goods too, so the kind filter has something to leave out.
    const template = await post<{ id: number }>(
      '/api/v1/admin/coupon-templates',
      couponTemplateBody({ name: '商城兑换满100减20', trigger: 'MANUAL' }),
      adminToken,
    );
    await post(`/api/v1/admin/coupon-templates/${template.id}/status`, { status: 'ACTIVE' }, adminToken);
    const couponGoods = await post<MallGoodsAdmin>(
      '/api/v1/admin/mall/goods',
      {
        kind: 'COUPON',
        name: '满100减20券',
        categoryId: null,
        description: '',
        imageIds: [],
        pointsPrice: 100,
        cashFen: 0,
        stock: null,
        perMemberLimit: null,
        limitPeriod: 'TOTAL',
        tierCodes: null,
        pickupStoreIds: [],
        pickupDays: 7,
        couponTemplateId: template.id,
        saleStartsAt: null,
        saleEndsAt: null,
        sortOrder: 5,
        featured: false,
      },
      adminToken,
    );
    couponGoodsId = couponGoods.id;
    await post(`/api/v1/admin/mall/goods/${couponGoodsId}/status`, { status: 'ON_SALE', version: 0 }, adminToken);

    const redeem = (m: (typeof members)[number], id: number, quantity: number, key: string) =>
      post<MallOrderResult>(
        '/api/v1/me/mall/orders',
        { goodsId: id, quantity, pickupStoreId: id === goodsId ? storeId : undefined, requestId: `mall-e2e-${key}` },
        m.token,
      );
    const [a, b] = members;
    const done = await redeem(a, goodsId, 1, 'a1');
    await post(
      '/api/v1/staff/mall/pickups',
      { code: done.order.pickupCode, requestId: 'mall-e2e-pick-a1' },
      clerkToken,
    );
    orderNos.done = done.order.orderNo;
    orderNos.ready = (await redeem(b, goodsId, 2, 'b1')).order.orderNo;
    const cancelled = await redeem(a, goodsId, 1, 'a2');
    await post(`/api/v1/me/mall/orders/${cancelled.order.id}/cancel`, {}, a.token);
    orderNos.cancelled = cancelled.order.orderNo;
    orderNos.coupon = (await redeem(b, couponGoodsId, 1, 'b2')).order.orderNo;

    // 审计日志 was open: the 积分商城 group is folded again.
    await page.getByRole('menuitem', { name: /积分商城/ }).click();
    await page.getByRole('menuitem', { name: /兑换订单/ }).click();
    await page.waitForURL(/#\/mall\/orders/);
    for (const no of Object.values(orderNos)) await orderRow(page, no).waitFor();
    await expectText(
      orderRow(page, orderNos.ready),
      new RegExp(
        `${orderNos.ready}[\\s\\S]*待自提[\\s\\S]*实物[\\s\\S]*${escape(GOODS)}[\\s\\S]*× 2[\\s\\S]*${b.memberNo}[\\s\\S]*600[\\s\\S]*商城自提店`,
      ),
    );
    await expectText(orderRow(page, orderNos.coupon), /已完成[\s\S]*优惠券[\s\S]*满100减20券[\s\S]*100/);
    await screenshot(page, 'console-mall-06-orders');

    // Filters live in the URL: a fresh load of this link shows the physical goods' finished orders only.
    await openConsole(session.url, page, `/mall/orders?status=DONE&kind=PHYSICAL&goodsId=${goodsId}`);
    await orderRow(page, orderNos.done).waitFor();
    await expect(page.locator('tr[data-testid=order-row]').count()).resolves.toBe(1);
    await orderRow(page, orderNos.done).locator('[data-testid=order-open]').click();
    const detail = page.locator('.ant-drawer-content').filter({ visible: true });
    await expectText(
      detail,
      new RegExp(
        `${orderNos.done}[\\s\\S]*已完成[\\s\\S]*${escape(GOODS)} × 1[\\s\\S]*${a.memberNo}[\\s\\S]*300 积分[\\s\\S]*商城自提店[\\s\\S]*已自提`,
      ),
    );
    await viewportShot(page, 'console-mall-07-order-detail');
    await detail.locator('.ant-drawer-close').click();
    await detail.waitFor({ state: 'hidden' });

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-testid=order-export]').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^兑换订单_\d{8}_\d{4}\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.slice(1).trim().split(/\r?\n/);
    expect(lines[0]).toBe(
      '订单号,商品,类型,数量,积分,现金（元）,会员号,会员昵称,自提门店,状态,兑换时间,完成时间,结束原因',
    );
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(orderNos.done);
    expect(lines[1]).toContain('已完成');
    for (const no of [orderNos.ready, orderNos.cancelled, orderNos.coupon]) expect(csv).not.toContain(no);

    // The member no. filter, typed in the form, lands in the URL.
    await openConsole(session.url, page, '/mall/orders');
    await orderRow(page, orderNos.coupon).waitFor();
    await page.getByText('展开', { exact: true }).click();
    await page.locator('#memberNo').fill(b.memberNo);
    await page.getByRole('button', { name: /查\s*询/ }).click();
    await page.waitForURL(new RegExp(`memberNo=${b.memberNo}`));
    await orderRow(page, orderNos.ready).waitFor();
    await orderRow(page, orderNos.done).waitFor({ state: 'detached' });
    await expect(page.locator('tr[data-testid=order-row]').count()).resolves.toBe(2);
  });

  it('draws 兑换看板: the figures and the charts of the period', async () => {
    await page.getByRole('menuitem', { name: /兑换看板/ }).click();
    await page.waitForURL(/#\/mall\/dashboard/);
    const board = page.locator('[data-testid=mall-dashboard]');
    // Done, ready and the coupon count; the cancelled order gave its points back.
    await expectText(board, /积分消耗\s*1,000[\s\S]*现金\s*¥0\.00[\s\S]*订单数\s*3[\s\S]*自提率\s*100\.0%/);
    const charts = page.locator('[data-testid=mall-charts] canvas');
    await charts.first().waitFor();
    expect(await charts.count()).toBeGreaterThanOrEqual(3);
    await page.waitForTimeout(800);
    await screenshot(page, 'console-mall-08-dashboard');

    // A period without redemptions: zero figures, no rate, and each chart says so.
    await openConsole(session.url, page, '/mall/dashboard?from=2026-01-01&to=2026-01-31');
    await expectText(board, /积分消耗\s*0[\s\S]*订单数\s*0[\s\S]*自提率\s*—[\s\S]*期间内暂无结束的自提订单/);
    await page.getByText('所选期间暂无兑换').nth(2).waitFor();
    await expect(page.getByText('所选期间暂无兑换').count()).resolves.toBe(3);
    await expect(page.locator('[data-testid=mall-charts] canvas').count()).resolves.toBe(0);
    await viewportShot(page, 'console-mall-08b-dashboard-empty');
  });

  it('lets an analyst read goods without write actions, and keeps store managers out of the dashboard', async () => {
    const analyst = await session.newPage('desktop');
    await consoleLogin(session.url, analyst, ANALYST);
    await analyst.getByRole('menuitem', { name: /积分商城/ }).click();
    await analyst.getByRole('menuitem', { name: /商品管理/ }).click();
    await goodsRow(analyst, goodsId).waitFor();
    await expect(analyst.locator('[data-testid=goods-create]').count()).resolves.toBe(0);
    await expect(goodsRow(analyst, goodsId).locator('[data-testid=goods-edit]').count()).resolves.toBe(0);
    await expect(
      goodsRow(analyst, goodsId).locator('a[aria-disabled=true], .ant-typography-disabled').count(),
    ).resolves.toBeGreaterThan(0);
    await viewportShot(analyst, 'console-mall-09-analyst-goods');
    // Orders: the total only, no rows and no CSV.
    await analyst.getByRole('menuitem', { name: /兑换订单/ }).click();
    await expectText(analyst.locator('[data-testid=order-table]'), /共 4 笔订单（当前账号只显示汇总数量，不显示明细）/);
    await expect(analyst.locator('[data-testid=order-export]').count()).resolves.toBe(0);

    const manager = await session.newPage('desktop');
    await consoleLogin(session.url, manager, MANAGER);
    await manager.getByRole('menuitem', { name: /积分商城/ }).click();
    await manager.getByRole('menuitem', { name: /兑换订单/ }).waitFor();
    await expect(manager.getByRole('menuitem', { name: /兑换看板/ }).count()).resolves.toBe(0);
    await openConsole(session.url, manager, '/mall/dashboard');
    await expectText(manager.locator('.ant-result'), /没有权限[\s\S]*当前账号无权访问此页面/);
  });
});

/** A 600×600 PNG that looks like a product photo: a tote bag on a beige ground. */
async function productImage(): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="600">
    <rect width="600" height="600" fill="#f3e3c3"/><rect x="150" y="190" width="300" height="320" rx="24" fill="#c8a165"/>
    <rect x="220" y="110" width="160" height="120" rx="50" fill="none" stroke="#8a6a3a" stroke-width="18"/></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Opens an antd Select by its input and picks the option whose text contains `label`. A click that lands
 * while the dropdown is still sliding in can miss, so it checks the selection and tries again.
 */
async function chooseOption(page: Page, select: Locator, label: string): Promise<void> {
  const box = select.locator('xpath=ancestor::div[contains(@class, "ant-select-selector")]');
  // The previous select's dropdown may still be sliding out (and not yet hidden): let it go first.
  await page.waitForFunction(
    () => !document.querySelector('.ant-select-dropdown[class*="slide-up-"]:not(.ant-select-dropdown-hidden)'),
  );
  for (let attempt = 0; attempt < 3; attempt++) {
    const dropdown = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').last();
    if (!(await dropdown.isVisible())) await box.click();
    const option = dropdown.locator('.ant-select-item-option', { hasText: label }).first();
    await option.waitFor({ state: 'visible' });
    await page.waitForFunction(
      () => !document.querySelector('.ant-select-dropdown[class*="slide-up-"]:not(.ant-select-dropdown-hidden)'),
    );
    await option.click();
    await page.waitForTimeout(100);
    if ((await box.innerText()).includes(label)) return;
  }
  expect(await box.innerText()).toContain(label);
}
