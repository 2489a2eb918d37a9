import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ADMIN, testOpenid, useBrowserSession } from './support';

jest.setTimeout(120_000);

// Chrome DevTools' "Fast 4G" preset: 9 Mbps down and 1.5 Mbps up at 90 %, 60 ms latency × 2.75.
const FAST_4G = {
  offline: false,
  latency: 60 * 2.75,
  downloadThroughput: ((9 * 1000 * 1000) / 8) * 0.9,
  uploadThroughput: ((1.5 * 1000 * 1000) / 8) * 0.9,
};
const FIRST_VISIT_MS = 2000;
const REPEAT_VISIT_MS = 1000;
// The targets hold on a quiet machine of this kind (README: 1.6–1.7 s and 0.8 s). CI runs this file among
// some forty others on a shared 2-core box, where the same build measured up to a quarter slower (1.97 s
// and 1.00 s once): there the times are a regression gate at 1.5× the targets, and the budgets that do
// not depend on the machine — bytes, and the requests the member number waits for — stay exact.
const SLACK = process.env.CI ? 1.5 : 1;
const ROUNDS = 3;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Time from navigation to interactive: the member page is mounted, logged in through the sandbox and
 * shows the member's number (the first thing a member looks for), measured from the page's own clock.
 */
async function timeToMemberNo(page: Page, url: string): Promise<Visit> {
  await page.goto(url, { waitUntil: 'commit' });
  // Checked in the page on every frame, so the time is the frame the number appeared in, not when a
  // round trip from the test process next got round to asking.
  const at = await page.waitForFunction(
    () => {
      const el = document.querySelector<HTMLElement>('#member-no');
      return el && el.offsetParent !== null && /\d{6,}/.test(el.textContent ?? '') ? performance.now() : false;
    },
    undefined,
    { polling: 'raf' },
  );
  const ms = (await at.jsonValue()) as number;
  // What the number waited for: requests that went to the network (not the HTTP cache) and were answered
  // before it showed. index.html is the navigation, not among them.
  const awaited = await page.evaluate(
    (before) =>
      performance
        .getEntriesByType('resource')
        .map((e) => e as PerformanceResourceTiming)
        .filter((e) => e.transferSize > 0 && e.responseEnd < before)
        .map((e) => new URL(e.name).pathname),
    ms,
  );
  return { ms: Math.round(ms), awaited };
}

interface Visit {
  ms: number;
  /** Paths fetched over the network before the member number showed. */
  awaited: string[];
}

const apiCalls = (paths: string[]) => paths.filter((p) => p.startsWith('/api/') || p.startsWith('/sandbox/'));

describe('H5 member pages load fast on a phone', () => {
  const session = useBrowserSession();

  it(`reach interactive under ${FIRST_VISIT_MS} ms on Fast 4G, under ${REPEAT_VISIT_MS} ms on a repeat visit`, async () => {
    const bytes: number[] = [];
    /** A tab on Fast 4G that counts the bytes it receives. */
    const throttled = async (p: Page) => {
      const cdp = await p.context().newCDPSession(p);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', FAST_4G);
      cdp.on('Network.loadingFinished', (e: { encodedDataLength: number }) => bytes.push(e.encodedDataLength));
      return p;
    };
    const kb = () => Math.round(bytes.splice(0).reduce((a, b) => a + b, 0) / 1024);

    // Three phones, each a new browser profile (empty cache and storage) and a new member: one sample on a
    // shared 2-core machine (server, browser and test in one box) swings by a few hundred milliseconds.
    // One visit first that is not counted: the server was started for this file and its first requests pay
    // for the JIT and the connection pool, which a server in service has long paid.
    const warmUp = await session.newPage('mobile');
    await timeToMemberNo(warmUp, `${session.url}/h5/#/pages/home/index?openid=${testOpenid()}`);
    await warmUp.context().close();

    const rounds: {
      firstMs: number;
      firstKb: number;
      firstApiCalls: string[];
      repeatMs: number;
      repeatKb: number;
      repeatAwaited: string[];
    }[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const page = await session.newPage('mobile');
      const url = `${session.url}/h5/#/pages/home/index?openid=${testOpenid()}`;
      const first = await timeToMemberNo(await throttled(page), url);
      // The rest of the page (asset row, goods, images) loads on after the number is shown; a member who
      // comes back later finds none of that still running, so neither does the next measurement.
      await page.waitForLoadState('networkidle');
      const firstKb = kb();
      // The member opens the app again later: a new tab of the same browser profile (its HTTP cache and
      // storage). The first tab stays open, idle, so the browser is warm as a phone's is (closing it makes
      // the measurement include starting a renderer process, ~0.5 s here, which is the machine's, not ours).
      const again = await throttled(await page.context().newPage());
      const repeat = await timeToMemberNo(again, url);
      await again.waitForLoadState('networkidle');
      rounds.push({
        firstMs: first.ms,
        firstKb,
        firstApiCalls: apiCalls(first.awaited),
        repeatMs: repeat.ms,
        repeatKb: kb(),
        repeatAwaited: repeat.awaited,
      });
      await page.context().close();
    }

    const report = {
      profile: 'Fast 4G',
      firstVisitMs: median(rounds.map((r) => r.firstMs)),
      firstVisitKb: median(rounds.map((r) => r.firstKb)),
      repeatVisitMs: median(rounds.map((r) => r.repeatMs)),
      repeatVisitKb: median(rounds.map((r) => r.repeatKb)),
      rounds,
    };
    console.log(`H5 page speed (median of ${ROUNDS}): ${JSON.stringify(report)}`);
    const dir = process.env.ARTIFACTS_DIR ?? 'artifacts';
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'page-speed.json'), JSON.stringify(report, null, 2));
    for (const round of rounds) {
      // A first visit waits for the sandbox's wx.login code and our login, nothing else from a server;
      // a repeat visit shows the remembered card from storage and the cache without waiting for any.
      expect(round.firstApiCalls.sort()).toEqual(['/api/v1/auth/wechat/login', '/sandbox/wx/login-code']);
      expect(round.repeatAwaited).toEqual([]);
      expect(round.firstKb).toBeLessThan(300);
      expect(round.repeatKb).toBeLessThan(20);
    }
    expect(report.firstVisitMs).toBeLessThan(FIRST_VISIT_MS * SLACK);
    expect(report.repeatVisitMs).toBeLessThan(REPEAT_VISIT_MS * SLACK);
  });

  it('the console sends each page its own code: the sign-in page without the layout, a list without forms', async () => {
    const page = await session.newPage('desktop');
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    const scripts = new Map<string, number>();
    cdp.on('Network.loadingFinished', (e: { requestId: string; encodedDataLength: number }) =>
      scripts.set(e.requestId, e.encodedDataLength),
    );
    const kb = () => Math.round([...scripts.values()].reduce((a, b) => a + b, 0) / 1024);

    await page.goto(`${session.url}/console/#/login`);
    await page.locator('#username').waitFor({ state: 'visible' });
    const signIn = kb();
    await page.locator('#username').fill(ADMIN.username);
    await page.locator('#password').fill(ADMIN.password);
    await page.locator('[data-testid=login-submit]').click();
    await page.waitForURL(/#\/(?!login)/);
    await page.goto(`${session.url}/console/#/members`);
    await page.locator('.ant-pro-table').first().waitFor({ state: 'visible' });
    const memberList = kb();

    const report = { signInKb: signIn, signInThenMemberListKb: memberList };
    console.log(`console transfer: ${JSON.stringify(report)}`);
    const dir = process.env.ARTIFACTS_DIR ?? 'artifacts';
    writeFileSync(join(dir, 'console-transfer.json'), JSON.stringify(report, null, 2));
    // Compressed bytes on the wire: the whole UI kit was ~580 KB as one chunk before the split.
    expect(signIn).toBeLessThan(450);
    expect(memberList).toBeLessThan(900);
  });
});
