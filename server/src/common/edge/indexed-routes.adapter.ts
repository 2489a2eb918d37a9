import type { RequestHandler } from 'express';
import { Router } from 'express';
import { ExpressAdapter } from '@nestjs/platform-express';

// Express tries its routes one after another: with ~280 layers a purchase matched at layer 210, and the
// router's scan was 12 % of a purchase's CPU (perf, npm run load -- --perf). Here every route whose
// first three path segments are literal goes into a router of its own for that prefix ("/api/v1/staff",
// "/api/v1/me", …), and one dispatch layer, where the first such route would have been, hands a request
// to the router of its prefix: a map lookup, then only that prefix's routes in their usual order.
//
// Why this changes no answer: a route can only match a path with as many segments as it has, so a route
// with a literal prefix only matches requests with that prefix (compared the way Express does:
// case-insensitively, a trailing slash ignored). Two routes under different prefixes never match the same
// request, and under one prefix they keep their registration order. Whatever else lands on the
// application router (middleware, a route with a parameter or a wildcard in its first three segments)
// keeps its place: routes registered after it go to a new dispatch layer behind it, so no route ever
// overtakes something registered before it. A dispatch layer passes a request it has no router for.
// One deviation: Express's automatic answer to an OPTIONS request no route handles (200 with an Allow
// header) lists the methods of the request's group in one dispatch layer instead of every matching route
// on the router; this server registers no OPTIONS routes, answers no CORS preflights, and registers a
// controller's routes together (indexed-routes.adapter.spec.ts compares every other answer with Express's).
// Nest's Fastify adapter routes through a radix tree and would make this unnecessary (README § Architecture).

const PREFIX_SEGMENTS = 3;

/** The lookup key of a route path, or null when its first segments are not all literal. */
export function routePrefix(path: string): string | null {
  const segments = path
    .replace(/\/$/, '')
    .split('/')
    .slice(1, PREFIX_SEGMENTS + 1);
  if (!segments.length || segments.some((s) => !/^[\w.~%-]+$/.test(s))) return null;
  return `/${segments.join('/')}`.toLowerCase();
}

/** The lookup key of a request path: its first segments, as routePrefix keys its routes. */
export function requestPrefix(path: string): string {
  let end = 0;
  for (let n = 0; n < PREFIX_SEGMENTS; n++) {
    const next = path.indexOf('/', end + 1);
    if (next < 0) {
      end = path.length;
      break;
    }
    end = next;
  }
  const prefix = path.slice(0, end);
  return (prefix.endsWith('/') ? prefix.slice(0, -1) : prefix).toLowerCase();
}

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete' | 'head' | 'options' | 'all' | 'search';

export class IndexedRoutesExpressAdapter extends ExpressAdapter {
  /** The newest dispatch layer's routers, and the application router's length right after it. */
  private current: { groups: Map<string, Router>; stackLength: number } | null = null;

  override get(...args: unknown[]) {
    return this.route('get', args);
  }
  override post(...args: unknown[]) {
    return this.route('post', args);
  }
  override put(...args: unknown[]) {
    return this.route('put', args);
  }
  override patch(...args: unknown[]) {
    return this.route('patch', args);
  }
  override delete(...args: unknown[]) {
    return this.route('delete', args);
  }
  override head(...args: unknown[]) {
    return this.route('head', args);
  }
  override options(...args: unknown[]) {
    return this.route('options', args);
  }
  override all(...args: unknown[]) {
    return this.route('all', args);
  }
  override search(...args: unknown[]) {
    return this.route('search', args);
  }

  private route(method: Method, args: unknown[]) {
    const [path, ...handlers] = args;
    const prefix = typeof path === 'string' ? routePrefix(path) : null;
    if (prefix === null) return this.instance[method](...args) as unknown;
    const app = this.instance as { router: { stack: unknown[] }; use: (h: RequestHandler) => unknown };
    if (this.current?.stackLength !== app.router.stack.length) {
      // Something was added behind the last dispatch layer (or there is none yet): a new one goes last.
      const groups = new Map<string, Router>();
      app.use(dispatchTo(groups));
      this.current = { groups, stackLength: app.router.stack.length };
    }
    let group = this.current.groups.get(prefix);
    if (!group) this.current.groups.set(prefix, (group = Router()));
    (group[method] as (path: string, ...handlers: RequestHandler[]) => unknown)(
      path as string,
      ...(handlers as RequestHandler[]),
    );
    return this.instance as unknown;
  }
}

function dispatchTo(groups: Map<string, Router>): RequestHandler {
  return function indexedRoutes(req, res, next) {
    const group = groups.get(requestPrefix(req.path));
    if (group) group(req, res, next);
    else next();
  };
}
