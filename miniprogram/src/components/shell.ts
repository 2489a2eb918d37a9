// Which pages are tab pages (app.config.ts tabBar.list): they need no back control. A test keeps the two in step.
export const TAB_PAGES = ['pages/home/index', 'pages/mall/index', 'pages/card/index', 'pages/mine/index'] as const;

export const HOME_URL = `/${TAB_PAGES[0]}`;

/** '/pages/home/index?openid=x' and 'pages/home/index' both name the home tab. */
export function isTabPage(path: string | undefined): boolean {
  const route = (path ?? '').split('?')[0].replace(/^\//, '');
  return (TAB_PAGES as readonly string[]).includes(route);
}
