import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * CSP hashes ('sha256-…') of the inline <script> blocks in the built single-page apps' index.html (Taro's H5
 * sets the rem base font size in one before its bundles load). Allowing exactly these, rather than
 * 'unsafe-inline', keeps injected scripts blocked. Read once at start-up, from whatever build is served.
 */
export function inlineScriptHashes(dirs: string[]): string[] {
  const hashes = new Set<string>();
  for (const dir of dirs) {
    const file = join(dir, 'index.html');
    if (!existsSync(file)) continue;
    const html = readFileSync(file, 'utf8');
    for (const [, body] of html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi)) {
      if (body.trim()) hashes.add(`'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`);
    }
  }
  return [...hashes];
}
