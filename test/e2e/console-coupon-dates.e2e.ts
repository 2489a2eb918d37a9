import type { CouponTemplate, Page as ApiPage } from '@member/shared';
import type { Locator, Page } from 'playwright-core';
import { ADMIN, api, expectText, screenshot, useBrowserSession } from './support';

jest.setTimeout(180_000);

// The template editor's date pickers: a 领取时间 window and a 固定日期 validity are typed in Beijing time, saved
// as the same instants whatever zone the operator's browser runs in (this one is not Asia/Shanghai), shown
// back unchanged on the detail page and in the editor, and survive a second save. Yuan typed with cents
// (19.99, 0.29) arrive as exact fen.
const OPERATOR = { username: 'ops-coupon-dates', password: 'Coupon-Passw0rd!', displayName: '券运营二' };

describe('console: coupon template dates', () => {
  const session = useBrowserSession();
  let adminToken = '';
  let page: Page;

  beforeAll(async () => {
    ({ token: adminToken } = await api<{ token: string }>(session.url, 'POST', '/api/v1/admin/auth/login', ADMIN));
    await api(session.url, 'POST', '/api/v1/admin/operators', { ...OPERATOR, role: 'operator' }, adminToken);
  }, 120_000);

  const savedTemplate = async (id: number) =>
    (
      await api<ApiPage<CouponTemplate>>(session.url, 'GET', '/api/v1/admin/coupon-templates', undefined, adminToken)
    ).items.find((t) => t.id === id)!;

  /** Types both ends of an antd range picker (text as shown, Beijing time) and confirms each with Enter. */
  async function fillRange(picker: Locator, from: string, until: string): Promise<void> {
    const inputs = picker.locator('xpath=ancestor::div[contains(@class, "ant-picker-range")]').locator('input');
    await inputs.nth(0).click();
    await inputs.nth(0).fill(from);
    await inputs.nth(0).press('Enter');
    await inputs.nth(1).click();
    await inputs.nth(1).fill(until);
    await inputs.nth(1).press('Enter');
    await page.locator('.ant-page-header-heading-title').click();
    expect(await inputs.nth(0).inputValue()).toBe(from);
    expect(await inputs.nth(1).inputValue()).toBe(until);
  }

  /** The detail page's 券规则 tab, where the saved times are listed. */
  async function rulesTab(): Promise<Locator> {
    await page.getByRole('tab', { name: '券规则' }).click();
    return page.locator('.ant-descriptions').filter({ hasText: '领取时间' });
  }

  it('saves a 领取时间 window and a 固定日期 validity as Beijing time, and keeps them through an edit', async () => {
    page = await session.newPage('desktop');
    const browserZone = await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
    expect(browserZone).not.toBe('Asia/Shanghai');
    await page.goto(`${session.url}/console/`);
    await page.locator('#username').fill(OPERATOR.username);
    await page.locator('#password').fill(OPERATOR.password);
    await page.locator('[data-testid=login-submit]').click();
    await page.waitForURL(/#\/(?!login)/);
    await page.goto(`${session.url}/console/#/coupons/templates/new`);

    await page.locator('#name').fill('春节满19.99减0.29');
    await page.locator('#faceValueYuan').fill('0.29');
    await page.locator('#minSpendYuan').fill('19.99');
    await fillRange(page.locator('#claimWindow'), '2027-01-10 10:00:00', '2027-01-31 22:00:00');
    await page.getByText('固定日期', { exact: true }).click();
    await fillRange(page.locator('#validityRange'), '2027-01-10 00:00:00', '2027-02-28 23:59:59');
    const preview = page.locator('[data-testid=coupon-preview]');
    await expectText(preview, /2027-01-10 至 2027-02-28/);
    await screenshot(page, 'console-coupon-dates-01-editor');

    await page.locator('[data-testid=template-submit]').click();
    await page.waitForURL(/#\/coupons\/templates\/\d+$/);
    const id = Number(/templates\/(\d+)/.exec(page.url())![1]);
    const expected = {
      faceValueFen: 29,
      minSpendFen: 1999,
      claimStartsAt: '2027-01-10T02:00:00.000Z',
      claimEndsAt: '2027-01-31T14:00:00.000Z',
      validity: { kind: 'FIXED', from: '2027-01-09T16:00:00.000Z', until: '2027-02-28T15:59:59.000Z' },
    };
    expect(await savedTemplate(id)).toMatchObject(expected);
    const details = await rulesTab();
    await expectText(details, /领取时间\s*2027-01-10 10:00:00 至 2027-01-31 22:00:00/);
    await expectText(details, /有效期\s*2027-01-10 00:00:00 至 2027-02-28 23:59:59/);
    await screenshot(page, 'console-coupon-dates-02-detail');

    // The editor shows the saved Beijing times; saving again (another field changed) keeps them.
    await page.goto(`${session.url}/console/#/coupons/templates/${id}/edit`);
    const claimInputs = page
      .locator('#claimWindow')
      .locator('xpath=ancestor::div[contains(@class, "ant-picker-range")]');
    await expectValue(claimInputs.locator('input').nth(0), '2027-01-10 10:00:00');
    await expectValue(claimInputs.locator('input').nth(1), '2027-01-31 22:00:00');
    const validityInputs = page
      .locator('#validityRange')
      .locator('xpath=ancestor::div[contains(@class, "ant-picker-range")]');
    await expectValue(validityInputs.locator('input').nth(0), '2027-01-10 00:00:00');
    await expectValue(validityInputs.locator('input').nth(1), '2027-02-28 23:59:59');
    await expectValue(page.locator('#faceValueYuan'), '0.29');
    await page.locator('#totalStock').fill('500');
    await page.locator('[data-testid=template-submit]').click();
    await page.waitForURL(/#\/coupons\/templates\/\d+$/);
    expect(await savedTemplate(id)).toMatchObject({ ...expected, totalStock: 500 });
    await expectText(await rulesTab(), /领取时间\s*2027-01-10 10:00:00 至 2027-01-31 22:00:00/);

    // Moving the end of the claim window in the editor moves only that instant.
    await page.goto(`${session.url}/console/#/coupons/templates/${id}/edit`);
    await fillRange(page.locator('#claimWindow'), '2027-01-10 10:00:00', '2027-01-20 20:30:00');
    await page.locator('[data-testid=template-submit]').click();
    await page.waitForURL(/#\/coupons\/templates\/\d+$/);
    expect(await savedTemplate(id)).toMatchObject({ ...expected, claimEndsAt: '2027-01-20T12:30:00.000Z' });
    await expectText(await rulesTab(), /领取时间\s*2027-01-10 10:00:00 至 2027-01-20 20:30:00/);
    await screenshot(page, 'console-coupon-dates-03-detail-edited');
  });
});

async function expectValue(input: Locator, value: string): Promise<void> {
  await input.waitFor();
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline && (await input.inputValue()) !== value) await input.page().waitForTimeout(100);
  expect(await input.inputValue()).toBe(value);
}
