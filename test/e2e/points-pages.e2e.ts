import type { Page } from 'playwright-core';
import { formatCny, type PurchaseResult, type RefundResult, type ShiftSummary } from '@member/shared';
import { ringUpSale } from '../fixtures/sale-setup';
import {
  ADMIN,
  api,
  expectText,
  sandboxLogin,
  screenshot,
  testOpenid,
  toastGone,
  useBrowserSession,
  visible,
  waitForTaroPageSettled,
} from './support';

jest.setTimeout(120_000);

// 我的等级, 退款 and 今日交班 against the real server. Default ladder: 普通 0 / 银卡 ¥1,000 (keep ¥800, ×1.2)
// / 金卡 ¥5,000 / 钻石 ¥20,000; earning is 1 point per paid yuan times the tier multiplier.
describe('points pages: tier, refund, shift summary', () => {
  const session = useBrowserSession();
  const newPage = session.newPage;

  const memberOpenid = testOpenid();
  const clerkOpenid = testOpenid();
  let memberToken = '';
  let clerkStaffToken = '';
  let otherStaffToken = '';
  let inviteCode = '';
  let staffPage: Page;
  let uiPurchase = { receiptNo: '', earned: 0 };
  let apiPurchase: PurchaseResult;

  async function loginMember(openid: string): Promise<string> {
    return (await sandboxLogin(session.url, openid)).token;
  }

  /** A fresh member code, as the member's card would show it. */
  async function memberCode(token = memberToken): Promise<string> {
    return (await api<{ code: string }>(session.url, 'GET', '/api/v1/me/card', undefined, token)).code;
  }

  function purchase(staffToken: string, amountFen: number, receiptNo: string) {
    const post = <T>(path: string, body: unknown, token: string) => api<T>(session.url, 'POST', path, body, token);
    return ringUpSale(memberCode, post, { staffToken, memberToken, amountFen, receiptNo });
  }

  beforeAll(async () => {
    const { token: admin } = await api<{ token: string }>(session.url, 'POST', '/api/v1/admin/auth/login', ADMIN);
    const store = await api<{ id: number }>(
      session.url,
      'POST',
      '/api/v1/admin/stores',
      { name: '测试二号店', code: 'E2E002' },
      admin,
    );
    const invite = () =>
      api<{ inviteCode: string }>(
        session.url,
        'POST',
        '/api/v1/admin/staff-invites',
        { storeId: store.id, role: 'clerk' },
        admin,
      );
    inviteCode = (await invite()).inviteCode;

    // A second clerk at the same store, so 我的 and 本店 differ on 今日交班.
    const other = await loginMember(testOpenid());
    const otherInvite = (await invite()).inviteCode;
    otherStaffToken = (
      await api<{ token: string }>(
        session.url,
        'POST',
        '/api/v1/staff/invites/redeem',
        { inviteCode: otherInvite },
        other,
      )
    ).token;
    memberToken = await loginMember(memberOpenid);
  }, 120_000);

  it('a clerk joins the store and rings up a purchase on the purchase page; more come in over the API', async () => {
    staffPage = await newPage();
    const page = staffPage;
    await page.goto(`${session.url}/h5/#/pages/mine/index?openid=${clerkOpenid}`);
    // Not staff yet: no 店员入口, the invite link instead; the invite shows its role and store first.
    await page.locator('#staff-invite-link').click();
    await page.waitForURL(/packages\/staff\/redeem\/index/);
    await waitForTaroPageSettled(page);
    await page.locator('#invite-code-input input').fill(inviteCode);
    await page.locator('#invite-submit').click();
    await expectText(page.locator('#invite-preview'), /店员/);
    await page.locator('#invite-confirm').click();

    // The scan page offers 退款 and 今日交班 next to scanning.
    await page.waitForURL(/packages\/staff\/scan\/index/);
    await waitForTaroPageSettled(page);
    await expectText(visible(page, '#staff-tool-refund'), /退款/);
    await expectText(visible(page, '#staff-tool-summary'), /今日交班/);
    await screenshot(page, 'points-01-staff-scan-toolbar');

    await visible(page, '#staff-code-input input').fill(await memberCode());
    await page.waitForFunction(() => !document.querySelector('#staff-lookup-submit')?.className.includes('disabled'));
    await visible(page, '#staff-lookup-submit').click();
    await page.waitForURL(/packages\/staff\/member\/index/);
    await waitForTaroPageSettled(page);
    await visible(page, '#lookup-purchase').click();
    await page.waitForURL(/packages\/staff\/purchase\/index/);
    await waitForTaroPageSettled(page);
    await visible(page, '#purchase-amount input').fill('1050');
    await expectText(visible(page, '#purchase-payable-preview'), /1,050\.00/);
    // The quote has come back (what the sale earns is shown): the sale can be confirmed.
    await expectText(visible(page, '#purchase-earn-preview'), /^\+1,050$/);
    await visible(page, '#purchase-submit').click();
    await visible(page, '#purchase-confirm-submit').click();

    // ¥1,050 at 普通会员 earns 1,050 points and reaches 银卡会员 (¥1,000).
    await expectText(visible(page, '#purchase-earned'), /^\+1,050$/);
    await expectText(visible(page, '#purchase-promoted'), /银卡会员/);
    await expectText(visible(page, '#purchase-refund'), /退款这笔消费/);
    await expectText(visible(page, '#purchase-summary'), /今日交班/);
    uiPurchase = { receiptNo: (await visible(page, '#purchase-receipt-no').innerText()).trim(), earned: 1050 };
    expect(uiPurchase.receiptNo).toMatch(/^R\d{20}$/);
    await screenshot(page, 'points-02-staff-purchase-result');

    // Same clerk over the API (staff token from the member session), and the other clerk.
    clerkStaffToken = (
      await api<{ token: string }>(
        session.url,
        'POST',
        '/api/v1/staff/session',
        undefined,
        await loginMember(clerkOpenid),
      )
    ).token;
    apiPurchase = await purchase(clerkStaffToken, 20_000, 'E2E-R2');
    expect(apiPurchase.pointsEarned).toBe(240); // ¥200 × 1.2 at 银卡会员
    await purchase(otherStaffToken, 5_000, 'E2E-R3');
  });

  it('the member sees the tier on 首页 and 会员卡 and opens 我的等级 from 我的', async () => {
    const page = await newPage();
    await page.goto(`${session.url}/h5/#/pages/home/index?openid=${memberOpenid}`);
    await expectText(page.locator('#home-tier'), /银卡会员/);
    const privacy = page.locator('#privacy-prompt');
    if (await privacy.isVisible()) {
      await page.locator('#privacy-accept').click();
      await privacy.waitFor({ state: 'detached' });
      await toastGone(page);
    }
    await screenshot(page, 'points-03-member-home-tier');

    await page.locator('.weui-tabbar__item', { hasText: '会员码' }).click();
    await page.waitForURL(/pages\/card\/index/);
    await waitForTaroPageSettled(page);
    await expectText(visible(page, '#card-tier'), /银卡会员/);
    await screenshot(page, 'points-04-member-card-tier');

    await page.locator('.weui-tabbar__item', { hasText: '我的' }).click();
    await page.waitForURL(/pages\/mine\/index/);
    await waitForTaroPageSettled(page);
    const cell = page.locator('#tier-entry .nut-cell');
    await expectText(cell, /我的等级[\s\S]*银卡会员/);
    await screenshot(page, 'points-04b-member-mine-tier');
    await cell.click();

    await page.waitForURL(/packages\/points\/tier\/index/);
    await waitForTaroPageSettled(page);
    // Growth ¥1,050 + ¥200 + ¥50 = ¥1,300; 金卡会员 needs ¥5,000; 银卡 is kept from ¥800.
    await expectText(visible(page, '#tier-name'), /^银卡会员$/);
    await expectText(visible(page, '#tier-growth'), /^1,300$/);
    await expectText(visible(page, '#tier-benefits'), /积分 ×1\.2/);
    await expectText(visible(page, '#tier-upgrade'), /^再消费 ¥3,700 即可升级为 金卡会员$/);
    await expectText(visible(page, '#tier-keep'), /^已达保级线$/);
    expect(await page.locator('#tier-pinned').count()).toBe(0);
    const ladder = visible(page, '#tier-ladder');
    await expectText(ladder, /普通会员[\s\S]*银卡会员[\s\S]*金卡会员[\s\S]*钻石会员/);
    await expectText(ladder.locator('.tier__rung--current'), /银卡会员[\s\S]*当前[\s\S]*成长值 ¥1,000/);
    await expectText(ladder, /金卡会员[\s\S]*积分 ×1\.5 · 生日礼遇/);
    await screenshot(page, 'points-05-member-tier');
  });

  it('the clerk refunds part of the purchase; a retry after a lost answer does not refund twice', async () => {
    const page = staffPage;
    await visible(page, '#purchase-refund').click();
    await page.waitForURL(/packages\/staff\/refund\/index/);
    await waitForTaroPageSettled(page);
    expect(await visible(page, '#refund-receipt input').inputValue()).toBe(uiPurchase.receiptNo);

    const refundNos: string[] = [];
    page.on('request', (req) => {
      if (req.method() === 'POST' && /\/refunds$/.test(req.url())) {
        refundNos.push((JSON.parse(req.postData() ?? '{}') as { refundNo: string }).refundNo);
      }
    });

    // The receipt is looked up: whose bill, and what is left to refund. More than that cannot be sent.
    await expectText(visible(page, '#refund-refundable'), /^可退 ¥1,050\.00$/);
    await visible(page, '#refund-amount input').fill('2000');
    await expectText(page.getByText('超过可退金额 ¥1,050.00'), /超过可退金额/);
    await page.waitForFunction(() => !!document.querySelector('#refund-submit')?.className.includes('disabled'));

    // An unknown receipt: the lookup says so, and the server's zh-CN refusal shows as a toast.
    await visible(page, '#refund-receipt input').fill('NO-SUCH-1');
    await expectText(visible(page, '#refund-lookup-error'), /本店没有这张小票的消费记录/);
    await confirmRefund(page, /退还现金 ¥2,000\.00[\s\S]*退货金额 ¥2,000\.00/);
    await expectText(page.locator('.nut-toast').getByText('本店没有这张小票的消费记录'), /本店没有/);
    await toastGone(page);
    await visible(page, '#refund-receipt input').fill(uiPurchase.receiptNo);
    await expectText(visible(page, '#refund-refundable'), /^可退 ¥1,050\.00$/);

    // The first answer is lost on the way back (the server did refund); the retry resends the same refundNo.
    let dropped = false;
    await page.route(/\/refunds$/, async (route) => {
      if (dropped) return route.continue();
      dropped = true;
      await route.fetch();
      await route.abort('failed');
    });
    await visible(page, '#refund-amount input').fill('300');
    // Nothing of this bill was paid with points: all of it goes back as cash.
    await expectText(visible(page, '#refund-split'), /^退还现金 ¥300\.00$/);
    await confirmRefund(page, /退还现金 ¥300\.00[\s\S]*退货金额 ¥300\.00/, 'points-06a-staff-refund-confirm');
    await expectText(page.getByText('网络连接失败，请检查网络后重试'), /网络连接失败/);
    await expectText(visible(page, '#refund-retry-note'), /不会重复退款/);
    await expectText(visible(page, '#refund-submit'), /重新提交退款/);
    await toastGone(page);
    await screenshot(page, 'points-06-staff-refund-retry');

    await confirmRefund(page, /退还现金 ¥300\.00/);
    await expectText(visible(page, '#refund-result-amount'), /^¥300\.00$/);
    await expectText(visible(page, '#refund-result-cash'), /^¥300\.00$/);
    await expectText(visible(page, '#refund-amount-done'), /^¥300\.00$/);
    // ¥300 of ¥1,050: 300 of the 1,050 earned points and ¥300 of growth come back; nothing was paid with points.
    await expectText(visible(page, '#refund-result-total'), /^¥300\.00$/);
    await expectText(visible(page, '#refund-result-returned'), /^0 分$/);
    await expectText(visible(page, '#refund-result-clawed'), /^300 分$/);
    await expectText(visible(page, '#refund-result-growth'), /^300$/);
    expect(await page.locator('#refund-result-shortfall').count()).toBe(0);
    await expectText(visible(page, '#refund-result'), /未重复退款/);
    expect(refundNos).toHaveLength(3);
    expect(refundNos[1]).toMatch(/^F\d{20}$/);
    expect(refundNos[2]).toBe(refundNos[1]);
    expect(refundNos[0]).not.toBe(refundNos[1]);
    await screenshot(page, 'points-07-staff-refund-result');

    // 继续退款 goes back to today's sales; the next one is a new refund with a new refundNo.
    await visible(page, '#refund-next').click();
    await visible(page, '#sales-search input').fill('E2E-R2');
    await expectText(visible(page, '#sales-total'), /^找到 1 笔$/);
    await visible(page, '#sales .sales__item').click();
    expect(await visible(page, '#refund-receipt input').inputValue()).toBe('E2E-R2');
    await visible(page, '#refund-amount input').fill('100.00');
    await confirmRefund(page, /退还现金 ¥100\.00/);
    await expectText(visible(page, '#refund-result-total'), /^¥100\.00$/);
    await expectText(visible(page, '#refund-result-clawed'), /^120 分$/);
    expect(refundNos).toHaveLength(4);
    expect(refundNos[3]).not.toBe(refundNos[1]);
    const check = await api<RefundResult>(
      session.url,
      'POST',
      `/api/v1/staff/purchases/${uiPurchase.receiptNo}/refunds`,
      { amountFen: 30_000, refundNo: refundNos[1] },
      clerkStaffToken,
    );
    expect(check).toMatchObject({ replayed: true, refundedTotalFen: 30_000 });
  });

  it('the clerk opens 今日交班 and sees their own and the store totals', async () => {
    const page = staffPage;
    await visible(page, '#refund-summary').click();
    await page.waitForURL(/packages\/staff\/summary\/index/);
    await waitForTaroPageSettled(page);
    const expected = await api<ShiftSummary>(
      session.url,
      'GET',
      '/api/v1/staff/shift-summary',
      undefined,
      clerkStaffToken,
    );

    await expectText(visible(page, '#summary-store'), /^测试二号店$/);
    await expectText(visible(page, '#summary-date'), new RegExp(`^${expected.date}$`));
    const mine = visible(page, '#summary-mine');
    await expectText(mine.locator('[data-field=purchases]'), /^2$/);
    await expectText(mine.locator('[data-field=amount]'), /^¥1,250\.00$/);
    await expectText(
      mine.locator('[data-field=earned]'),
      new RegExp(`^${(uiPurchase.earned + apiPurchase.pointsEarned).toLocaleString('en-US')}$`),
    );
    await expectText(mine.locator('[data-field=used]'), /^0$/);
    await expectText(mine.locator('[data-field=refunds]'), /^-¥400\.00$/);
    // Cash in the till net of refunds, with thousands separators.
    const net = formatCny(expected.mine.netCashFen).replace(/[.$]/g, '\\$&');
    await expectText(mine.locator('[data-field=net]'), new RegExp(`^${net}$`));
    await expectText(mine, /退款 2 笔/);
    const store = visible(page, '#summary-store-totals');
    await expectText(store.locator('[data-field=purchases]'), /^3$/);
    await expectText(store.locator('[data-field=amount]'), /^¥1,300\.00$/);
    await expectText(
      store.locator('[data-field=earned]'),
      new RegExp(`^${expected.store.pointsEarned.toLocaleString('en-US')}$`),
    );
    await screenshot(page, 'points-08-staff-shift-summary');

    // A purchase elsewhere at the store shows after a refresh.
    await purchase(otherStaffToken, 1_000, 'E2E-R4');
    await visible(page, '#summary-refresh').click();
    await expectText(store.locator('[data-field=purchases]'), /^4$/);
    await expectText(mine.locator('[data-field=purchases]'), /^2$/);
  });
});

async function confirmRefund(page: Page, text: RegExp, shot?: string): Promise<void> {
  await page.waitForFunction(() => {
    const btn = [...document.querySelectorAll('#refund-submit')].find((b) => (b as HTMLElement).offsetParent);
    return !!btn && !btn.className.includes('disabled');
  });
  await visible(page, '#refund-submit').click();
  await expectText(visible(page, '#refund-confirm-text'), text);
  if (shot) await screenshot(page, shot);
  await visible(page, '.nut-dialog-footer-ok').click();
}
