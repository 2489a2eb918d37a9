import type { PointsAdjustmentQuota } from '@member/shared';
import type { Locator, Page } from 'playwright-core';
import { ADMIN, api, screenshot, testOpenid, expectText, useBrowserSession, sandboxLogin } from './support';

jest.setTimeout(120_000);

const SECOND = { username: 'ops-li', password: 'Second-Passw0rd!', displayName: '李运营' };

describe('console: points adjustments, approval, tier tools', () => {
  const session = useBrowserSession();
  const newPage = session.newPage;

  let adminToken = '';
  let memberId = 0;
  let memberNo = '';
  let quota: PointsAdjustmentQuota;
  let large = 0;
  /** The admin's console tab, kept across the ordered steps below. */
  let adminPage: Page;

  async function consoleLogin(page: Page, creds: { username: string; password: string }): Promise<void> {
    await page.goto(`${session.url}/console/`);
    await page.locator('#username').fill(creds.username);
    await page.locator('#password').fill(creds.password);
    await page.locator('[data-testid=login-submit]').click();
    await page.waitForURL(/#\/(?!login)/);
  }

  /** A member through the WeChat sandbox; the sign-up bonus gives them 100 points. */
  async function sandboxMember(): Promise<{ id: number; memberNo: string }> {
    return (await sandboxLogin(session.url, testOpenid())).member;
  }

  beforeAll(async () => {
    ({ token: adminToken } = await api<{ token: string }>(session.url, 'POST', '/api/v1/admin/auth/login', ADMIN));
    // The approver must be independent of the requester (the admin): an account the admin created within
    // 24 h is not, so a second admin creates them.
    const lead = { username: 'ops-lead', password: 'Lead-Passw0rd!', displayName: '运营主管' };
    await api(session.url, 'POST', '/api/v1/admin/operators', { ...lead, role: 'admin' }, adminToken);
    const leadToken = (
      await api<{ token: string }>(session.url, 'POST', '/api/v1/admin/auth/login', {
        username: lead.username,
        password: lead.password,
      })
    ).token;
    await api(session.url, 'POST', '/api/v1/admin/operators', { ...SECOND, role: 'operator' }, leadToken);

    ({ id: memberId, memberNo } = await sandboxMember());

    quota = await api<PointsAdjustmentQuota>(
      session.url,
      'GET',
      '/api/v1/admin/points/adjustments/quota',
      undefined,
      adminToken,
    );
    large = quota.approvalThreshold + 500;
    expect(100 + large).toBeLessThanOrEqual(quota.remaining);
  }, 120_000);

  it('admin adjusts +100 at once and requests a large adjustment that waits for approval', async () => {
    adminPage = await newPage('desktop');
    const page = adminPage;
    await consoleLogin(page, ADMIN);
    await page.goto(`${session.url}/console/#/members/${memberId}`);
    await expectText(page.locator('[data-testid=member-points-balance]'), /^100$/);

    // 积分调整 +100, 客诉补偿 → applied at once.
    await page.locator('[data-testid=points-adjust]').click();
    let dialog = modal(page, '积分调整');
    await expectText(
      dialog.locator('[data-testid=points-adjust-quota]'),
      new RegExp(
        `今日剩余额度 ${quota.remaining} 分；其中 ${quota.unapprovedRemaining} 分可直接生效，超出需另一位运营审批`,
      ),
    );
    await dialog.locator('#points').fill('100');
    await chooseOption(page, dialog.locator('#reasonCode'), '客诉补偿');
    await dialog.locator('#note').fill('会员投诉门店漏积分，核实小票后补发');
    await screenshot(page, 'console-points-01-adjust-modal');
    const first = await submitAdjustment(page, dialog);
    expect(first).toMatchObject({ status: 'applied', delta: 100, balanceAfter: 200 });
    await expectText(page.locator('.ant-message-notice').last(), /已生效/);
    await dialog.waitFor({ state: 'hidden' });
    await expectText(page.locator('[data-testid=member-points-balance]'), /^200$/);
    const adjustments = page.locator('[data-testid=member-adjustments]');
    await expectText(
      adjustments.locator('tr[data-testid=adjustment-row]').first(),
      /\+100[\s\S]*客诉补偿[\s\S]*已生效[\s\S]*200/,
    );

    // Above the approval threshold → pending, the balance stays.
    await page.locator('[data-testid=points-adjust]').click();
    dialog = modal(page, '积分调整');
    await expectText(
      dialog.locator('[data-testid=points-adjust-quota]'),
      new RegExp(`今日剩余额度 ${quota.remaining - 100} 分`),
    );
    await dialog.locator('#points').fill(String(large));
    await dialog.locator('[data-testid=points-adjust-approval-hint]').waitFor({ state: 'visible' });
    await chooseOption(page, dialog.locator('#reasonCode'), '历史积分迁移');
    await dialog.locator('#note').fill('旧系统积分迁移，门店提交的纸质记录');
    await screenshot(page, 'console-points-02-adjust-large-modal');
    const second = await submitAdjustment(page, dialog);
    expect(second).toMatchObject({ status: 'pending', delta: large, balanceAfter: null });
    await expectText(page.locator('.ant-message-notice').last(), /已提交审批/);
    await dialog.waitFor({ state: 'hidden' });
    await expectText(
      adjustments.locator('tr[data-testid=adjustment-row]').first(),
      new RegExp(`\\+${large}[\\s\\S]*历史积分迁移[\\s\\S]*待审批`),
    );
    await expectText(page.locator('[data-testid=member-points-balance]'), /^200$/);
    await page.locator('[data-testid=member-adjustments]').scrollIntoViewIfNeeded();
    await screenshot(page, 'console-points-03-member-adjustments');

    // The requester cannot decide their own request: the approval page shows the actions greyed out.
    await page.getByRole('menuitem', { name: /积分调整审批/ }).click();
    await page.waitForURL(/#\/points-adjustments/);
    const own = page.locator('tr[data-testid=adjustment-row][data-status=pending]').first();
    await expectText(own, new RegExp(`${memberNo}[\\s\\S]*\\+${large}`));
    expect(await own.locator('[data-testid=adjustment-approve]').count()).toBe(0);
    await screenshot(page, 'console-points-04-approvals-own');
  });

  it('a second operator approves it on 积分调整审批 and the points are applied', async () => {
    const page = await newPage('desktop');
    await consoleLogin(page, SECOND);
    await page.getByRole('menuitem', { name: /积分调整审批/ }).click();
    await page.waitForURL(/#\/points-adjustments/);
    const row = page.locator('tr[data-testid=adjustment-row][data-status=pending]').first();
    await expectText(row, new RegExp(`${memberNo}[\\s\\S]*\\+${large}[\\s\\S]*待审批`));
    await screenshot(page, 'console-points-05-approvals-pending');

    await row.locator('[data-testid=adjustment-approve]').click();
    const popover = page.locator('.ant-popconfirm').filter({ visible: true });
    await popover.locator('[data-testid=adjustment-approve-note]').fill('已核对纸质记录');
    await popover.getByRole('button', { name: /通\s*过/ }).click();
    await expectText(page.locator('.ant-message-notice').last(), /已生效/);

    // Gone from 待审批; listed under 已生效 with the decision.
    await page.locator('tr[data-testid=adjustment-row][data-status=pending]').waitFor({ state: 'detached' });
    await page.getByRole('tab', { name: '已生效' }).click();
    const applied = page.locator('tr[data-testid=adjustment-row][data-status=applied]').first();
    await expectText(
      applied,
      new RegExp(
        `\\+${large}[\\s\\S]*已生效[\\s\\S]*${SECOND.displayName}[\\s\\S]*已核对纸质记录[\\s\\S]*${200 + large}`,
      ),
    );
    await screenshot(page, 'console-points-06-approvals-applied');

    const points = await api<{ balance: number }>(
      session.url,
      'GET',
      `/api/v1/admin/members/${memberId}/points`,
      undefined,
      adminToken,
    );
    expect(points.balance).toBe(200 + large);
  });

  it('admin sets and pins the member tier on the member page', async () => {
    const page = adminPage;
    await page.goto(`${session.url}/console/#/members/${memberId}`);
    await expectText(
      page.locator('[data-testid=member-points-balance]'),
      new RegExp(`^${(200 + large).toLocaleString('en-US')}$`),
    );
    await expectText(page.locator('[data-testid=member-tier-badge]'), /\S/);

    await page.locator('[data-testid=member-set-tier]').click();
    const dialog = modal(page, '设置会员等级');
    await chooseOption(page, dialog.locator('#tierCode'), '金卡会员');
    await dialog.locator('#pinned').click();
    await dialog.locator('#reason').fill('门店大客户，经店长确认保留金卡');
    await screenshot(page, 'console-points-07-set-tier-modal');
    await dialog.getByRole('button', { name: /确\s*定|提\s*交/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expectText(page.locator('[data-testid=member-tier-badge]'), /金卡会员/);
    await page.locator('[data-testid=member-tier-pinned]').waitFor({ state: 'visible' });
    await expect(page.locator('[data-testid=member-tier-pinned]').innerText()).resolves.toContain('已锁定');
    await page.locator('[data-testid=member-points]').scrollIntoViewIfNeeded();
    await screenshot(page, 'console-points-08-member-tier-pinned');
  });

  it('admin runs the tier re-evaluation and opens the expiry reminder plan', async () => {
    // Another member put on 银卡 by hand without a lock and no spend: below the 保级线, so flagged.
    const other = await sandboxMember();
    await api(
      session.url,
      'PUT',
      `/api/v1/admin/members/${other.id}/tier`,
      { tierCode: 'SILVER', pinned: false, reason: '活动赠送银卡体验' },
      adminToken,
    );

    const page = adminPage;
    await page.getByRole('menuitem', { name: /等级复评/ }).click();
    await page.waitForURL(/#\/tier-reviews/);
    await expectText(page.locator('.ant-alert').first(), /保级线/);
    await page.locator('[data-testid=tier-review-table] .ant-table').waitFor({ state: 'visible' });
    await page.locator('[data-testid=tier-evaluate]').click();
    const result = page.locator('[data-testid=tier-evaluation-result]');
    await expectText(result, /新标记\s*1 人[\s\S]*宽限期\s*\d+ 天/);
    await screenshot(page, 'console-points-09-tier-reviews-evaluated');
    await page.getByRole('button', { name: /知道了/ }).click();
    await result.waitFor({ state: 'detached' });
    const review = page.locator('tr[data-testid=tier-review-row][data-status=pending]').first();
    await expectText(review, new RegExp(`${other.memberNo}[\\s\\S]*银卡会员[\\s\\S]*普通会员[\\s\\S]*宽限期中`));
    await screenshot(page, 'console-points-10-tier-reviews');

    // Plan the reminders as if 340 days had passed (the sign-up points expire after a year), then come back.
    const day = 24 * 3600;
    await api(session.url, 'POST', '/sandbox/clock', { offsetSeconds: 340 * day });
    try {
      await api(session.url, 'POST', '/sandbox/jobs/points-expiry-reminders/run');
    } finally {
      await api(session.url, 'POST', '/sandbox/clock', { offsetSeconds: -340 * day });
    }

    await page.getByRole('menuitem', { name: /积分到期提醒/ }).click();
    await page.waitForURL(/#\/expiry-reminders/);
    await expectText(page.locator('.ant-alert').first(), /订阅消息/);
    await expectText(
      page.locator('tr[data-testid=expiry-reminder-row]', { hasText: memberNo }),
      new RegExp(`${memberNo}[\\s\\S]*\\d{4}-\\d{2}-\\d{2}[\\s\\S]*${200 + large} 分[\\s\\S]*待发送`),
    );
    await screenshot(page, 'console-points-11-expiry-reminders');
  });

  it('任务队列 shows the sign-up bonuses and reminder plans delivered', async () => {
    const page = adminPage;
    await page.getByRole('menuitem', { name: /任务队列/ }).click();
    await page.waitForURL(/#\/outbox/);
    const rows = page.locator('tr[data-testid=outbox-row]');
    // The reminder rows now have their handler (the care-notices engine turns them into notices).
    await rows
      .filter({ has: page.locator('.ant-tag') })
      .first()
      .waitFor();
    await page.locator('tr[data-testid=outbox-row][data-status=done]').first().waitFor();
    expect(await rows.filter({ has: page.locator('.ant-tag', { hasText: '等待接入' }) }).count()).toBe(0);
    // Nothing here failed, so there is nothing to retry.
    expect(await page.locator('[data-testid=outbox-retry]').count()).toBe(0);
    await screenshot(page, 'console-points-12-outbox');
    // Full-page captures above did not collapse the menu; its own toggle still does, and expands it again.
    const toggle = page.locator('[class*="-collapsed-button"]').first();
    await toggle.click();
    await page.locator('.ant-layout-sider-collapsed').waitFor();
    await toggle.click();
    await page.locator('.ant-layout-sider-collapsed').waitFor({ state: 'detached' });
    await page.getByRole('menuitem', { name: /会员等级/ }).waitFor();
  });
});

/** Clicks 提交 in the adjustment modal and returns the server's answer (a clear failure if it is an error). */
async function submitAdjustment(page: Page, dialog: Locator): Promise<Record<string, unknown>> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => /\/points\/adjustments$/.test(r.url()) && r.request().method() === 'POST'),
    dialog.getByRole('button', { name: /提\s*交/ }).click(),
  ]);
  const body = (await response.json()) as Record<string, unknown>;
  expect({ status: response.status(), body }).toMatchObject({ status: 200 });
  return body;
}

/** The open antd modal whose title is exactly `title`. */
function modal(page: Page, title: string): Locator {
  return page
    .locator('.ant-modal-content')
    .filter({ visible: true })
    .filter({ has: page.locator('.ant-modal-title', { hasText: new RegExp(`^${title}$`) }) });
}

/**
 * Opens an antd Select by its input and picks the option whose text contains `label`. A click that lands
 * while the dropdown is still sliding in can miss, so it checks the selection and tries again.
 */
async function chooseOption(page: Page, select: Locator, label: string): Promise<void> {
  // The selected item's label sits above the search input, so click the selector box around it.
  const box = select.locator('xpath=ancestor::div[contains(@class, "ant-select-selector")]');
  for (let attempt = 0; attempt < 3; attempt++) {
    const dropdown = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').last();
    if (!(await dropdown.isVisible())) await box.click();
    const option = dropdown.locator('.ant-select-item-option', { hasText: label }).first();
    await option.waitFor({ state: 'visible' });
    // Let the slide-in animation finish before clicking.
    await page.waitForFunction(
      () => !document.querySelector('.ant-select-dropdown[class*="slide-up-"]:not(.ant-select-dropdown-hidden)'),
    );
    await option.click();
    await page.waitForTimeout(100);
    if ((await box.innerText()).includes(label)) return;
  }
  expect(await box.innerText()).toContain(label);
}
