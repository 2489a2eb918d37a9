import { existsSync, readdirSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

// Built files whose name carries a content hash (Vite "index-B9x2kQ1a.js", webpack "app.3f9c2a1b.js"):
// they never change under that name, so browsers may keep them a year. At least one digit, so a plain
// word such as "-original" is not taken for a hash (that errs toward revalidating, never toward stale).
const HASHED = /[.-](?=[A-Za-z_-]*\d)[A-Za-z0-9_-]{8,}\.[a-z0-9]+$/;
const YEAR = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

interface Asset {
  path: string;
  br: boolean;
  gz: boolean;
  hashed: boolean;
}

/** Every file of a build, scanned once at start (a build is replaced by a deploy, which restarts). */
function scan(dir: string): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (!name.endsWith('.br') && !name.endsWith('.gz')) {
        const url = '/' + relative(dir, path).split(sep).join('/');
        assets.set(url, {
          path,
          br: existsSync(`${path}.br`),
          gz: existsSync(`${path}.gz`),
          hashed: HASHED.test(name),
        });
      }
    }
  };
  walk(dir);
  return assets;
}

/** The compressed copy to send, if the client takes one and the build made it (see scripts/precompress.mjs). */
function encodingFor(req: Request, asset: Asset): 'br' | 'gzip' | null {
  const accepted = String(req.headers['accept-encoding'] ?? '');
  if (asset.br && /\bbr\b/.test(accepted)) return 'br';
  if (asset.gz && /\bgzip\b/.test(accepted)) return 'gzip';
  return null;
}

function send(req: Request, res: Response, next: NextFunction, asset: Asset): void {
  const encoding = encodingFor(req, asset);
  res.setHeader('Cache-Control', asset.hashed ? YEAR : REVALIDATE);
  res.setHeader('Vary', 'Accept-Encoding');
  // The type of the original file, not of its .br/.gz copy (send() keeps a type that is already set).
  res.type(extname(asset.path));
  if (encoding) res.setHeader('Content-Encoding', encoding);
  const file = encoding === 'br' ? `${asset.path}.br` : encoding === 'gzip' ? `${asset.path}.gz` : asset.path;
  res.sendFile(file, { cacheControl: false, dotfiles: 'deny' }, (error) => error && next(error));
}

/**
 * Serves a built single-page app under a prefix: pre-compressed when the client accepts it, hashed files
 * cached for a year, everything else (index.html first) revalidated on each visit, and any other GET
 * without a file extension answered with index.html (client-side routes).
 */
export function serveSpa(
  app: { use(prefix: string, handler: RequestHandler): unknown },
  prefix: string,
  dir: string,
): void {
  if (!existsSync(join(dir, 'index.html'))) return;
  const assets = scan(dir);
  const index = assets.get('/index.html')!;
  app.use(prefix, (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const asset = assets.get(req.path === '/' ? '/index.html' : req.path);
    if (asset) return send(req, res, next, asset);
    if (req.path.includes('.')) return next();
    send(req, res, next, index);
  });
}
