import type { Express, RequestHandler } from 'express';
import { ExpressAdapter } from '@nestjs/platform-express';
import request from 'supertest';
import { IndexedRoutesExpressAdapter, requestPrefix, routePrefix } from './indexed-routes.adapter';

type Method = 'get' | 'post' | 'delete' | 'all';
type Step = { kind: 'route'; method: Method; path: string } | { kind: 'use'; path: string };

/** A small deterministic generator (mulberry32), so a failing table can be replayed from its seed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LITERALS = ['api', 'v1', 'me', 'staff', 'admin', 'purchases', 'x'];
const pick = <T>(r: () => number, list: T[]): T => list[Math.floor(r() * list.length)];

function randomPath(r: () => number, params: boolean): string {
  const n = 1 + Math.floor(r() * 5);
  return '/' + Array.from({ length: n }, (_, i) => (params && r() < 0.2 ? `:p${i}` : pick(r, LITERALS))).join('/');
}

function randomRequest(r: () => number, steps: Step[]): string {
  // Mostly paths some route was made from (with its parameters filled in), in other cases and with a
  // trailing slash now and then; sometimes a path nothing was made for.
  const routes = steps.filter((s) => s.kind === 'route');
  let path =
    routes.length && r() < 0.8 ? pick(r, routes).path.replace(/:p\d/g, () => pick(r, LITERALS)) : randomPath(r, false);
  if (r() < 0.2) path = path.toUpperCase();
  if (r() < 0.2) path += '/';
  return path;
}

/** Registers the steps on an app: routes through `register`, middleware on the app itself. */
function build(steps: Step[], register: (method: Method, path: string, h: RequestHandler) => void, app: Express) {
  steps.forEach((step, i) => {
    if (step.kind === 'use') {
      // Middleware that answers some requests and passes the rest, as static files or the landing page do.
      app.use(step.path, (req, res, next) => (req.method === 'DELETE' ? res.json({ use: i }) : next()));
    } else {
      register(step.method, step.path, (req, res, next) =>
        req.query.pass === String(i) ? next() : res.json({ route: i, params: req.params }),
      );
    }
  });
}

function plainApp(steps: Step[]): Express {
  // The same Express as the adapter's (Nest's own copy), so that only the routing differs.
  const app = new ExpressAdapter().getInstance<Express>();
  build(steps, (m, p, h) => app[m](p, h), app);
  return app;
}

function indexedApp(steps: Step[]): Express {
  const adapter = new IndexedRoutesExpressAdapter();
  const app = adapter.getInstance<Express>();
  build(steps, (m, p, h) => adapter[m](p, h), app);
  return app;
}

async function answer(app: Express, method: string, path: string, pass: string) {
  const res = await request(app)[method as 'get'](`${path}?pass=${pass}`);
  return { status: res.status, body: res.text };
}

describe('IndexedRoutesExpressAdapter', () => {
  it('keys routes by their literal prefix and requests the same way', () => {
    expect(routePrefix('/api/v1/staff/purchases/:receiptNo')).toBe('/api/v1/staff');
    expect(routePrefix('/api/health')).toBe('/api/health');
    expect(routePrefix('/API/V1/Me/')).toBe('/api/v1/me');
    expect(routePrefix('/sandbox/jobs/:name/run')).toBeNull();
    expect(routePrefix('/{*path}')).toBeNull();
    expect(routePrefix('/')).toBeNull();
    expect(requestPrefix('/api/v1/staff/purchases')).toBe('/api/v1/staff');
    expect(requestPrefix('/api/health/')).toBe('/api/health');
    expect(requestPrefix('/API/v1/me/')).toBe('/api/v1/me');
    expect(requestPrefix('/')).toBe('');
  });

  it("answers OPTIONS with the methods of the request's group", async () => {
    const steps: Step[] = [
      { kind: 'route', method: 'get', path: '/api/v1/me' },
      { kind: 'route', method: 'post', path: '/api/v1/me' },
      { kind: 'route', method: 'delete', path: '/api/v1/me/:id' },
    ];
    for (const app of [plainApp(steps), indexedApp(steps)]) {
      const res = await request(app).options('/api/v1/me').expect(200);
      expect(res.headers.allow).toBe('GET, HEAD, POST');
    }
  });

  it('answers like Express itself for random route tables, middleware and requests', async () => {
    for (let seed = 1; seed <= 40; seed++) {
      const r = random(seed);
      const steps: Step[] = Array.from({ length: 3 + Math.floor(r() * 12) }, () =>
        r() < 0.15
          ? { kind: 'use' as const, path: randomPath(r, false).split('/').slice(0, 2).join('/') }
          : {
              kind: 'route' as const,
              method: pick(r, ['get', 'post', 'delete', 'all'] as Method[]),
              path: randomPath(r, true),
            },
      );
      const plain = plainApp(steps);
      const indexed = indexedApp(steps);
      for (let i = 0; i < 12; i++) {
        // (OPTIONS apart: the adapter's one documented deviation, tested below.)
        const method = pick(r, ['get', 'post', 'delete', 'head']);
        const path = randomRequest(r, steps);
        const pass = String(Math.floor(r() * steps.length));
        const [a, b] = [await answer(plain, method, path, pass), await answer(indexed, method, path, pass)];
        expect({ seed, method, path, pass, ...b }).toEqual({ seed, method, path, pass, ...a });
      }
    }
  });
});
