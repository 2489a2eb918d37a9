import type { Page } from 'playwright-core';
import type { CouponTemplateInput, MemberCoupon, Page as ListPage } from '@member/shared';
import {
  ADMIN,
  answerSubscribePopup,
  api,
  expectText,
  sandboxLogin,
  screenshot,
  storeWithClerk,
  testOpenid,
  toastGone,
  useBrowserSession,
  visible,
  waitForTaroPageSettled,
} from './support';
import { couponTemplateBody } from '../fixtures/coupon-template';

jest.setTimeout(180_000);

// The member side of coupons in H5: 领券中心 → claim (a double tap sends once, a lost answer is retried with the
// same request id) → 我的优惠券 with the QR → gift link → a friend accepts it.
describe('member coupons: claim, my coupons, gift', () => {
  const session = useBrowserSession();
  const giver = testOpenid();
  const friend = testOpenid();
  let giverToken = '';
  let friendToken = '';
  let staffToken = '';
  let page: Page;

  async function template(admin: string, over: Partial<CouponTemplateInput>): Promise<number> {
    const body = couponTemplateBody({
      totalStock: 50,
      instructions: '到店出示券码，结账时由店员扫码使用',
      ...over,
    });
    const t = await api<{ id: number }>(session.url, 'POST', '/api/v1/admin/coupon-templates', body, admin);
    await api(session.url, 'POST', `/api/v1/admin/coupon-templates/${t.id}/status`, { status: 'ACTIVE' }, admin);
    return t.id;
  }

  const usable = (token: string) =>
    api<ListPage<MemberCoupon>>(session.url, 'GET', '/api/v1/me/coupons?status=usable', undefined, token);

  beforeAll(async () => {
    const { token: admin } = await api<{ token: string }>(session.url, 'POST', '/api/v1/admin/auth/login', ADMIN);
    giverToken = (await sandboxLogin(session.url, giver)).token;
    friendToken = (await sandboxLogin(session.url, friend)).token;
    // Created oldest first; the center lists newest first.
    const tiers = await api<{ id: number }[]>(session.url, 'GET', '/api/v1/admin/tiers', undefined, admin);
    await template(admin, {
      name: '钻石专享 满200减50',
      faceValueFen: 5000,
      minSpendFen: 20_000,
      tierIds: [tiers.at(-1)!.id],
    });
    await template(admin, {
      name: '明日开抢 满50减10',
      faceValueFen: 1000,
      minSpendFen: 5000,
      claimStartsAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    const latte = await template(admin, {
      kind: 'EXCHANGE',
      name: '拿铁兑换券',
      faceValueFen: 3200,
      minSpendFen: 0,
      itemName: '拿铁一杯',
      totalStock: 1,
    });
    await template(admin, {
      kind: 'PERCENT_OFF',
      name: '全场 8.5 折',
      faceValueFen: 0,
      minSpendFen: 0,
      percentOff: 15,
      maxDiscountFen: 3000,
      totalStock: null,
      perMemberLimit: 2,
      giftable: false,
    });
    await template(admin, { name: '满100减20 🐶 周末限定超长名称的优惠券也要完整省略' });
    // A clerk, to use one of the giver's coupons at the counter.
    staffToken = await storeWithClerk(session.url, admin, { name: '券测试店', code: 'E2ECPN' });
    // Someone else takes the only latte voucher first.
    const other = (await sandboxLogin(session.url, testOpenid())).token;
    await api(session.url, 'POST', '/api/v1/me/coupons/claims', { templateId: latte, requestId: 'E2E-LATTE-1' }, other);
  }, 120_000);

  it('claims in 领券中心: distinct states, one claim per tap, a lost answer retried with the same id', async () => {
    page = await phone();
    const claims: string[] = [];
    page.on('request', (req) => {
      if (req.method() === 'POST' && req.url().endsWith('/api/v1/me/coupons/claims')) {
        claims.push((JSON.parse(req.postData() ?? '{}') as { requestId: string }).requestId);
      }
    });
    await page.goto(`${session.url}/h5/#/packages/coupons/center/index?openid=${giver}`);
    await waitForTaroPageSettled(page);
    const cards = visible(page, '#center-list').locator('.coupon-card');
    await cards.nth(4).waitFor();
    await screenshot(page, 'coupons-01-center');
    await expectText(
      cards.nth(0),
      /¥\s*20[\s\S]*满减券[\s\S]*满 ¥100\.00 可用[\s\S]*领取后 7 天内有效[\s\S]*每人限领 1 张[\s\S]*剩余 50 张/,
    );
    await expectText(cards.nth(1), /8\.5[\s\S]*折[\s\S]*无门槛，最多减 ¥30\.00[\s\S]*每人限领 2 张/);
    await expectText(cards.nth(2), /兑换[\s\S]*可兑换 拿铁一杯（价值 ¥32\.00）[\s\S]*已领完/);
    await expectText(cards.nth(2).locator('.nut-button'), /已领完/);
    await expectText(cards.nth(3), /明日开抢[\s\S]*领取尚未开始，请到时再来/);
    await expectText(cards.nth(3).locator('.nut-button'), /未开始/);
    await expectText(cards.nth(4), /钻石专享[\s\S]*您当前的会员等级暂不能领取/);
    await expectText(cards.nth(4).locator('.nut-button'), /等级不符/);
    await screenshot(page, 'coupons-01-center');

    // Rules fold open under the card.
    await cards.nth(0).locator('.coupon-rules__toggle').click();
    await expectText(
      cards.nth(0).locator('.coupon-rules__body'),
      /使用说明：到店出示券码[\s\S]*全部门店可用[\s\S]*每单限用一张/,
    );

    // A double tap sends one claim.
    await cards.nth(0).locator('.nut-button').dblclick();
    await expectText(page.locator('.nut-toast'), /领取成功/);
    // The coupon-expiry reminder is offered once; turned down, later claims in this session do not ask again.
    await answerSubscribePopup(page, 'cancel');
    await expectText(cards.nth(0).locator('.nut-button'), /去使用/);
    await expectText(cards.nth(0), /已领 1 张[\s\S]*剩余 49 张[\s\S]*已领取/);
    expect(claims).toHaveLength(1);
    await toastGone(page);
    await screenshot(page, 'coupons-02-center-claimed');

    // The answer of the next claim is lost (the server did issue it): the retry sends the same request id.
    await cards.nth(1).locator('.nut-button').click();
    await expectText(cards.nth(1).locator('.nut-button'), /再领一张/);
    await toastGone(page);
    let dropped = false;
    await page.route(/\/api\/v1\/me\/coupons\/claims$/, async (route) => {
      if (dropped) return route.continue();
      dropped = true;
      await route.fetch();
      await route.abort('failed');
    });
    await cards.nth(1).locator('.nut-button').click();
    await expectText(page.locator('.nut-toast'), /网络连接失败/);
    await expectText(cards.nth(1).locator('.nut-button'), /重试领取/);
    await toastGone(page);
    await cards.nth(1).locator('.nut-button').click();
    await expectText(cards.nth(1).locator('.nut-button'), /去使用/);
    await expectText(cards.nth(1), /已领 2 张/);
    expect(claims).toHaveLength(4);
    expect(claims[3]).toBe(claims[2]);
    expect(new Set(claims.slice(0, 3)).size).toBe(3);
    // Three coupons, not four: the retry answered the first claim.
    expect((await usable(giverToken)).total).toBe(3);
    await page.unroute(/\/api\/v1\/me\/coupons\/claims$/);
  });

  it('shows them in 我的优惠券 with the QR and the code in fours', async () => {
    await visible(page, '#center-mine-link').click();
    await page.waitForURL(/packages\/coupons\/mine\/index/);
    await waitForTaroPageSettled(page);
    await expectText(visible(page, '#coupon-tab-usable'), /可使用\(3\)/);
    const list = visible(page, '#coupon-list');
    await expect(list.locator('.coupon-card').count()).resolves.toBe(3);
    await expectText(list, /没有更多了/);
    await screenshot(page, 'coupons-03-mine-usable');

    await visible(page, '#coupon-tab-used').click();
    await expectText(visible(page, '#coupon-empty'), /暂无已使用的优惠券[\s\S]*去领券中心/);
    await screenshot(page, 'coupons-04-mine-used-empty');
    await visible(page, '#coupon-tab-usable').click();

    const cash = list.locator('.coupon-card', { hasText: '满100减20' });
    await cash.locator('.nut-button', { hasText: '出示券码' }).click();
    await page.waitForURL(/packages\/coupons\/detail\/index/);
    await waitForTaroPageSettled(page);
    const mine = (await usable(giverToken)).items.find((c) => c.terms.kind === 'CASH_OFF')!;
    const digits = mine.code.replace(/(\d{4})(?=\d)/g, '$1 ');
    await expectText(visible(page, '#coupon-code-digits'), new RegExp(`^${digits}$`));
    const qr = visible(page, '#coupon-qr');
    await qr.waitFor();
    const box = await qr.boundingBox();
    expect(box!.width).toBeGreaterThanOrEqual(180);
    expect(await qr.locator('img').getAttribute('src')).toMatch(/^data:image\/gif;base64,/);
    await expectText(visible(page, '#coupon-terms'), /有效期[\s\S]*使用说明[\s\S]*来源[\s\S]*领券中心领取/);
    await screenshot(page, 'coupons-05-detail');
  });

  it('gives a coupon to a friend by link; the friend accepts it and the giver loses it', async () => {
    await visible(page, '#coupon-gift').click();
    await page.waitForURL(/packages\/coupons\/gift\/index\?id=/);
    await waitForTaroPageSettled(page);
    await screenshot(page, 'coupons-06-gift-start');
    await visible(page, '#gift-create').click();
    const linkText = (await visible(page, '#gift-link').innerText()).trim();
    expect(linkText).toMatch(/\/h5\/#\/packages\/coupons\/gift\/index\?token=[\w-]+$/);
    await toastGone(page);
    await screenshot(page, 'coupons-07-gift-link');
    // 复制链接 puts the link on the clipboard.
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await visible(page, '#gift-copy').click();
    await expectText(page.getByText('内容已复制'), /内容已复制/);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(linkText);
    expect((await usable(giverToken)).items.find((c) => c.status === 'GIFTING')).toBeTruthy();

    // The giver opening their own link cannot take it.
    const own = await phone();
    await own.goto(`${linkText}&openid=${giver}`);
    await waitForTaroPageSettled(own);
    await expectText(visible(own, '#gift-status'), /等待好友领取/);
    expect(await own.locator('#gift-accept').count()).toBe(0);

    const friendPage = await phone();
    await friendPage.goto(`${linkText}&openid=${friend}`);
    await waitForTaroPageSettled(friendPage);
    await expectText(visible(friendPage, '#gift-from'), /送你一张优惠券/);
    await expectText(visible(friendPage, '#gift-card'), /满100减20/);
    await screenshot(friendPage, 'coupons-08-gift-receive');
    await visible(friendPage, '#gift-accept').click();
    await expectText(visible(friendPage, '#gift-status'), /领取成功/);
    await toastGone(friendPage);
    await screenshot(friendPage, 'coupons-09-gift-accepted');
    await visible(friendPage, '#gift-view').click();
    await friendPage.waitForURL(/packages\/coupons\/detail\/index/);
    await waitForTaroPageSettled(friendPage);
    await visible(friendPage, '#coupon-qr').waitFor();
    const received = (await usable(friendToken)).items;
    expect(received).toHaveLength(1);
    expect(received[0].source).toBe('GIFT');

    // The giver's link now says it was taken; the coupon left the giver's list.
    await own.reload();
    await waitForTaroPageSettled(own);
    await expectText(visible(own, '#gift-status'), /好友已领取/);
    expect((await usable(giverToken)).total).toBe(2);

    // A third member is too late.
    const late = await phone();
    await late.goto(`${linkText}&openid=${testOpenid()}`);
    await waitForTaroPageSettled(late);
    await expectText(visible(late, '#gift-status'), /来晚了，这张券已被好友领走/);
    await screenshot(late, 'coupons-10-gift-taken');
  });

  it('takes a gift back before anyone accepts it', async () => {
    const friendPage = await phone();
    await friendPage.goto(`${session.url}/h5/#/packages/coupons/mine/index?openid=${friend}`);
    await waitForTaroPageSettled(friendPage);
    await visible(friendPage, '#coupon-list').locator('.coupon-card').first().click();
    await friendPage.waitForURL(/packages\/coupons\/detail\/index/);
    await waitForTaroPageSettled(friendPage);
    await visible(friendPage, '#coupon-gift').click();
    await friendPage.waitForURL(/packages\/coupons\/gift\/index/);
    await waitForTaroPageSettled(friendPage);
    await visible(friendPage, '#gift-create').click();
    await visible(friendPage, '#gift-link').waitFor();
    await visible(friendPage, '#gift-cancel').click();
    await screenshot(friendPage, 'coupons-11-gift-cancel-confirm');
    await visible(friendPage, '.nut-dialog-footer-ok').click();
    await visible(friendPage, '#gift-create').waitFor();
    expect((await usable(friendToken)).items[0].status).toBe('USABLE');
  });

  it('首页 and 我的 lead to the coupons with the usable count', async () => {
    const home = await phone();
    await home.goto(`${session.url}/h5/#/pages/home/index?openid=${giver}`);
    await expectText(home.locator('#home-coupon-count'), /^2$/);
    await expectText(home.locator('#home-coupon-center'), /领券中心/);
    await screenshot(home, 'coupons-12-home-entries');
    await home.locator('#home-coupon-center').click();
    await home.waitForURL(/packages\/coupons\/center\/index/);
    await waitForTaroPageSettled(home);
    await visible(home, '#center-list').locator('.coupon-card').first().waitFor();

    await home.goto(`${session.url}/h5/#/pages/mine/index?openid=${giver}`);
    await expectText(home.locator('#coupons-entry .nut-cell'), /我的优惠券[\s\S]*2 张可用/);
    await screenshot(home, 'coupons-13-mine-entry');
    await home.locator('#coupons-entry .nut-cell').click();
    await home.waitForURL(/packages\/coupons\/mine\/index/);
    await waitForTaroPageSettled(home);
    await expectText(visible(home, '#coupon-tab-usable'), /可使用\(2\)/);
  });

  it('stamps a coupon used at the counter under 已使用; a failed load offers 重新加载', async () => {
    const percent = (await usable(giverToken)).items.find((c) => c.terms.kind === 'PERCENT_OFF')!;
    const { code: memberCode } = await api<{ code: string }>(
      session.url,
      'GET',
      '/api/v1/me/card',
      undefined,
      giverToken,
    );
    const { checkoutId } = await api<{ checkoutId: number }>(
      session.url,
      'POST',
      '/api/v1/staff/checkouts',
      { memberCode },
      staffToken,
    );
    await api(
      session.url,
      'POST',
      '/api/v1/staff/purchases',
      { checkoutId, amountFen: 5000, receiptNo: 'E2E-CPN-1', couponIds: [percent.id] },
      staffToken,
    );

    const p = await phone();
    await p.goto(`${session.url}/h5/#/packages/coupons/mine/index?tab=used&openid=${giver}`);
    await waitForTaroPageSettled(p);
    const card = visible(p, '#coupon-list').locator('.coupon-card').first();
    await expectText(card, /全场 8\.5 折[\s\S]*使用 · 券测试店[\s\S]*已使用/);
    expect(await card.locator('.nut-button').count()).toBe(0);
    await screenshot(p, 'coupons-14-mine-used');

    await p.route(/\/api\/v1\/coupon-center$/, (route) => route.abort('failed'));
    await p.goto(`${session.url}/h5/#/packages/coupons/center/index?openid=${giver}`);
    await waitForTaroPageSettled(p);
    await expectText(visible(p, '#center-error'), /网络连接失败[\s\S]*重新加载/);
    await screenshot(p, 'coupons-15-center-network-error');
    await p.unroute(/\/api\/v1\/coupon-center$/);
    await visible(p, '#center-error').locator('.nut-button').click();
    await visible(p, '#center-list').locator('.coupon-card').first().waitFor();

    // The narrowest phones: cards shrink, nothing runs off the side.
    await p.setViewportSize({ width: 320, height: 640 });
    expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await screenshot(p, 'coupons-16-center-320');
  });

  /** A phone page at 375×812, the size the screenshots are judged at. */
  async function phone(): Promise<Page> {
    const p = await session.newPage();
    await p.setViewportSize({ width: 375, height: 812 });
    return p;
  }
});
