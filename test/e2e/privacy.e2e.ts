import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Workbook } from 'exceljs';
import type { Page } from 'playwright-core';
import { PRIVACY_POLICY_VERSION } from '@member/shared';
import { ringUpSale } from '../fixtures/sale-setup';
import {
  ADMIN,
  api,
  expectText,
  sandboxLogin,
  screenshot,
  SCREENSHOT_DIR,
  testOpenid,
  useBrowserSession,
  waitForTaroPageSettled,
} from './support';

jest.setTimeout(180_000);

// 我的 → 隐私与数据 in the H5 build against the real server: the card asks for consent first, the member
// exports their data as an xlsx and asks to delete the account (fresh sandbox login); the console's
// 注销申请 then lists them in the cooling-off period.
describe('member data rights in the mini-program and the console', () => {
  const session = useBrowserSession();
  const memberOpenid = testOpenid();
  let memberNo = '';
  let memberId = 0;
  let page: Page;

  beforeAll(async () => {
    // A clerk rings up one sale, so the export has a purchase and points history beyond the sign-up bonus.
    const { token: admin } = await api<{ token: string }>(session.url, 'POST', '/api/v1/admin/auth/login', ADMIN);
    const store = await api<{ id: number }>(
      session.url,
      'POST',
      '/api/v1/admin/stores',
      { name: '隐私测试店', code: 'PRIV01' },
      admin,
    );
    const { inviteCode } = await api<{ inviteCode: string }>(
      session.url,
      'POST',
      '/api/v1/admin/staff-invites',
      { storeId: store.id, role: 'clerk' },
      admin,
    );
    const clerk = (await sandboxLogin(session.url, testOpenid())).token;
    const staff = await api<{ token: string }>(
      session.url,
      'POST',
      '/api/v1/staff/invites/redeem',
      { inviteCode },
      clerk,
    );
    const member = await sandboxLogin(session.url, memberOpenid);
    ({ memberNo, id: memberId } = member.member);
    const post = <T>(path: string, body: unknown, token: string) => api<T>(session.url, 'POST', path, body, token);
    const cardCode = async (token: string) =>
      (await api<{ code: string }>(session.url, 'GET', '/api/v1/me/card', undefined, token)).code;
    await ringUpSale(cardCode, post, {
      staffToken: staff.token,
      memberToken: member.token,
      amountFen: 25_800,
      receiptNo: 'PRIV-0001',
    });
    // Back to undecided, as a member who has not yet accepted this policy version would be.
    await post(
      '/api/v1/me/consents',
      { kind: 'privacy', granted: false, version: PRIVACY_POLICY_VERSION },
      member.token,
    );
  }, 120_000);

  it('asks for consent before the card, with the policy and a way to decline', async () => {
    page = await session.newPage('mobile');
    await page.goto(`${session.url}/h5/#/pages/card/index?openid=${memberOpenid}`);
    const sheet = page.locator('#consent-sheet');
    await sheet.waitFor({ state: 'visible' });
    await expectText(sheet, /会员隐私政策[\s\S]*不同意[\s\S]*同意并继续/);
    await page.waitForTimeout(400); // the sheet's slide-in
    await screenshot(page, 'privacy-01-card-consent-sheet');

    await sheet.locator('#privacy-decline').click();
    await sheet.waitFor({ state: 'hidden' });
    await page.waitForTimeout(400); // the overlay's fade-out
    await expectText(page.locator('#card-consent-gate'), /开通会员卡/);
    expect(await page.locator('#card-qr').count()).toBe(0);
    await screenshot(page, 'privacy-02-card-declined');

    // The policy is a real page with the text.
    await page.locator('#card-consent-gate .card-gate__link').click();
    await waitForTaroPageSettled(page);
    const policy = page.locator('#privacy-policy');
    await expectText(policy, /二、我们保存哪些信息[\s\S]*7 天冷静期/);
    await screenshot(page, 'privacy-03-policy');
    await page.locator('#policy-accept').click();
    await page.waitForURL(/pages\/card\/index/);
    await waitForTaroPageSettled(page);
    await page.locator('#card-qr').waitFor({ state: 'visible' });
    await page.waitForTimeout(400); // the policy page sliding away
    await screenshot(page, 'privacy-04-card-after-consent');
  });

  it('exports 我的数据 as an xlsx with the points history', async () => {
    await page.locator('.weui-tabbar__item', { hasText: '我的' }).click();
    await page.waitForURL(/pages\/mine\/index/);
    await waitForTaroPageSettled(page);
    await page.locator('#privacy-entry .nut-cell', { hasText: '隐私与数据' }).click();
    await waitForTaroPageSettled(page);
    const center = page.locator('#privacy-center');
    await expectText(center, /会员隐私政策[\s\S]*已同意[\s\S]*营销授权/);
    await page.locator('#marketing-switch .nut-switch').click();
    await expectText(page.locator('#consent-history'), /同意营销授权/);
    await screenshot(page, 'privacy-05-center');

    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#data-export-button').click()]);
    expect(download.suggestedFilename()).toMatch(/^我的数据_\d{8}\.xlsx$/);
    const file = join(SCREENSHOT_DIR, 'privacy-export.xlsx');
    await download.saveAs(file);
    const wb = new Workbook();
    await wb.xlsx.load(readFileSync(file) as unknown as Parameters<typeof wb.xlsx.load>[0]);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['基本资料', '积分明细', '消费记录', '退款记录', '授权记录']);
    const points = (wb.getWorksheet('积分明细')!.getSheetValues() as unknown[][]).filter(Boolean).slice(1);
    expect(points.map((r) => r[3])).toEqual([258, 100]);
    const sales = (wb.getWorksheet('消费记录')!.getSheetValues() as unknown[][]).filter(Boolean).slice(1);
    expect(sales[0]).toEqual(expect.arrayContaining(['PRIV-0001', '258.00']));
  });

  it('requests deletion with a fresh WeChat login; the card pauses and the console lists the request', async () => {
    await page.locator('#delete-entry .nut-cell', { hasText: '注销账号' }).click();
    await waitForTaroPageSettled(page);
    const form = page.locator('#delete-account');
    await expectText(form, /注销后将删除[\s\S]*358 分[\s\S]*依法保留[\s\S]*7 天冷静期/);
    await screenshot(page, 'privacy-06-delete-explained');
    // Not before the member has ticked that they read it.
    expect(await page.locator('#delete-submit').getAttribute('class')).toMatch(/nut-button-disabled/);
    await page.locator('.privacy__agree-text').click();
    await page.locator('#delete-submit').click();
    const dialog = page.locator('.nut-dialog');
    await expectText(dialog, /确认注销账号[\s\S]*重新进行微信登录/);
    await page.waitForTimeout(300); // the dialog's fade-in
    await screenshot(page, 'privacy-07-delete-confirm');
    await dialog.locator('.nut-dialog-footer-ok').click();
    await expectText(page.locator('#delete-submitted'), /已提交注销申请[\s\S]*冷静期至/);
    await screenshot(page, 'privacy-08-delete-submitted');

    await page.goto(`${session.url}/h5/#/pages/card/index?openid=${memberOpenid}`);
    await page.reload();
    await expectText(page.locator('#card-paused'), /账号注销中/);
    await screenshot(page, 'privacy-09-card-paused');

    const admin = await session.newPage('desktop');
    await admin.goto(`${session.url}/console/`);
    await admin.locator('#username').fill(ADMIN.username);
    await admin.locator('#password').fill(ADMIN.password);
    await admin.locator('[data-testid=login-submit]').click();
    await admin.waitForURL(/#\/(?!login)/);
    await admin.getByRole('menuitem', { name: /注销申请/ }).click();
    await admin.waitForURL(/#\/deletion-requests/);
    await admin.locator('[data-testid=deletion-table]').getByText('冷静期中', { exact: true }).first().click();
    await admin.waitForURL(/status=cooling_off/);
    const row = admin.locator('tr[data-testid=deletion-row][data-status=cooling_off]');
    await expectText(row.first(), new RegExp(`${memberNo}[\\s\\S]*冷静期中[\\s\\S]*还剩 7 天`));
    await screenshot(admin, 'privacy-10-console-deletion-requests');
    await admin.goto(`${session.url}/console/#/members/${memberId}`);
    await expectText(admin.locator('[data-testid=member-privacy]'), /隐私政策[\s\S]*营销授权[\s\S]*冷静期中/);
    // The card alone: a full-page shot of the console's fixed layout paints the side menu mid-page.
    await admin
      .locator('[data-testid=member-privacy]')
      .screenshot({ path: join(SCREENSHOT_DIR, 'privacy-11-console-member-privacy.png') });
  });
});
