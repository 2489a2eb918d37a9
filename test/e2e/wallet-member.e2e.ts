import type { Page } from 'playwright-core';
import type { MemberTopup, Page as ListPage, WalletHistoryItem, WalletSummary } from '@member/shared';
import {
  ADMIN,
  answerSubscribePopup,
  api,
  expectText,
  sandboxLogin,
  screenshot,
  settle,
  testOpenid,
  useBrowserSession,
  visible,
  waitForTaroPageSettled,
} from './support';
import { activePlan } from './wallet-support';

jest.setTimeout(180_000);

// The member side of stored value in H5: 首页 储值 → pick a plan → accept 《储值规则》 → the sandbox's pay modal
// (cancel first: back on the page, the retry reuses the request id) → 充值成功 with the new balance → 储值记录.
describe('member wallet: top up through the WeChat Pay sandbox', () => {
  const session = useBrowserSession();
  const payer = testOpenid();
  const noPhone = testOpenid();
  let payerToken = '';
  let page: Page;

  beforeAll(async () => {
    const { token: admin } = await api<{ token: string }>(session.url, 'POST', '/api/v1/admin/auth/login', ADMIN);
    await activePlan(session.url, admin, {
      name: '充500送60',
      payFen: 50_000,
      bonusFen: 6000,
      perMemberLimit: 2,
      sortOrder: 1,
    });
    await activePlan(session.url, admin, { name: '充200送20', payFen: 20_000, bonusFen: 2000, sortOrder: 2 });
    await activePlan(session.url, admin, { name: '充100', payFen: 10_000, sortOrder: 3 });
    // More than the ¥5,000.00 cap allows: shown greyed with the reason.
    await activePlan(session.url, admin, {
      name: '充5000送800 🐶 年度尊享超长名称方案',
      payFen: 500_000,
      bonusFen: 80_000,
      sortOrder: 4,
    });

    payerToken = (await sandboxLogin(session.url, payer)).token;
    const { code } = await api<{ code: string }>(session.url, 'POST', '/sandbox/wx/phone-code', {
      phone: '13800138000',
    });
    await api(session.url, 'POST', '/api/v1/me/phone', { code }, payerToken);
    await sandboxLogin(session.url, noPhone);
  }, 120_000);

  it('asks a member without a bound phone to bind it before paying', async () => {
    const p = await phone();
    await p.goto(`${session.url}/h5/#/packages/wallet/index/index?openid=${noPhone}`);
    await waitForTaroPageSettled(p);
    await expectText(visible(p, '#wallet-phone-notice'), /请先绑定手机号[\s\S]*储值为记名余额[\s\S]*绑定手机号/);
    await expectText(visible(p, '#wallet-pay'), /绑定手机号后可充值/);
    expect(await visible(p, '#wallet-pay').getAttribute('class')).toContain('nut-button-disabled');
    await screenshot(p, 'wallet-01-phone-required');

    // Nothing yet in 储值记录: the empty state offers the next step.
    await visible(p, '#wallet-history-link').click();
    await p.waitForURL(/packages\/wallet\/history\/index/);
    await waitForTaroPageSettled(p);
    await expectText(visible(p, '#wallet-history-empty'), /暂无储值记录[\s\S]*去充值/);
    await screenshot(p, 'wallet-01b-history-empty');
    await p.close();
  });

  it('tops up 充500送60: rules first, a cancelled payment, then paid and credited', async () => {
    page = await phone();
    const topups: string[] = [];
    page.on('request', (req) => {
      if (req.method() === 'POST' && req.url().endsWith('/api/v1/me/wallet/topups')) {
        topups.push((JSON.parse(req.postData() ?? '{}') as { requestId: string }).requestId);
      }
    });

    // 首页's asset row: 积分 | 优惠券 | 储值 | 领券中心.
    await page.goto(`${session.url}/h5/#/pages/home/index?openid=${payer}`);
    await waitForTaroPageSettled(page);
    await expectText(visible(page, '#home-wallet'), /¥\s*0\.00[\s\S]*储值/);
    await expect(page.locator('.asset-row__item').filter({ visible: true }).count()).resolves.toBe(4);
    await screenshot(page, 'wallet-02-home');
    await visible(page, '#home-wallet').click();
    await page.waitForURL(/packages\/wallet\/index\/index/);
    await waitForTaroPageSettled(page);

    await expectText(visible(page, '#wallet-balance'), /¥\s*0\.00/);
    const tiles = visible(page, '#wallet-plans').locator('.plan-tile');
    await expect(tiles.count()).resolves.toBe(5);
    await expectText(
      tiles.nth(0),
      /送 ¥60\.00[\s\S]*¥\s*500\.00[\s\S]*充500送60[\s\S]*到账 ¥560\.00[\s\S]*还可购买 2 次/,
    );
    await expectText(tiles.nth(2), /¥\s*100\.00[\s\S]*到账 ¥100\.00/);
    await expectText(tiles.nth(3), /超出储值上限|上限/);
    expect(await tiles.nth(3).getAttribute('class')).toContain('plan-tile--off');
    // The first buyable plan is preselected and the button names its amount.
    expect(await tiles.nth(0).getAttribute('class')).toContain('plan-tile--picked');
    await expectText(visible(page, '#wallet-pay'), /立即充值 ¥500\.00/);
    await screenshot(page, 'wallet-03-plans');

    // A free amount outside the bounds says so; back to the plan.
    await visible(page, '#wallet-custom').click();
    await visible(page, '#wallet-custom-input').locator('input').fill('0.5');
    await expectText(visible(page, '.wallet-custom__hint'), /充值金额须在 ¥1\.00 至 ¥5,000\.00 之间/);
    await visible(page, '#wallet-custom-input').locator('input').fill('88.8');
    await expectText(visible(page, '#wallet-pay'), /立即充值 ¥88\.80/);
    await tiles.nth(0).click();
    await expectText(visible(page, '#wallet-pay'), /立即充值 ¥500\.00/);

    // Paying before accepting the rules opens them; 我已阅读并同意 ticks the box.
    await visible(page, '#wallet-pay').click();
    const sheet = visible(page, '#wallet-policy-sheet');
    await expectText(sheet, /记名余额[\s\S]*¥5,000\.00[\s\S]*赠送金额不可提现[\s\S]*规则版本/);
    await settle(visible(page, '#wallet-policy-agree'));
    await screenshot(page, 'wallet-04-rules');
    expect(topups).toHaveLength(0);
    await visible(page, '#wallet-policy-agree').click();
    await sheet.waitFor({ state: 'hidden' });
    expect(await visible(page, '#wallet-policy-check').getAttribute('aria-checked')).toBe('true');

    // The sandbox's pay modal (a double tap asks for one order); 取消 is not an error: back on the page.
    await visible(page, '#wallet-pay').dblclick();
    const modal = visible(page, '.taro-modal__content');
    await expectText(modal, /模拟微信支付[\s\S]*需支付 ¥500\.00/);
    await screenshot(page, 'wallet-05-pay-modal');
    await visible(page, '.taro-model__cancel').click();
    await expectText(page.locator('.nut-toast'), /已取消支付/);
    expect(topups).toHaveLength(1);
    expect(page.url()).toMatch(/packages\/wallet\/index\/index/);
    await expectText(visible(page, '#wallet-balance'), /¥\s*0\.00/);

    // Paying again offers the same order (same request id), now confirmed.
    await visible(page, '#wallet-pay').click();
    await expectText(visible(page, '.taro-modal__content'), /需支付 ¥500\.00/);
    await visible(page, '.taro-model__confirm').click();
    // Paid: the 储值到账通知 reminder is offered before the result page.
    await answerSubscribePopup(page, 'allow');
    await page.waitForURL(/packages\/wallet\/result\/index/);
    await waitForTaroPageSettled(page);
    const success = visible(page, '#topup-success');
    await expectText(success, /充值成功[\s\S]*560\.00/);
    await expectText(visible(page, '#topup-pay'), /^¥500\.00$/);
    await expectText(visible(page, '#topup-bonus'), /^\+¥60\.00$/);
    await expectText(visible(page, '#topup-balance'), /^¥560\.00$/);
    await screenshot(page, 'wallet-06-success');
    expect(topups).toHaveLength(2);
    expect(topups[1]).toBe(topups[0]);

    // The server, not the page, says it is paid.
    const no = new URL(page.url().replace('#', '')).searchParams.get('no')!;
    const order = await api<MemberTopup>(session.url, 'GET', `/api/v1/me/wallet/topups/${no}`, undefined, payerToken);
    expect(order).toMatchObject({ status: 'PAID', payFen: 50_000, bonusFen: 6000 });
    const summary = await api<WalletSummary>(session.url, 'GET', '/api/v1/me/wallet', undefined, payerToken);
    expect(summary).toMatchObject({ balanceFen: 56_000, principalFen: 50_000, bonusFen: 6000 });
  });

  it('lists the top-up in 储值记录 and shows the new balance on 储值 and 首页', async () => {
    await visible(page, '#topup-history').click();
    await page.waitForURL(/packages\/wallet\/history\/index/);
    await waitForTaroPageSettled(page);
    const line = visible(page, '#wallet-history').locator('.wallet-line').first();
    await expectText(line, /充值[\s\S]*本金 \+¥500\.00 · 赠送 \+¥60\.00[\s\S]*\+¥560\.00[\s\S]*余额 ¥560\.00/);
    await expectText(visible(page, '#wallet-history-more'), /没有更多了/);
    const history = await api<ListPage<WalletHistoryItem>>(
      session.url,
      'GET',
      '/api/v1/me/wallet/history',
      undefined,
      payerToken,
    );
    expect(history.items[0]).toMatchObject({ kind: 'TOPUP', amountFen: 56_000, balanceAfterFen: 56_000 });
    await screenshot(page, 'wallet-07-history');

    // Back to 储值: balance split, one purchase of the limited plan left.
    await page.goBack();
    await page.waitForURL(/packages\/wallet\/index\/index/);
    await waitForTaroPageSettled(page);
    await expectText(visible(page, '#wallet-balance'), /¥\s*560\.00/);
    await expectText(visible(page, '#wallet-principal'), /^¥500\.00$/);
    await expectText(visible(page, '#wallet-bonus'), /^¥60\.00$/);
    await expectText(visible(page, '#wallet-plans').locator('.plan-tile').first(), /还可购买 1 次/);
    await screenshot(page, 'wallet-08-after');

    await page.goBack();
    await page.waitForURL(/pages\/home\/index/);
    await expectText(visible(page, '#home-wallet'), /¥\s*560\.00[\s\S]*储值/);
    // The page going back slides out over 首页: wait until it is gone.
    await page.waitForFunction(() =>
      [...document.querySelectorAll('.taro_router > .taro_page')].every(
        (p) => getComputedStyle(p).display === 'none' || Math.abs(p.getBoundingClientRect().left) < 1,
      ),
    );
    await screenshot(page, 'wallet-09-home-after');

    // 我的 lists it with the other assets.
    await page.locator('.weui-tabbar__item', { hasText: '我的' }).click();
    await page.waitForURL(/pages\/mine\/index/);
    await expectText(visible(page, '#wallet-entry'), /我的储值[\s\S]*¥560\.00/);
  });

  it('says 支付结果确认中 while WeChat has not confirmed, and 刷新 shows the credit once it has', async () => {
    const summary = await api<WalletSummary>(session.url, 'GET', '/api/v1/me/wallet', undefined, payerToken);
    const plan100 = summary.plans.find((p) => p.name === '充100')!;
    const order = await api<{ outTradeNo: string }>(
      session.url,
      'POST',
      '/api/v1/me/wallet/topups',
      { planId: plan100.id, policyVersion: summary.policy.version, requestId: 'E2E-WALLET-WAIT-1' },
      payerToken,
    );
    // Nobody has paid: the page polls for ~15 s, then says it is still being confirmed.
    await page.goto(`${session.url}/h5/#/packages/wallet/result/index?no=${order.outTradeNo}&openid=${payer}`);
    await waitForTaroPageSettled(page);
    await expectText(visible(page, '#topup-checking'), /正在确认支付结果/);
    await visible(page, '#topup-waiting').waitFor({ timeout: 30_000 });
    await expectText(visible(page, '#topup-waiting'), /支付结果确认中[\s\S]*请勿重复支付[\s\S]*¥100\.00/);
    await screenshot(page, 'wallet-10-waiting');

    await api(session.url, 'POST', `/sandbox/pay/transactions/${order.outTradeNo}/pay`, {});
    await visible(page, '#topup-refresh').click();
    await expectText(visible(page, '#topup-success'), /充值成功[\s\S]*100\.00/);
    await expectText(visible(page, '#topup-balance'), /^¥660\.00$/);
  });

  async function phone(): Promise<Page> {
    const p = await session.newPage();
    await p.setViewportSize({ width: 375, height: 812 });
    return p;
  }
});
