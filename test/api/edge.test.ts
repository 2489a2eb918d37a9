import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../server/src/config/load-config';
import { bearer, loginMember, loginOperator, makeStaff, startTestServer, type TestServer } from './support';

// Reproductions from the black-box probe (issue 8): each of these answered 500 on main.
jest.setTimeout(60_000);

describe('edge validation: no 5xx from any input', () => {
  let s: TestServer;
  let admin: string;
  let member: Awaited<ReturnType<typeof loginMember>>;
  let staff: Awaited<ReturnType<typeof makeStaff>>;
  beforeAll(async () => {
    s = await startTestServer();
    admin = await loginOperator(s);
    member = await loginMember(s);
    staff = await makeStaff(s, admin);
  });
  afterAll(() => s.close());

  const expectError = (res: { status: number; body: unknown }, status: number) => {
    expect({ status: res.status, body: res.body }).toMatchObject({
      status,
      body: { code: expect.any(String), message: expect.stringMatching(/[\u4e00-\u9fff]/) },
    });
  };

  it('rejects null for non-nullable fields with 400', async () => {
    expectError(await s.http.patch('/api/v1/me').set(bearer(member.token)).send({ gender: null }), 400);
    expectError(await s.http.patch('/api/v1/me').set(bearer(member.token)).send({ nickname: null }), 400);
    expectError(
      await s.http.patch(`/api/v1/admin/stores/${staff.store.id}`).set(bearer(admin)).send({ name: null }),
      400,
    );
    expectError(
      await s.http.patch(`/api/v1/admin/staff/${staff.staff.id}`).set(bearer(admin)).send({ role: null }),
      400,
    );
    expectError(
      await s.http
        .patch(`/api/v1/admin/members/${member.member.id}`)
        .set(bearer(admin))
        .send({ nickname: null, reason: '更正资料' }),
      400,
    );
    const res = await s.http.patch('/api/v1/me').set(bearer(member.token)).send({ gender: null });
    expect(res.body.details).toEqual([expect.objectContaining({ field: 'gender' })]);
  });

  it.each([
    '/api/v1/admin/members',
    '/api/v1/admin/audit-logs',
    '/api/v1/admin/points/adjustments',
    '/api/v1/admin/outbox',
    '/api/v1/admin/points/expiry-reminders',
  ])('bounds ?page on %s', async (path) => {
    expectError(await s.http.get(path).query({ page: '1e20' }).set(bearer(admin)), 400);
    expectError(await s.http.get(path).query({ page: '99999999999' }).set(bearer(admin)), 400);
    expect((await s.http.get(path).query({ page: '2' }).set(bearer(admin))).status).toBe(200);
  });

  it('rejects deeply nested JSON with 400, also on the unauthenticated login routes', async () => {
    const deep = '['.repeat(5000) + ']'.repeat(5000);
    for (const path of ['/api/v1/admin/auth/login', '/api/v1/auth/wechat/login']) {
      const res = await s.http
        .post(path)
        .set('Content-Type', 'application/json')
        .send(`{"username":"a","password":"b","code":${deep}}`);
      expectError(res, 400);
    }
    const nested = '{"a":'.repeat(5000) + '1' + '}'.repeat(5000);
    expectError(
      await s.http.patch('/api/v1/me').set(bearer(member.token)).set('Content-Type', 'application/json').send(nested),
      400,
    );
  });

  it('answers 413 with {code, message} for bodies over 100 KB', async () => {
    const res = await s.http
      .post('/api/v1/admin/auth/login')
      .send({ username: 'admin', password: 'x'.repeat(101 * 1024) });
    expectError(res, 413);
    expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers malformed JSON with 400', async () => {
    const res = await s.http.post('/api/v1/admin/auth/login').set('Content-Type', 'application/json').send('{"a":');
    expectError(res, 400);
  });

  it('keeps ids and amounts inside INT range', async () => {
    expectError(
      await s.http.post('/api/v1/admin/staff-invites').set(bearer(admin)).send({ storeId: 2147483648, role: 'clerk' }),
      400,
    );
    expectError(await s.http.get('/api/v1/admin/staff').query({ storeId: '2147483648' }).set(bearer(admin)), 400);
    expectError(await s.http.get('/api/v1/admin/members/2147483648').set(bearer(admin)), 400);
    expectError(await s.http.get('/api/v1/admin/members/1e3').set(bearer(admin)), 400);
    expect((await s.http.get('/api/v1/admin/members/2147483647').set(bearer(admin))).status).toBe(404);
  });

  it.each([
    ['NUL', 'a\u0000b'],
    ['a control character', 'a\u0007b'],
    ['a line break', 'a\nb'],
    ['an RTL override', 'abc\u202Egpj.exe'],
    ['a bidi isolate', 'a\u2066b\u2069'],
    ['a lone surrogate', 'a\uD800b'],
  ])('rejects %s in free text', async (_, text) => {
    expectError(await s.http.patch('/api/v1/me').set(bearer(member.token)).send({ nickname: text }), 400);
    expectError(
      await s.http.patch(`/api/v1/admin/stores/${staff.store.id}`).set(bearer(admin)).send({ address: text }),
      400,
    );
    expectError(
      await s.http
        .post('/api/v1/admin/operators')
        .set(bearer(admin))
        .send({ username: 'op' + Date.now(), password: 'long-enough-pw', displayName: text, role: 'analyst' }),
      400,
    );
  });

  it('sends security headers and no X-Powered-By', async () => {
    const res = await s.http.get('/api/health');
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
    // PUBLIC_URL is http here: HSTS would pin the host to https.
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });

  it('serves the API description with request, response and error schemas', async () => {
    const doc = (await s.http.get('/api/docs-json').expect(200)).body;
    const patch = doc.paths['/api/v1/me'].patch;
    expect(doc.components.schemas.UpdateProfileDto.properties.nickname).toMatchObject({ maxLength: 32 });
    expect(patch.responses['200'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/MemberProfile',
    });
    expect(patch.responses['400'].content['application/json'].schema.allOf[1].properties.code.enum).toContain(
      'VALIDATION_FAILED',
    );
    expect(doc.components.schemas.ApiError.required).toEqual(['code', 'message']);
    expect(patch.responses['413']).toBeDefined();
    expect(Object.keys(doc.paths).some((p) => p.startsWith('/sandbox'))).toBe(false);
  });

  it('still accepts ordinary Chinese text and emoji', async () => {
    const res = await s.http
      .patch('/api/v1/me')
      .set(bearer(member.token))
      .send({ nickname: '小王🍵 Wang' })
      .expect(200);
    expect(res.body.nickname).toBe('小王🍵 Wang');
  });
});

describe('production posture', () => {
  it('serves no API description when server.docs is off, and HSTS when the public URL is https', async () => {
    const s = await startTestServer({ API_DOCS: 'false', PUBLIC_URL: 'https://member.example.com' });
    try {
      expect((await s.http.get('/api/docs-json')).status).toBe(404);
      expect((await s.http.get('/api/docs')).status).toBe(404);
      expect((await s.http.get('/')).text).not.toContain('/api/docs');
      const res = await s.http.get('/api/health');
      expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    } finally {
      await s.close();
    }
  });

  it('keeps the docs off in production unless server.docs is set', () => {
    const env = { NODE_ENV: 'production', WECHAT_MODE: 'live', DATABASE_ALLOW_SQLITE_IN_PRODUCTION: 'true' };
    const secrets = {
      JWT_SECRET: 'x'.repeat(48),
      PHONE_ENC_KEY: Buffer.alloc(32, 1).toString('base64'),
      HASH_KEY: Buffer.alloc(32, 2).toString('base64'),
      WECHAT_APP_SECRET: 'secret',
      WECHAT_APP_ID: 'wx0123456789abcdef',
      WECHATPAY_PRIVATE_KEY_FILE: '/etc/member/apiclient_key.pem',
      WECHATPAY_MERCHANT_SERIAL: '0B6FC1AFB309881A769306BD327E8C2E2704D454',
      WECHATPAY_APIV3_KEY: 'k'.repeat(32),
      WECHATPAY_PUBLIC_KEY_FILE: '/etc/member/pub_key.pem',
      WECHATPAY_PUBLIC_KEY_ID: 'PUB_KEY_ID_0114232134912410000000000000',
    };
    expect(loadConfig({ ...env, ...secrets }).server.docs).toBe(false);
    expect(loadConfig({ ...env, ...secrets, API_DOCS: 'true' }).server.docs).toBe(true);
    expect(loadConfig({ NODE_ENV: 'test', DATA_DIR: mkdtempSync(join(tmpdir(), 'edge-')) }).server.docs).toBe(true);
  });
});
