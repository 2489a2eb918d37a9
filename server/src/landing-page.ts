import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';

export interface LandingLinks {
  /** Whether the H5 and console builds exist (a link to a missing build would only 404). */
  h5: boolean;
  console: boolean;
  /** Whether the API description is served (server.docs; off in production by default). */
  docs: boolean;
}

const ICON =
  "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 64 64'%3E%3Crect width='64' height='64' rx='14' fill='%2307c160'/%3E%3Crect x='12' y='18' width='40' height='28' rx='5' fill='%23fff'/%3E%3C/svg%3E";

function link(href: string, label: string, sub: string, built: boolean): string {
  if (!built) return `<li><span class="off">${label}</span><small>未构建，先运行 npm run build</small></li>`;
  return `<li><a href="${href}">${label}</a><small>${sub}</small></li>`;
}

export function landingHtml(links: LandingLinks): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<link rel="icon" type="image/svg+xml" href="${ICON}" />
<title>会员平台</title>
<style>
  body { margin: 0; font: 16px/1.5 -apple-system, 'PingFang SC', 'Noto Sans CJK SC', sans-serif; background: #ededed; color: #191919; }
  main { max-width: 480px; margin: 0 auto; padding: 48px 16px; }
  h1 { font-size: 22px; margin: 0 0 24px; }
  ul { list-style: none; margin: 0; padding: 0; background: #fff; border-radius: 12px; }
  li { display: flex; flex-direction: column; padding: 16px; border-bottom: 1px solid #f0f0f0; }
  li:last-child { border-bottom: 0; }
  a { color: #576b95; font-size: 17px; text-decoration: none; font-weight: 600; }
  .off { color: rgba(0, 0, 0, .5); font-size: 17px; }
  small { color: rgba(0, 0, 0, .5); font-size: 13px; }
</style>
</head>
<body>
<main>
  <h1>会员平台</h1>
  <ul>
    ${link('/h5/', '会员小程序（H5）', '会员卡、积分、店员工作台', links.h5)}
    ${link('/console/', '运营后台', '会员、门店、员工与审计', links.console)}
    ${links.docs ? link('/api/docs', 'API 文档', 'OpenAPI（Swagger UI）', true) : ''}
  </ul>
</main>
</body>
</html>`;
}

/** GET / answers a small zh-CN page linking the apps, instead of the API's JSON 404; /api/* is untouched. */
export function serveLanding(app: NestExpressApplication, links: LandingLinks): void {
  const html = landingHtml(links);
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.path !== '/' || (req.method !== 'GET' && req.method !== 'HEAD')) return next();
    res.type('html').set('cache-control', 'no-cache').send(html);
  });
}
