import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { MediaAsset } from '@member/shared';
import sharp from 'sharp';
import { DemoMediaSeed } from '../../server/src/modules/media/demo-media.seed';
import { MediaService } from '../../server/src/modules/media/media.service';
import { bearer, loginOperator, startTestServer, type TestServer } from './support';

// Image uploads for goods and posters: type by magic bytes, size limit while streaming, re-encoding that
// drops EXIF/GPS, thumbnails, one copy per distinct upload, and public serving with immutable caching.

const MB = 1024 * 1024;

/** A noisy image (so it does not compress to nothing) of the given size and format. */
async function image(format: 'jpeg' | 'png' | 'webp', width: number, height: number, exif = false): Promise<Buffer> {
  const raw = randomBytes(width * height * 3);
  let img = sharp(raw, { raw: { width, height, channels: 3 } });
  if (exif) {
    img = img.withExif({
      IFD0: { Make: 'SecretCam', Model: 'Owner-Phone-X', Copyright: 'private-owner-name', Orientation: '1' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '31/1 13/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '121/1 28/1 0/1' },
    });
  }
  return img.toFormat(format, { quality: 90 }).toBuffer();
}

describe('media: upload, thumbnails, serving', () => {
  let s: TestServer;
  let admin: string;
  let mediaDir: string;

  /** Every file under the media store (relative paths), temporary ones included. */
  const files = (): string[] => {
    const out: string[] = [];
    const walk = (d: string) => {
      let names: string[];
      try {
        names = readdirSync(d, { withFileTypes: true }).map((e) => (e.isDirectory() ? `${e.name}/` : e.name));
      } catch {
        return;
      }
      for (const n of names) {
        if (n.endsWith('/')) walk(join(d, n));
        else out.push(relative(mediaDir, join(d, n)));
      }
    };
    walk(mediaDir);
    return out.sort();
  };

  const upload = (data: Buffer, filename: string, token = admin, contentType?: string) =>
    s.http
      .post('/api/v1/admin/media')
      .set(bearer(token))
      .attach('file', data, { filename, contentType: contentType ?? 'application/octet-stream' });

  const fetchImage = (url: string) =>
    s.http
      .get(url)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });

  beforeAll(async () => {
    s = await startTestServer();
    admin = await loginOperator(s);
    mediaDir = s.config.media.dir;
    expect(mediaDir).toBe(join(s.config.database.dataDir, 'media'));
  });
  afterAll(() => s.close());

  it('stores a JPEG without its EXIF/GPS, fits the original and makes a 400 px thumbnail', async () => {
    const jpeg = await image('jpeg', 2400, 1600, true);
    expect((await sharp(jpeg).metadata()).exif).toBeDefined();
    expect(jpeg.includes('SecretCam')).toBe(true);

    const res = await upload(jpeg, 'holiday.jpg', admin, 'image/jpeg').expect(201);
    const asset = res.body as MediaAsset;
    expect(asset).toMatchObject({ contentType: 'image/jpeg', width: 2048, height: 1365 });
    expect(asset.url).toMatch(new RegExp(`^/api/v1/media/${asset.id}/original\\?v=[0-9a-f]{16}$`));
    expect(asset.thumbUrl).toBe(asset.url.replace('/original?', '/thumb?'));

    const original = await fetchImage(asset.url).expect(200);
    expect(original.body.length).toBe(asset.bytes);
    const meta = await sharp(original.body).metadata();
    expect(meta).toMatchObject({ format: 'jpeg', width: 2048, height: 1365 });
    expect(meta.exif).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    for (const secret of ['SecretCam', 'Owner-Phone-X', 'private-owner-name']) {
      expect(original.body.includes(secret)).toBe(false);
    }

    const thumb = await fetchImage(asset.thumbUrl).expect(200);
    const thumbMeta = await sharp(thumb.body).metadata();
    // Made from the 2048×1365 original: 400 × 266.6, rounded either way.
    expect(thumbMeta).toMatchObject({ format: 'jpeg', width: 400 });
    expect([266, 267]).toContain(thumbMeta.height);
    expect(thumbMeta.exif).toBeUndefined();

    // Audited, with the uploader and what was stored.
    const audit = await s.http.get('/api/v1/admin/audit-logs?action=media.uploaded').set(bearer(admin)).expect(200);
    expect(audit.body.items.find((e: { targetId: string }) => e.targetId === String(asset.id))).toMatchObject({
      actorName: 'admin',
      targetType: 'media_asset',
    });
  });

  it('keeps PNG and WebP as they are, never enlarging a small image', async () => {
    const png = (await upload(await image('png', 300, 200), 'icon.png').expect(201)).body as MediaAsset;
    expect(png).toMatchObject({ contentType: 'image/png', width: 300, height: 200 });
    const pngThumb = await fetchImage(png.thumbUrl).expect(200).expect('Content-Type', 'image/png');
    expect(await sharp(pngThumb.body).metadata()).toMatchObject({ format: 'png', width: 300, height: 200 });

    const webp = (await upload(await image('webp', 1000, 500), 'banner.webp').expect(201)).body as MediaAsset;
    expect(webp).toMatchObject({ contentType: 'image/webp', width: 1000, height: 500 });
    const webpThumb = await fetchImage(webp.thumbUrl).expect(200).expect('Content-Type', 'image/webp');
    expect(await sharp(webpThumb.body).metadata()).toMatchObject({ format: 'webp', width: 400, height: 200 });
  });

  it('stores the same bytes once: a second upload answers the same asset and writes nothing', async () => {
    const jpeg = await image('jpeg', 640, 480);
    const first = (await upload(jpeg, 'a.jpg').expect(201)).body as MediaAsset;
    const before = files();
    expect(before.filter((f) => f.includes(first.url.split('v=')[1]))).toHaveLength(2);
    const again = (await upload(jpeg, 'renamed.png').expect(201)).body as MediaAsset;
    expect(again).toEqual(first);
    expect(files()).toEqual(before);
    // Through the service too (the demo seed's path).
    expect(await s.app.get(MediaService).store(jpeg, null)).toEqual(first);
  });

  it('decides the type by the bytes, not the name: text named .png is 415 and leaves nothing behind', async () => {
    const before = files();
    const text = Buffer.from('just some text pretending to be an image\n'.repeat(20));
    const res = await upload(text, 'photo.png', admin, 'image/png').expect(415);
    expect(res.body).toEqual({ code: 'MEDIA_TYPE_UNSUPPORTED', message: '仅支持 JPG、PNG、WebP 图片' });
    // A GIF and an SVG are images, but not ones we take.
    await upload(Buffer.from('GIF89a' + 'x'.repeat(100)), 'a.gif').expect(415);
    await upload(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"></svg>'), 'a.png').expect(415);
    // PNG magic bytes, then garbage: does not decode.
    const broken = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(2000)]);
    const bad = await upload(broken, 'broken.png').expect(415);
    expect(bad.body.code).toBe('MEDIA_TYPE_UNSUPPORTED');
    expect(bad.body.message).toMatch(/损坏/);
    expect(files()).toEqual(before);
  });

  it('refuses 6 MB with 413 as it streams in (with or without a length), leaving no file', async () => {
    const before = files();
    // JPEG magic bytes first, so the type check passes and only the size refuses it.
    const big = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(6 * MB)]);
    const res = await upload(big, 'big.jpg').expect(413);
    expect(res.body).toEqual({ code: 'MEDIA_TOO_LARGE', message: '图片不能超过 5MB' });

    // Chunked (no Content-Length): refused once the file passes the limit, not after reading it all.
    const boundary = 'x' + randomBytes(8).toString('hex');
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.jpg"\r\n` +
        'Content-Type: image/jpeg\r\n\r\n',
    );
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(head);
        for (let at = 0; at < big.length; at += 256 * 1024) controller.enqueue(big.subarray(at, at + 256 * 1024));
        controller.enqueue(tail);
        controller.close();
      },
    });
    const chunked = await fetch(`${s.url}/api/v1/admin/media`, {
      method: 'POST',
      headers: { ...bearer(admin), 'Content-Type': `multipart/form-data; boundary=${boundary}` },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
    expect((await chunked.json()).code).toBe('MEDIA_TOO_LARGE');

    // An image within 5 MB of bytes but of more pixels than media.maxPixels (a decompression bomb).
    const huge = await sharp({ create: { width: 8000, height: 6000, channels: 3, background: '#ffffff' } })
      .png()
      .toBuffer();
    expect(huge.length).toBeLessThan(5 * MB);
    const bomb = await upload(huge, 'huge.png').expect(413);
    expect(bomb.body).toMatchObject({ code: 'MEDIA_TOO_LARGE', message: expect.stringMatching(/尺寸过大/) });
    expect(files()).toEqual(before);
    // The server is fine afterwards.
    await upload(await image('jpeg', 50, 50), 'ok.jpg').expect(201);
  });

  it('answers a request without the file field with 400', async () => {
    await s.http.post('/api/v1/admin/media').set(bearer(admin)).send({ file: 'x' }).expect(400);
    const wrongField = await s.http
      .post('/api/v1/admin/media')
      .set(bearer(admin))
      .attach('image', await image('jpeg', 20, 20), 'a.jpg')
      .expect(400);
    expect(wrongField.body.code).toBe('VALIDATION_FAILED');
    await s.http.post('/api/v1/admin/media').set(bearer(admin)).field('file', 'not a file').expect(400);
    await upload(Buffer.alloc(0), 'empty.jpg').expect(400);
  });

  it('lets only writing operators upload: anonymous 401, analyst and store manager 403', async () => {
    const jpeg = await image('jpeg', 40, 40);
    const anon = await s.http.post('/api/v1/admin/media').attach('file', jpeg, 'a.jpg').expect(401);
    expect(anon.body.code).toBe('UNAUTHENTICATED');
    for (const role of ['analyst', 'store_manager']) {
      const username = `m${role.replace('_', '')}${randomBytes(3).toString('hex')}`;
      const password = 'Media-Passw0rd!' + username;
      const store =
        role === 'store_manager'
          ? (
              await s.http
                .post('/api/v1/admin/stores')
                .set(bearer(admin))
                .send({ name: `图片店${username}`, code: `M${randomBytes(3).toString('hex')}` })
                .expect(201)
            ).body.id
          : undefined;
      await s.http
        .post('/api/v1/admin/operators')
        .set(bearer(admin))
        .send({ username, password, displayName: username, role, ...(store ? { storeId: store } : {}) })
        .expect(201);
      const token = await loginOperator(s, { username, password });
      expect((await upload(jpeg, 'a.jpg', token).expect(403)).body.code).toBe('FORBIDDEN');
      // Reading saved images is fine for every console role.
      await s.http.get('/api/v1/admin/media?ids=1').set(bearer(token)).expect(200);
    }
  });

  it('serves images publicly with immutable caching, its type, an ETag, nosniff; 404 for unknown', async () => {
    const asset = (await upload(await image('webp', 120, 90), 'x.webp').expect(201)).body as MediaAsset;
    const res = await fetchImage(asset.url)
      .expect(200)
      .expect('Content-Type', 'image/webp')
      .expect('Cache-Control', 'public, max-age=31536000, immutable')
      .expect('X-Content-Type-Options', 'nosniff')
      .expect('Content-Length', String(asset.bytes));
    const etag = res.headers.etag;
    expect(etag).toMatch(/^"[0-9a-f]{16}-original"$/);
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    await s.http.get(asset.url).set('If-None-Match', etag).expect(304);
    const thumb = await fetchImage(asset.thumbUrl).expect(200);
    expect(thumb.headers.etag).not.toBe(etag);

    // Without v (the id alone) it is still served; with another image's v it is not.
    await fetchImage(`/api/v1/media/${asset.id}/original`).expect(200);
    const wrongV = await s.http.get(`/api/v1/media/${asset.id}/original?v=0000000000000000`).expect(404);
    expect(wrongV.body).toEqual({ code: 'MEDIA_NOT_FOUND', message: '图片不存在' });
    await s.http.get('/api/v1/media/2147483647/thumb').expect(404);
    await s.http.get(`/api/v1/media/${asset.id}/thumb?v=xyz`).expect(400);
    await s.http.get(`/api/v1/media/${asset.id}/poster`).expect(404);
  });

  it('resolves ids in the order asked, leaving unknown ones out', async () => {
    const a = (await upload(await image('jpeg', 30, 30), 'a.jpg').expect(201)).body as MediaAsset;
    const b = (await upload(await image('png', 30, 30), 'b.png').expect(201)).body as MediaAsset;
    const media = s.app.get(MediaService);
    expect(await media.resolve([b.id, 2147483646, a.id, b.id])).toEqual([b, a, b]);
    expect(await media.resolve([])).toEqual([]);
    const listed = await s.http
      .get(`/api/v1/admin/media?ids=${b.id},${a.id},2147483646`)
      .set(bearer(admin))
      .expect(200);
    expect(listed.body).toEqual([b, a]);
    await s.http.get('/api/v1/admin/media?ids=1,x').set(bearer(admin)).expect(400);
    await s.http.get('/api/v1/admin/media').set(bearer(admin)).expect(400);
  });

  it('seeds the demo images through the service, the same assets on a second run', async () => {
    const seed = s.app.get(DemoMediaSeed);
    const first = await seed.store();
    expect(Object.keys(first)).toEqual(['latte', 'mug', 'tote', 'voucher', 'giftBox', 'careSet', 'cake']);
    expect(first.latte).toMatchObject({ contentType: 'image/jpeg', width: 800, height: 800 });
    expect(await seed.store()).toEqual(first);
    const thumb = await fetchImage(first.latte.thumbUrl).expect(200);
    expect(await sharp(thumb.body).metadata()).toMatchObject({ width: 400, height: 400 });
  });
});
