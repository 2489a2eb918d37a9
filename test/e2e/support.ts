import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Locator,
  type Page,
} from 'playwright-core';
import { ADMIN, startTestServer, type TestServer } from '../fixtures/test-server';

export { ADMIN };

export const SCREENSHOT_DIR = join(process.env.ARTIFACTS_DIR ?? 'artifacts', 'screenshots');

export type E2eServer = TestServer;

/** Starts the whole server in-process on a fresh database (SQLite, or MariaDB when DATABASE_URL is set). */
export const startServer = startTestServer;

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A phone-sized context, as the H5 mini-program is used. */
export function mobileContext(browser: Browser, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    ...options,
  });
}

export function desktopContext(browser: Browser, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', ...options });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * Taro H5 slides pushed pages in from the right (CSS transform transition). Waits until the top-most
 * page has finished sliding in, so visibility checks and screenshots see the settled page.
 */
export async function waitForTaroPageSettled(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const pages = document.querySelectorAll('.taro_router > .taro_page.taro_page_show');
    const top = pages[pages.length - 1];
    // Page elements are ids like '/packages/staff/scan/index?stamp=AD'; the hash holds the route.
    const route = window.location.hash.replace(/^#/, '').split('?')[0];
    return (
      !!top &&
      top.id.split('?')[0] === route &&
      getComputedStyle(top).display !== 'none' &&
      Math.abs(top.getBoundingClientRect().left) < 1
    );
  });
}

/** Collects uncaught page errors so a test can report them when it fails. */
export function trackPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
  return errors;
}

/** A fresh sandbox openid in the shape of a real one ('o' + 27 base64url characters). */
export function testOpenid(): string {
  return `o${randomBytes(21).toString('base64url').slice(0, 27)}`;
}

/** Small JSON-over-HTTP helper for API setup steps. */
export async function api<T>(url: string, method: string, path: string, body?: unknown, token?: string): Promise<T> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** How long UI steps wait for the page before failing. */
export const UI_TIMEOUT = 20_000;

export interface BrowserSession {
  /** Base URL of the server started for this file. */
  readonly url: string;
  /** A fresh browser context and page; page errors are collected and printed after the file. */
  newPage(kind?: 'mobile' | 'desktop', options?: BrowserContextOptions): Promise<Page>;
}

/**
 * Registers beforeAll/afterAll that start the server and Chromium for one test file and close them after.
 * Call it first in the describe block: later beforeAll hooks can then use `url`.
 */
export function useBrowserSession(): BrowserSession {
  let server: E2eServer | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await server?.close();
    if (pageErrors.length) console.warn(`Page errors during e2e:\n${pageErrors.join('\n')}`);
  }, 60_000);
  return {
    get url() {
      if (!server) throw new Error('the server starts in beforeAll');
      return server.url;
    },
    async newPage(kind = 'mobile', options: BrowserContextOptions = {}) {
      if (!browser) throw new Error('the browser starts in beforeAll');
      const context =
        kind === 'mobile' ? await mobileContext(browser, options) : await desktopContext(browser, options);
      context.setDefaultTimeout(UI_TIMEOUT);
      contexts.push(context);
      const page = await context.newPage();
      const errors = trackPageErrors(page);
      page.on('close', () => pageErrors.push(...errors));
      return page;
    },
  };
}

/** Waits until the element's visible text matches, then asserts it (clear failure message). */
export async function expectText(locator: Locator, pattern: RegExp): Promise<void> {
  await locator.first().waitFor({ state: 'visible' });
  const deadline = Date.now() + UI_TIMEOUT;
  let text = '';
  while (Date.now() < deadline) {
    text = (await locator.first().innerText()).trim();
    if (pattern.test(text)) return;
    await locator.page().waitForTimeout(100);
  }
  expect(text).toMatch(pattern);
}

/**
 * Logs a member in through the WeChat sandbox, as the mini-program does on launch, and accepts the current
 * privacy policy (the card needs it) unless `consent` is false.
 */
export async function sandboxLogin(
  url: string,
  openid: string,
  consent = true,
): Promise<{ token: string; member: { id: number; memberNo: string } }> {
  const { code } = await api<{ code: string }>(url, 'POST', '/sandbox/wx/login-code', { openid });
  const res = await api<{
    token: string;
    member: { id: number; memberNo: string; privacyVersion: string | null; currentPrivacyVersion: string };
  }>(url, 'POST', '/api/v1/auth/wechat/login', { code });
  if (consent && res.member.privacyVersion !== res.member.currentPrivacyVersion) {
    const version = res.member.currentPrivacyVersion;
    res.member = await api(url, 'POST', '/api/v1/me/privacy-consent', { version }, res.token);
  }
  return res;
}

/** Taro H5 keeps earlier pages in the DOM (hidden); act on the one on screen. */
export function visible(page: Page, selector: string): Locator {
  return page.locator(selector).filter({ visible: true }).first();
}

/** Waits until a sliding page or sheet has stopped moving, so the screenshot shows it in place; its box then. */
export async function settle(el: Locator): ReturnType<Locator['boundingBox']> {
  let last = await el.boundingBox();
  for (let i = 0; i < 50; i++) {
    await el.page().waitForTimeout(100);
    const box = await el.boundingBox();
    if (box && last && box.y === last.y && box.height === last.height) return box;
    last = box;
  }
  return last;
}

/** Toasts fade after ~2.5 s; screenshots should show the page, not the toast. */
export async function toastGone(page: Page): Promise<void> {
  // Toasts are position: fixed (no offsetParent), so ask the browser whether any is still painted.
  await page.waitForFunction(
    () =>
      ![...document.querySelectorAll('.nut-toast')].some((t) =>
        (t as HTMLElement).checkVisibility({ opacityProperty: true, visibilityProperty: true }),
      ),
    undefined,
    { timeout: 10_000 },
  );
}

/** Signs in to the console through its login form. */
export async function consoleLogin(
  url: string,
  page: Page,
  creds: { username: string; password: string },
): Promise<void> {
  await page.goto(`${url}/console/`);
  await page.locator('#username').fill(creds.username);
  await page.locator('#password').fill(creds.password);
  await page.locator('[data-testid=login-submit]').click();
  await page.waitForURL(/#\/(?!login)/);
}

/**
 * Follows the console's side menu, as an operator would: opens the submenu `group` unless `item` already
 * shows, clicks `item`, waits for `url`. A click landing while the submenu still slides open can miss (CI
 * once waited 20 s for a navigation that never began), so it tries up to three times.
 */
export async function followConsoleMenu(page: Page, group: RegExp, item: RegExp, url: RegExp): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const entry = page.getByRole('menuitem', { name: item });
    if (!(await entry.isVisible())) await page.getByRole('menuitem', { name: group }).click();
    await entry.click();
    const moved = await page
      .waitForURL(url, { timeout: 5000 })
      .then(() => true)
      .catch(() => false);
    if (moved) return;
    if (attempt === 3) throw new Error(`the console menu never reached ${url} through ${group} → ${item}`);
  }
}

/** Opens a console URL as a fresh load (a hash change alone keeps the mounted page and its filters). */
export async function openConsole(url: string, page: Page, hashPath: string): Promise<void> {
  await page.goto(`${url}/console/#${hashPath}`);
  await page.reload();
}

/** The 1440×900 viewport as the operator sees it (a full-page capture repeats the fixed header mid-page). */
export async function viewportShot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
}

/** A store and a clerk (the sandbox member `openid`) who joined it by invite; returns the clerk's staff token. */
export async function storeWithClerk(
  url: string,
  adminToken: string,
  store: { name: string; code: string },
  openid: string = testOpenid(),
): Promise<string> {
  const { id } = await api<{ id: number }>(url, 'POST', '/api/v1/admin/stores', store, adminToken);
  const { inviteCode } = await api<{ inviteCode: string }>(
    url,
    'POST',
    '/api/v1/admin/staff-invites',
    { storeId: id, role: 'clerk' },
    adminToken,
  );
  const member = (await sandboxLogin(url, openid)).token;
  return (await api<{ token: string }>(url, 'POST', '/api/v1/staff/invites/redeem', { inviteCode }, member)).token;
}

/**
 * The H5 stand-in for WeChat's subscription popup (允许发送以下消息？), which follows a claim, sign-up, top-up
 * or redemption: answers it (允许 grants one reminder, 取消 turns it down for the rest of the session).
 */
export async function answerSubscribePopup(page: Page, answer: 'allow' | 'cancel' = 'cancel'): Promise<void> {
  const popup = page.locator('.taro-modal__content').filter({ visible: true, hasText: '允许发送以下消息' });
  await popup.waitFor();
  await visible(page, answer === 'allow' ? '.taro-model__confirm' : '.taro-model__cancel').click();
  await popup.waitFor({ state: 'hidden' });
}
