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
const ROUNDS = 3;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Time from navigation to interactive: the member page is mounted, logged in through the sandbox and
 * shows the member's number (the first thing a member looks for), measured from the page's own clock.
 */
async function timeToMemberNo(page: Page, url: string): Promise<number> {
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
  return Math.round((await at.jsonValue()) as number);
}

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

    const rounds: { firstMs: number; firstKb: number; repeatMs: number; repeatKb: number }[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const page = await session.newPage('mobile');
      const url = `${session.url}/h5/#/pages/home/index?openid=${testOpenid()}`;
      const firstMs = await timeToMemberNo(await throttled(page), url);
      // The rest of the page (asset row, goods, images) loads on after the number is shown; a member who
      // comes back later finds none of that still running, so neither does the next measurement.
      await page.waitForLoadState('networkidle');
      const firstKb = kb();
      // The member opens the app again later: a new tab of the same browser profile (its HTTP cache and
      // storage). The first tab stays open, idle, so the browser is warm as a phone's is (closing it makes
      // the measurement include starting a renderer process, ~0.5 s here, which is the machine's, not ours).
      const again = await throttled(await page.context().newPage());
      const repeatMs = await timeToMemberNo(again, url);
      await again.waitForLoadState('networkidle');
      rounds.push({ firstMs, firstKb, repeatMs, repeatKb: kb() });
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
    expect(report.firstVisitMs).toBeLessThan(FIRST_VISIT_MS);
    expect(report.repeatVisitMs).toBeLessThan(REPEAT_VISIT_MS);
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
