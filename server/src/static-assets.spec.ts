import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import request from 'supertest';
import { serveSpa } from './static-assets';

describe('serveSpa', () => {
  const dir = mkdtempSync(join(tmpdir(), 'spa-'));
  const js = `console.log(${JSON.stringify('会员'.repeat(2000))});`;
  const app = express();

  beforeAll(() => {
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), `<!doctype html><title>会员</title>${' '.repeat(2000)}`);
    writeFileSync(join(dir, 'assets', 'index-B9x2kQ1a.js'), js);
    writeFileSync(join(dir, 'favicon-original.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    execFileSync(process.execPath, [join(__dirname, '../../scripts/precompress.mjs'), dir]);
    serveSpa(app, '/console', dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('sends the brotli copy of a hashed file with its own type, cached for a year', async () => {
    const res = await request(app)
      .get('/console/assets/index-B9x2kQ1a.js')
      .set('Accept-Encoding', 'gzip, deflate, br')
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers.vary).toMatch(/Accept-Encoding/);
    // The body on the wire is the .br copy; superagent inflates brotli itself.
    expect((res.body as Buffer).toString()).toBe(js);
    expect(Number(res.headers['content-length'])).toBeLessThan(Buffer.byteLength(js) / 5);
  });

  it('falls back to gzip, then to the plain file', async () => {
    const gz = await request(app).get('/console/assets/index-B9x2kQ1a.js').set('Accept-Encoding', 'gzip').expect(200);
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.text).toBe(js); // supertest inflates gzip
    const plain = await request(app).get('/console/assets/index-B9x2kQ1a.js').set('Accept-Encoding', 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.text).toBe(js);
  });

  it('revalidates index.html and unhashed files, answers 304 to a matching ETag', async () => {
    const first = await request(app).get('/console/').set('Accept-Encoding', 'identity').expect(200);
    expect(first.headers['cache-control']).toBe('no-cache');
    expect(first.headers['content-type']).toMatch(/text\/html/);
    await request(app)
      .get('/console/')
      .set('If-None-Match', first.headers.etag)
      .set('Accept-Encoding', 'identity')
      .expect(304);
    const svg = await request(app).get('/console/favicon-original.svg').expect(200);
    expect(svg.headers['cache-control']).toBe('no-cache');
  });

  it('answers client-side routes with index.html and leaves unknown files to the next handler', async () => {
    const route = await request(app).get('/console/members/12').expect(200);
    expect(route.text).toContain('<title>会员</title>');
    await request(app).get('/console/assets/missing-A1b2c3d4.js').expect(404);
    await request(app).get('/console/../package.json').expect(404);
  });
});
