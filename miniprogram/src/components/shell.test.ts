import { isTabPage, TAB_PAGES } from './shell';

describe('shell: tab pages', () => {
  it('lists exactly the tab bar pages of app.config.ts', () => {
    (globalThis as unknown as { defineAppConfig: <T>(c: T) => T }).defineAppConfig = (c) => c;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const config = require('../app.config').default as { tabBar: { list: { pagePath: string }[] } };
    expect(config.tabBar.list.map((t) => t.pagePath)).toEqual([...TAB_PAGES]);
  });

  it('tells tab pages from sub-pages, with or without a leading slash or query', () => {
    expect(isTabPage('/pages/home/index?openid=o1')).toBe(true);
    expect(isTabPage('pages/mine/index')).toBe(true);
    expect(isTabPage('/packages/staff/refund/index?receiptNo=R1')).toBe(false);
    expect(isTabPage(undefined)).toBe(false);
  });
});
