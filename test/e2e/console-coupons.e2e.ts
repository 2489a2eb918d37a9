import type { CouponTemplate, Page as ApiPage } from '@member/shared';
import { readFileSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import {
  ADMIN,
  api,
  consoleLogin,
  expectText,
  sandboxLogin,
  screenshot,
  testOpenid,
  useBrowserSession,
  viewportShot,
} from './support';

jest.setTimeout(180_000);

// Issue 10 item 7, console: the template editor with the live card preview, the status moves, the issue
// and use records with CSV, and a batch issue whose progress bar runs to done.
const OPERATOR = { username: 'ops-coupon', password: 'Coupon-Passw0rd!', displayName: '券运营' };

describe('console: coupon templates, records and batch issue', () => {
  const session = useBrowserSession();
  let adminToken = '';
  const members: { token: string; memberNo: string }[] = [];
  let templateId = 0;
  let page: Page;

  beforeAll(async () => {
    ({ token: adminToken } = await api<{ token: string }>(session.url, 'POST', '/api/v1/admin/auth/login', ADMIN));
    await api(session.url, 'POST', '/api/v1/admin/operators', { ...OPERATOR, role: 'operator' }, adminToken);
    for (let i = 0; i < 3; i++) {
      const { token, member } = await sandboxLogin(session.url, testOpenid());
      members.push({ token, memberNo: member.memberNo });
    }
  }, 120_000);

  const templates = () =>
    api<ApiPage<CouponTemplate>>(session.url, 'GET', '/api/v1/admin/coupon-templates', undefined, adminToken);

  it('creates a 满减 template with the card preview following the form, then activates it from the list', async () => {
    page = await session.newPage('desktop');
    await consoleLogin(session.url, page, OPERATOR);
    await page.getByRole('menuitem', { name: /优惠券/ }).click();
    await page.getByRole('menuitem', { name: /券模板/ }).click();
    await page.waitForURL(/#\/coupons\/templates/);
    await page.locator('[data-testid=template-create]').click();
    await page.waitForURL(/#\/coupons\/templates\/new/);

    const preview = page.locator('[data-testid=coupon-preview]');
    await preview.waitFor();
    await page.locator('#name').fill('新客满100减20');
    await page.locator('#faceValueYuan').fill('20');
    await page.locator('#minSpendYuan').fill('100');
    await expectText(preview.locator('[data-testid=coupon-preview-headline]'), /^¥\s*20$/);
    await expectText(preview.locator('[data-testid=coupon-preview-condition]'), /满 ¥100\.00 可用/);
    await expectText(preview, /新客满100减20[\s\S]*领取后 30 天内有效[\s\S]*共 1,000 张 · 每人限领 1 张/);

    // A face value above the threshold is refused in the form, with the server's wording.
    await page.locator('#faceValueYuan').fill('120');
    await page.locator('[data-testid=template-submit]').click();
    await expectText(page.locator('.ant-form-item-explain-error').first(), /优惠金额不能超过使用门槛/);
    await page.locator('#faceValueYuan').fill('20');

    // Percent off shows as 折 on the card; back to 满减 for the saved one.
    await page.getByText('折扣券', { exact: true }).click();
    await page.locator('#discountZhe').fill('8.5');
    await expectText(preview.locator('[data-testid=coupon-preview-headline]'), /^8\.5\s*折$/);
    await page.getByText('兑换券', { exact: true }).click();
    await page.locator('#itemName').fill('拿铁一杯');
    await page.locator('#faceValueYuan').fill('32');
    await expectText(preview.locator('[data-testid=coupon-preview-headline]'), /^兑换$/);
    await expectText(preview.locator('[data-testid=coupon-preview-condition]'), /可兑换 拿铁一杯（价值 ¥32\.00）/);
    await viewportShot(page, 'console-coupons-01b-editor-exchange');
    await page.getByText('满减券', { exact: true }).click();
    await page.locator('#faceValueYuan').fill('20');
    await page.locator('#instructions').fill('全部门店通用，不与其他优惠同享');
    await expectText(preview, /全部门店可用；每单限用一张\s+全部门店通用，不与其他优惠同享/);
    await viewportShot(page, 'console-coupons-01-editor');
    await page.locator('[data-testid=template-submit]').scrollIntoViewIfNeeded();
    await viewportShot(page, 'console-coupons-01c-editor-bottom');

    await page.locator('[data-testid=template-submit]').click();
    await page.waitForURL(/#\/coupons\/templates\/\d+$/);
    templateId = Number(/templates\/(\d+)/.exec(page.url())![1]);
    const saved = (await templates()).items.find((t) => t.id === templateId)!;
    expect(saved).toMatchObject({
      kind: 'CASH_OFF',
      faceValueFen: 2000,
      minSpendFen: 10_000,
      status: 'DRAFT',
      totalStock: 1000,
      validity: { kind: 'RELATIVE', days: 30, startsAfterDays: 0 },
    });

    await page.getByRole('menuitem', { name: /券模板/ }).click();
    const row = page.locator(`tr[data-testid=template-row][data-template-id="${templateId}"]`);
    await expectText(row, /新客满100减20[\s\S]*满减券[\s\S]*¥20[\s\S]*满 ¥100\.00 可用[\s\S]*草稿/);
    await row.locator('[data-testid=template-active]').click();
    const confirm = page.locator('.ant-modal-confirm').filter({ visible: true });
    await expectText(confirm, /启用「新客满100减20」[\s\S]*会员即可在领券中心领取/);
    await confirm.locator('[data-testid=template-status-confirm]').click();
    await expectText(page.locator(`tr[data-testid=template-row][data-template-id="${templateId}"]`), /发放中/);
    await screenshot(page, 'console-coupons-02-template-list');
  });

  it('editing an active template warns that issued coupons keep their terms, and shows a concurrent edit', async () => {
    await page.goto(`${session.url}/console/#/coupons/templates/${templateId}/edit`);
    await expectText(page.locator('[data-testid=template-active-warning]'), /已发出 0 张[\s\S]*已有的券保持领取时/);
    // Someone else saves first: this form's version is stale.
    const current = (await templates()).items.find((t) => t.id === templateId)!;
    await api(
      session.url,
      'PATCH',
      `/api/v1/admin/coupon-templates/${templateId}`,
      { version: current.version, perMemberLimit: 2 },
      adminToken,
    );
    await page.locator('#totalStock').fill('2000');
    await page.locator('[data-testid=template-submit]').click();
    await expectText(page.locator('[data-testid=template-server-error]'), /此券刚被他人修改[\s\S]*请刷新后重试/);
    await viewportShot(page, 'console-coupons-03-edit-conflict');
    await page.getByRole('button', { name: /载入最新版本/ }).click();
    await expectText(page.locator('[data-testid=coupon-preview]'), /每人限领 2 张/);
    await page.locator('#totalStock').fill('2000');
    await page.locator('[data-testid=template-submit]').click();
    await page.waitForURL(/#\/coupons\/templates\/\d+(\?.*)?$/);
    expect((await templates()).items.find((t) => t.id === templateId)).toMatchObject({
      totalStock: 2000,
      perMemberLimit: 2,
    });
  });

  it('shows the claims in 发券记录 and downloads the CSV; 核销记录 loads and exports', async () => {
    await api(
      session.url,
      'POST',
      '/api/v1/me/coupons/claims',
      { templateId, requestId: `e2e${Date.now().toString(36)}` },
      members[0].token,
    );
    await page.goto(`${session.url}/console/#/coupons/issues`);
    const row = page.locator('tr[data-testid=issue-row]').first();
    await expectText(row, new RegExp(`新客满100减20[\\s\\S]*${members[0].memberNo}[\\s\\S]*领券中心[\\s\\S]*可使用`));
    await screenshot(page, 'console-coupons-04-issues');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-testid=issue-export]').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^发券记录_\d{8}_\d{4}\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toContain(members[0].memberNo);

    await page.goto(`${session.url}/console/#/coupons/uses`);
    await page.locator('[data-testid=use-table] .ant-table').waitFor();
    await screenshot(page, 'console-coupons-05-uses');
    const [usesCsv] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-testid=use-export]').click(),
    ]);
    expect(usesCsv.suggestedFilename()).toMatch(/^核销记录_\d{8}_\d{4}\.csv$/);
  });

  it('issues the coupon to pasted member numbers in a batch whose progress runs to done', async () => {
    await page.goto(`${session.url}/console/#/coupons/batches`);
    await page.locator('[data-testid=batch-create]').click();
    const dialog = page.locator('.ant-modal-content').filter({ visible: true });
    await chooseOption(page, dialog.locator('#templateId'), '新客满100减20');
    await dialog.locator('[data-testid=batch-member-nos]').fill(members.map((m) => m.memberNo).join('\n'));
    await expectText(dialog, /已识别 3 个会员号/);
    await dialog.locator('#note').fill('老客回馈');
    await screenshot(page, 'console-coupons-06-batch-form');
    await dialog.getByRole('button', { name: /开始发放/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    const row = page.locator('tr[data-testid=batch-row]').first();
    await row.locator('xpath=self::*[@data-status="DONE"]').waitFor({ timeout: 60_000 });
    await expectText(row.locator('[data-testid=batch-counts]'), /已处理 3 \/ 3 · 发出 3 · 跳过 0/);
    await screenshot(page, 'console-coupons-07-batches');

    await page.goto(`${session.url}/console/#/coupons/templates/${templateId}`);
    const stats = page.locator('[data-testid=coupon-stats]');
    await expectText(stats, /已发放（张）\s*4/);
    await page.locator('[data-testid=coupon-stats] canvas').first().waitFor();
    await page.waitForTimeout(800);
    await screenshot(page, 'console-coupons-08-dashboard');
    await page.getByRole('tab', { name: '券规则' }).click();
    await page.locator('[data-testid=coupon-preview]').waitFor();
    await screenshot(page, 'console-coupons-09-rules');
  });
});

async function chooseOption(page: Page, select: Locator, label: string): Promise<void> {
  const box = select.locator('xpath=ancestor::div[contains(@class, "ant-select-selector")]');
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
