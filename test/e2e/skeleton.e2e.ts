import type { Page } from 'playwright-core';
import { ADMIN, api, screenshot, testOpenid, waitForTaroPageSettled, expectText, useBrowserSession } from './support';

jest.setTimeout(120_000);

describe('skeleton: member card → staff checkout → console audit', () => {
  const session = useBrowserSession();
  const newPage = session.newPage;

  // Shared across the ordered steps below.
  let memberNo = '';
  let memberCode = '';
  let memberNickname = '';
  // The member keeps the card on screen while the clerk scans and sells, as at a real counter.
  let memberPage: Page;
  const memberOpenid = testOpenid();

  it('member opens the H5 app, is logged in through the sandbox and sees a QR member card', async () => {
    const page = await newPage('mobile');
    memberPage = page;
    await page.setViewportSize({ width: 375, height: 812 });
    await page.goto(`${session.url}/h5/#/pages/home/index?openid=${memberOpenid}`);

    // Launch login through the WeChat sandbox creates the member and shows their number.
    const memberNoEl = page.locator('#member-no');
    await memberNoEl.waitFor({ state: 'visible' });
    await expectText(memberNoEl, /\S+/);
    memberNo = (await memberNoEl.innerText()).trim();
    expect(memberNo).toMatch(/^\d{6,}$/);
    await expect(page.locator('.home__welcome').innerText()).resolves.toContain('欢迎加入会员');

    const privacy = page.locator('#privacy-prompt');
    if (await privacy.isVisible()) {
      await expect(privacy.innerText()).resolves.toContain('隐私');
      await screenshot(page, '01-member-home-privacy');
      await page.locator('#privacy-accept').click();
      await privacy.waitFor({ state: 'detached' });
    }

    // Switch to the 会员码 tab as a person would, via the tab bar.
    await page.locator('.weui-tabbar__item', { hasText: '会员码' }).click();
    await page.waitForURL(/pages\/card\/index/);
    await waitForTaroPageSettled(page);

    const qr = page.locator('#card-qr img');
    await qr.waitFor({ state: 'visible' });
    expect(await qr.getAttribute('src')).toMatch(/^data:image\//);
    const box = await qr.boundingBox();
    expect(box && box.width > 100 && box.height > 100).toBe(true);

    const codeEl = page.locator('#card-code');
    await expectText(codeEl, /^\d{4}( \d{4}){3} \d{2}$/);
    const grouped = (await codeEl.innerText()).trim();
    memberCode = grouped.replace(/\s/g, '');
    expect(memberCode).toHaveLength(18);

    memberNickname = (await page.locator('.card__title').innerText()).trim();
    expect(memberNickname).toMatch(/^会员/);
    const panel = await page.locator('.card__panel').innerText();
    expect(panel).toContain(`会员号 ${memberNo}`);
    expect(panel).toMatch(/秒后失效/);

    await screenshot(page, '02-member-card');
  });

  it('staff redeems an invite, scans the code (opening a checkout) and rings up a sale the card shows', async () => {
    expect(memberCode).toHaveLength(18);

    // Operator-side setup over HTTP: a store and a clerk invite for it.
    const { token } = await api<{ token: string }>(session.url, 'POST', '/api/v1/admin/auth/login', ADMIN);
    const store = await api<{ id: number; name: string }>(
      session.url,
      'POST',
      '/api/v1/admin/stores',
      { name: '测试一号店', code: 'E2E001' },
      token,
    );
    const { inviteCode } = await api<{ inviteCode: string }>(
      session.url,
      'POST',
      '/api/v1/admin/staff-invites',
      { storeId: store.id, role: 'clerk' },
      token,
    );

    const page = await newPage('mobile');
    await page.setViewportSize({ width: 375, height: 812 });
    await page.goto(`${session.url}/h5/#/pages/home/index?openid=${testOpenid()}`);
    await expectText(page.locator('#member-no'), /^\d{6,}$/);
    const staffMemberNo = (await page.locator('#member-no').innerText()).trim();
    expect(staffMemberNo).not.toBe(memberNo);

    // 我的: no 店员入口 for a member who is not staff, only the quiet invite link.
    await page.locator('.weui-tabbar__item', { hasText: '我的' }).click();
    await page.waitForURL(/pages\/mine\/index/);
    await waitForTaroPageSettled(page);
    expect(await page.locator('#staff-entry').count()).toBe(0);
    await page.locator('#staff-invite-link').click();

    await page.waitForURL(/packages\/staff\/redeem\/index/);
    await waitForTaroPageSettled(page);
    await expect(page.locator('.staff__banner-title').innerText()).resolves.toContain('绑定门店店员');
    await page.locator('#invite-code-input input').fill(inviteCode);
    await page.locator('#invite-submit').click();
    // The invite says what it grants before the member confirms.
    await expectText(page.locator('#invite-preview'), /测试一号店 · 店员/);
    await page.locator('#invite-confirm').click();

    // Bound to the store: lands on the scan page titled with the store name.
    await page.waitForURL(/packages\/staff\/scan\/index/);
    await waitForTaroPageSettled(page);
    await expectText(page.locator('.staff__banner-title').filter({ visible: true }), /测试一号店/);
    await page.locator('#staff-code-input input').fill(memberCode);
    await expectText(page.locator('.staff__tip').filter({ hasText: '/18' }), /（18\/18）/);
    const submit = page.locator('#staff-lookup-submit');
    await page.waitForFunction(() => !document.querySelector('#staff-lookup-submit')?.className.includes('disabled'));
    await screenshot(page, '03-staff-scan');
    await submit.click();

    // The scan opened a checkout: the member strip (masked name, tier, points) and its 10-minute countdown.
    await page.waitForURL(/packages\/staff\/member\/index\?checkoutId=\d+/);
    await waitForTaroPageSettled(page);
    const shown = (selector: string) => page.locator(selector).filter({ visible: true });
    await expectText(shown('#checkout-member-no'), new RegExp(`^${memberNo}$`));
    await expectText(shown('#checkout-name'), new RegExp(`^${memberNickname[0]}\\*${memberNickname.slice(-1)}$`));
    await expectText(shown('#checkout-tier'), /普通会员/);
    await expectText(shown('#checkout-balance'), /^100$/);
    await expectText(shown('#checkout-countdown'), /^有效 (10:00|09:5\d)$/);
    await screenshot(page, '04-staff-checkout-member');

    // Meanwhile the member's card notices the scan: the spent code greys out.
    await expectText(memberPage.locator('#card-scanned'), /店员已扫码[\s\S]*测试一号店/);
    expect(await memberPage.locator('#card-code').count()).toBe(0);
    await screenshot(memberPage, '04b-member-card-scanned');

    // 收款: ¥128.50 at the entry tier earns 128 points, on top of the 100-point sign-up bonus.
    await shown('#lookup-purchase').click();
    await page.waitForURL(/packages\/staff\/purchase\/index/);
    await waitForTaroPageSettled(page);
    await shown('#purchase-amount input').fill('128.50');
    await expectText(shown('#purchase-payable-preview'), /^¥128\.50$/);
    await expectText(shown('#purchase-earn-preview'), /^\+128$/);
    // Any number of points up to the cap (here the 100-point balance), priced live; then none for this sale.
    await expectText(shown('#purchase-points-max'), /^最多可用 100 分（抵 ¥1\.00）$/);
    await shown('#purchase-points input').fill('37');
    await expectText(shown('#purchase-deduction-preview'), /^−¥0\.37$/);
    await expectText(shown('#purchase-payable-preview'), /^¥128\.13$/);
    await shown('#purchase-points-all').click();
    await expectText(shown('#purchase-deduction-preview'), /^−¥1\.00$/);
    await expectText(shown('#purchase-payable-preview'), /^¥127\.50$/);
    await expectText(shown('#purchase-earn-preview'), /^\+127$/);
    await screenshot(page, '05-staff-purchase-points');
    await shown('#purchase-points-clear').click();
    await expectText(shown('#purchase-payable-preview'), /^¥128\.50$/);
    await shown('#purchase-submit').click();
    await expectText(shown('#purchase-confirm'), /应收[\s\S]*¥128\.50[\s\S]*还需支付[\s\S]*¥128\.50/);
    await page.waitForTimeout(400); // the sheet's slide-in
    await screenshot(page, '05a-staff-purchase-confirm');
    await shown('#purchase-confirm-submit').click();
    await expectText(shown('#purchase-earned'), /^\+128$/);
    await expectText(shown('#purchase-balance'), /^228$/);
    await screenshot(page, '05-staff-purchase-result');

    // The member's card shows 消费成功 with the line items, and the balance is fresh behind it.
    const sheet = memberPage.locator('#card-sale-sheet');
    await expectText(sheet, /测试一号店/);
    await expectText(sheet.locator('#sale-paid'), /^¥128\.50$/);
    await expectText(sheet.locator('#sale-earned'), /^\+128$/);
    await expectText(sheet.locator('#sale-balance'), /^228$/);
    await expectText(memberPage.getByText('消费成功').filter({ visible: true }).first(), /^消费成功$/);
    await memberPage.waitForTimeout(400); // the sheet's slide-in
    await screenshot(memberPage, '05b-member-card-sale-sheet');
    await memberPage.locator('#sale-done').click();
    await sheet.waitFor({ state: 'detached' });
    await expectText(memberPage.locator('#points-balance').filter({ visible: true }), /^228$/);
    await expectText(memberPage.locator('#card-code'), /^\d{4}( \d{4}){3} \d{2}$/);
    expect((await memberPage.locator('#card-code').innerText()).replace(/\s/g, '')).not.toBe(memberCode);
    await screenshot(memberPage, '05c-member-card-after-sale');
  });

  it('member sees the purchase in the points history with its expiry', async () => {
    const page = await newPage('mobile');
    await page.goto(`${session.url}/h5/#/packages/points/history/index?openid=${memberOpenid}`);
    await expectText(page.locator('#points-history-balance').filter({ visible: true }), /228/);
    await expectText(page.locator('#points-history').filter({ visible: true }), /消费 ¥128\.50 获得积分[\s\S]*\+128/);
    await expectText(page.locator('#points-expiring').filter({ visible: true }), /\d{4}-\d{2}-\d{2} 到期 228 分/);
    await screenshot(page, '06-member-points-history');
  });

  it('operator finds the member in the console and sees the staff lookup in the audit log', async () => {
    expect(memberNo).not.toBe('');
    const page = await newPage('desktop');
    await page.goto(`${session.url}/console/`);

    await page.locator('#username').fill(ADMIN.username);
    await page.locator('#password').fill(ADMIN.password);
    await page.locator('[data-testid=login-submit]').click();
    await page.waitForURL(/#\/(?!login)/);

    // 会员 → search by member no.
    await page.getByRole('menuitem', { name: /会员/ }).first().click();
    await page.waitForURL(/#\/members/);
    // The unfiltered list has both the member and the staff member; searching narrows it to one.
    await page.waitForFunction(() => document.querySelectorAll('tr[data-testid=member-row]').length === 2);
    const search = searchInput(page);
    await search.fill(memberNo);
    await search.press('Enter');
    await page.waitForFunction((no) => {
      const rows = document.querySelectorAll('tr[data-testid=member-row]');
      return rows.length === 1 && rows[0].getAttribute('data-member-no') === no;
    }, memberNo);
    const row = page.locator(`tr[data-testid=member-row][data-member-no="${memberNo}"]`);
    await row.waitFor({ state: 'visible' });
    await expect(row.innerText()).resolves.toContain(memberNo);
    await screenshot(page, '07-console-member-search');

    await row.getByRole('link', { name: memberNo }).click();
    await page.waitForURL(/#\/members\/\d+/);
    const detail = page.locator('[data-testid=member-detail]');
    await expectText(detail, new RegExp(memberNo));
    const detailText = await detail.innerText();
    expect(detailText).toContain('会员号');
    expect(detailText).toMatch(/隐私政策\s*\S+（.*同意）/);
    // The purchase made at the counter shows in the member's points ledger.
    await expectText(page.locator('[data-testid=member-points-balance]'), /228/);
    await expectText(page.locator('[data-testid=member-points-table]'), /消费 ¥128\.50 获得积分[\s\S]*\+128/);
    await page.locator('[data-testid=member-points]').scrollIntoViewIfNeeded();
    await screenshot(page, '08-console-member-detail');

    // 审计日志 → the staff lookup is recorded.
    await page.getByRole('menuitem', { name: /审计日志/ }).click();
    await page.waitForURL(/#\/audit/);
    const auditTable = page.locator('[data-testid=audit-table]');
    const lookupRow = auditTable.locator('tr[data-testid=audit-row]', { hasText: '店员查询会员' });
    await lookupRow.first().waitFor({ state: 'visible' });
    const lookupText = await lookupRow.first().innerText();
    expect(lookupText).toContain('测试一号店');
    expect(lookupText).toMatch(/店员/);
    await screenshot(page, '09-console-audit');
  });
});

/** The Input.Search test id may land on the input itself or a wrapper; resolve to the <input>. */
function searchInput(page: Page) {
  return page.locator('input[data-testid=member-search], [data-testid=member-search] input').first();
}
