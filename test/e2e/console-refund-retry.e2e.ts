import type {
  EventAdmin,
  EventInput,
  EventSignupAdmin,
  EventSignupResult,
  MallGoodsAdmin,
  MallGoodsInput,
  MallOrderAdmin,
  MallOrderResult,
  Page as ListPage,
} from '@member/shared';
import type { Page } from 'playwright-core';
import {
  ADMIN,
  api,
  consoleLogin,
  expectText,
  openConsole,
  sandboxLogin,
  storeWithClerk,
  testOpenid,
  useBrowserSession,
  viewportShot,
} from './support';

jest.setTimeout(300_000);

// 重新退款 in the console: a member cancels a paid points + cash order and a paid event fee; WeChat Pay closes
// both refunds (the sandbox settles them CLOSED). The order's detail drawer and the event's 报名名单 say
// 退款关闭 and why, and offer 重新退款 (the amount and the reason confirmed in a popover); once confirmed the
// refund is 退款中 again as its second attempt, which WeChat then pays.
describe('console: 重新退款 of a refund WeChat Pay closed (mall order, event fee)', () => {
  const session = useBrowserSession();
  const tag = Date.now().toString(36).slice(-5).toUpperCase();
  let adminToken = '';
  let storeId = 0;
  let member: { token: string; memberNo: string; id: number };
  let page: Page;

  const post = <T>(path: string, body: unknown, token = adminToken) => api<T>(session.url, 'POST', path, body, token);
  const get = <T>(path: string, token = adminToken) => api<T>(session.url, 'GET', path, undefined, token);
  const until = async (what: string, ok: () => Promise<boolean>) => {
    for (let i = 0; i < 200; i++) {
      if (await ok()) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`timed out waiting for ${what}`);
  };
  const refundAtWechat = async (outRefundNo: string) =>
    (await fetch(`${session.url}/sandbox/pay/refunds/${outRefundNo}`)).status === 200;
  const closeAtWechat = (outRefundNo: string, status: 'CLOSED' | 'SUCCESS') =>
    post(`/sandbox/pay/refunds/${outRefundNo}/settle`, { status }, '');

  beforeAll(async () => {
    ({ token: adminToken } = await post<{ token: string }>('/api/v1/admin/auth/login', ADMIN, ''));
    const storeName = `退款门店${tag}`;
    await storeWithClerk(session.url, adminToken, { name: storeName, code: `RR${tag}` }, testOpenid());
    storeId = (await get<{ id: number; name: string }[]>('/api/v1/admin/stores')).find((s) => s.name === storeName)!.id;
    const login = await sandboxLogin(session.url, testOpenid());
    member = { token: login.token, memberNo: login.member.memberNo, id: login.member.id };
    await post(`/api/v1/admin/members/${member.id}/points/adjustments`, {
      delta: 300,
      reasonCode: 'goodwill',
      note: '退款测试积分',
      requestId: `rr-e2e-${member.memberNo}`,
    });
    page = await session.newPage('desktop');
    await consoleLogin(session.url, page, ADMIN);
  }, 180_000);

  it('a mall order: 退款关闭 in its detail, 重新退款 confirmed, 退款中 as the second attempt', async () => {
    const body: MallGoodsInput = {
      kind: 'PHYSICAL',
      name: `随行杯 ${tag}`,
      categoryId: null,
      description: '100 积分 + ¥9.90 换购，到店自提。',
      imageIds: [],
      pointsPrice: 100,
      cashFen: 990,
      stock: 10,
      perMemberLimit: null,
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
    const created = await post<MallGoodsAdmin>('/api/v1/admin/mall/goods', body);
    await post(`/api/v1/admin/mall/goods/${created.id}/status`, { status: 'ON_SALE', version: created.version });
    const redeemed = await post<MallOrderResult>(
      '/api/v1/me/mall/orders',
      { goodsId: created.id, quantity: 1, requestId: `rr-mall-${tag}` },
      member.token,
    );
    const { id, orderNo } = redeemed.order;
    await post(`/sandbox/pay/transactions/${orderNo}/pay`, {}, '');
    await until(
      'paid',
      async () => (await get<{ status: string }>(`/api/v1/me/mall/orders/${id}`, member.token)).status === 'READY',
    );
    await post(`/api/v1/me/mall/orders/${id}/cancel`, {}, member.token);
    await until('the refund asked', () => refundAtWechat(`${orderNo}R`));
    await closeAtWechat(`${orderNo}R`, 'CLOSED');
    const orderRow = async () =>
      (await get<ListPage<MallOrderAdmin>>(`/api/v1/admin/mall/orders?memberNo=${member.memberNo}`)).items.find(
        (o) => o.id === id,
      )!;
    await until('closed', async () => (await orderRow()).refund?.status === 'CLOSED');

    await openConsole(session.url, page, `/mall/orders?memberNo=${member.memberNo}`);
    await page.locator(`tr[data-order-no="${orderNo}"] [data-testid=order-open]`).click();
    const refund = page.locator('[data-testid=order-detail] [data-testid=order-refund]');
    await expectText(refund, /¥9\.90\s*退款关闭/);
    await expectText(refund, /微信支付已关闭该退款/);
    await viewportShot(page, 'refund-retry-01-mall-closed');
    await refund.locator('[data-testid=refund-retry]').click();
    const confirm = page.locator('.ant-popover').filter({ hasText: '重新退款 ¥9.90？' });
    await expectText(confirm, /会员尚未收到这笔钱/);
    await viewportShot(page, 'refund-retry-02-mall-confirm');
    await confirm.locator('[data-testid=refund-retry-confirm]').click();
    await expectText(
      page.locator('.ant-message'),
      new RegExp(`已向微信支付重新申请退款 ¥9\\.90，退款单号 ${orderNo}R2`),
    );
    await expectText(refund, /退款中/);
    await expectText(refund, new RegExp(`${orderNo}R2（第 2 次申请）`));
    expect(await refund.locator('[data-testid=refund-retry]').count()).toBe(0);
    await viewportShot(page, 'refund-retry-03-mall-retried');

    // WeChat pays it this time.
    await until('the second attempt asked', () => refundAtWechat(`${orderNo}R2`));
    await closeAtWechat(`${orderNo}R2`, 'SUCCESS');
    await until('refunded', async () => (await orderRow()).refund?.status === 'SUCCESS');
  });

  it('an event fee: 退款关闭 in the 报名名单, 重新退款, 退款中 (第 2 次)', async () => {
    const now = Date.now();
    const iso = (ms: number) => new Date(ms).toISOString();
    const input: EventInput = {
      title: `付费品鉴会 ${tag}`,
      posterIds: [],
      description: '现金报名费，取消可全额退款。',
      storeId,
      address: null,
      startsAt: iso(now + 72 * 3_600_000),
      endsAt: iso(now + 74 * 3_600_000),
      signupStartsAt: iso(now - 3_600_000),
      signupEndsAt: iso(now + 48 * 3_600_000),
      capacity: 10,
      tierCodes: null,
      feeKind: 'CASH',
      feePoints: 0,
      feeFen: 3_990,
      maxCompanions: 0,
      cancelDeadline: iso(now + 48 * 3_600_000),
      rewardPoints: 0,
      rewardCouponTemplateId: null,
    };
    const draft = await post<EventAdmin>('/api/v1/admin/events', input);
    const event = await post<EventAdmin>(`/api/v1/admin/events/${draft.id}/publish`, { version: draft.version });
    await post<EventSignupResult>(
      `/api/v1/me/events/${event.id}/signups`,
      { companions: 0, requestId: `rr-event-${tag}` },
      member.token,
    );
    const signup = async () =>
      (await get<ListPage<EventSignupAdmin>>(`/api/v1/admin/events/${event.id}/signups`)).items[0];
    const outTradeNo = (await signup()).payment!.outTradeNo;
    await post(`/sandbox/pay/transactions/${outTradeNo}/pay`, {}, '');
    await until('confirmed', async () => (await signup()).status === 'CONFIRMED');
    await post(`/api/v1/me/events/${event.id}/signups/cancel`, { requestId: `rr-cancel-${tag}` }, member.token);
    await until('the refund asked', () => refundAtWechat(`${outTradeNo}R`));
    await closeAtWechat(`${outTradeNo}R`, 'CLOSED');
    await until('closed', async () => (await signup()).payment?.refundStatus === 'CLOSED');

    await openConsole(session.url, page, `/events/${event.id}?tab=signups`);
    const row = page.locator(`tr[data-testid=signup-row][data-member-no="${member.memberNo}"]`);
    await expectText(row, /¥39\.90\s*已支付\s*退款关闭/);
    await expectText(row, /微信支付已关闭/);
    await viewportShot(page, 'refund-retry-04-event-closed');
    await row.locator('[data-testid=refund-retry]').click();
    const confirm = page.locator('.ant-popover').filter({ hasText: '重新退款 ¥39.90？' });
    await confirm.locator('[data-testid=refund-retry-confirm]').click();
    await expectText(row, /退款中（第 2 次）/);
    expect(await row.locator('[data-testid=refund-retry]').count()).toBe(0);
    await viewportShot(page, 'refund-retry-05-event-retried');
    await until('the second attempt asked', () => refundAtWechat(`${outTradeNo}R2`));
  });
});
