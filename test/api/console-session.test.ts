import { ADMIN, bearer, startTestServer, type TestServer } from './support';

jest.setTimeout(60_000);

// The console's sign-in: a short access token it keeps in memory, and a refresh token in an httpOnly cookie
// that only the auth routes see, used once each; a used one presented again ends the whole session.
describe('console session (access token + refresh cookie)', () => {
  let s: TestServer;
  let ipSeq = 0;
  const REFRESH = '/api/v1/admin/auth/refresh';

  /** The `console_refresh=…` pair from a response's Set-Cookie, and its attributes. */
  const refreshCookie = (res: { headers: Record<string, unknown> }) => {
    const all = (res.headers['set-cookie'] as string[] | undefined) ?? [];
    const line = all.find((c) => c.startsWith('console_refresh='));
    return line ? { pair: line.split(';')[0], attrs: line.toLowerCase() } : undefined;
  };
  const login = async (creds = ADMIN) => {
    const res = await s.http
      .post('/api/v1/admin/auth/login')
      .set('X-Forwarded-For', `198.51.100.${++ipSeq}`)
      .send(creds)
      .expect(200);
    return { token: res.body.token as string, cookie: refreshCookie(res)!.pair, res };
  };
  const refresh = (cookie: string) => s.http.post(REFRESH).set('X-Console', '1').set('Cookie', cookie);
  const me = (token: string) => s.http.get('/api/v1/admin/me').set(bearer(token));

  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(() => s.close());
  afterEach(() => {
    s.clock.reset();
    jest.restoreAllMocks();
  });

  it('login sets an httpOnly, SameSite=Strict refresh cookie for the auth routes only and answers a 10-minute access token', async () => {
    const { token, res } = await login();
    expect(res.body.expiresIn).toBe(600);
    const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as { iat: number; exp: number };
    expect(claims.exp - claims.iat).toBe(600);
    const cookie = refreshCookie(res)!;
    expect(cookie.attrs).toContain('httponly');
    expect(cookie.attrs).toContain('samesite=strict');
    expect(cookie.attrs).toContain('path=/api/v1/admin/auth');
    // PUBLIC_URL is http here; over https the cookie is Secure (the last test).
    expect(cookie.attrs).not.toContain('secure');
    expect(cookie.attrs).toMatch(/max-age=604800/);
    // The refresh token is not in the body: a script in the page never sees it.
    expect(JSON.stringify(res.body)).not.toContain(cookie.pair.split('=')[1]);
    await me(token).expect(200);
  });

  it('refresh needs the console header (a cross-site form cannot send one): 403 without it', async () => {
    const { cookie } = await login();
    const res = await s.http.post(REFRESH).set('Cookie', cookie).expect(403);
    expect(res.body.code).toBe('FORBIDDEN');
    await s.http.post(REFRESH).set('Cookie', cookie).set('X-Console', 'yes').expect(403);
    // The cookie was not spent by the refused calls.
    await refresh(cookie).expect(200);
  });

  it('refresh answers a new access token and rotates the cookie; without a cookie or with a forged one 401', async () => {
    const { cookie } = await login();
    const first = await refresh(cookie).expect(200);
    expect(first.body.expiresIn).toBe(600);
    expect(first.body.operator.username).toBe(ADMIN.username);
    await me(first.body.token).expect(200);
    const next = refreshCookie(first)!;
    expect(next.pair).not.toBe(cookie);
    expect(next.attrs).toContain('httponly');
    const second = await refresh(next.pair).expect(200);
    expect(refreshCookie(second)!.pair).not.toBe(next.pair);

    await s.http.post(REFRESH).set('X-Console', '1').expect(401);
    const [id, gen] = next.pair.split('=')[1].split('.');
    const forged = `console_refresh=${id}.${Number(gen) + 1}.${'A'.repeat(43)}`;
    await refresh(forged).expect(401);
    // A guess is refused but does not end the session (only a genuine old token does).
    await refresh(refreshCookie(second)!.pair).expect(200);
  });

  it('a used refresh token presented again ends the session: 401, and its newer cookie and access tokens fail too', async () => {
    const { token, cookie } = await login();
    const rotated = await refresh(cookie).expect(200);
    const newer = refreshCookie(rotated)!.pair;
    // Past the few seconds two tabs may race with the same cookie.
    s.clock.advance(30);
    const reuse = await refresh(cookie).expect(401);
    expect(refreshCookie(reuse)?.attrs).toMatch(/expires=thu, 01 jan 1970/);
    await refresh(newer).expect(401);
    await me(rotated.body.token).expect(401);
    await me(token).expect(401);

    const admin = (await login()).token;
    const audit = await s.http
      .get('/api/v1/admin/audit-logs')
      .query({ action: 'operator.refresh_reused' })
      .set(bearer(admin))
      .expect(200);
    expect(audit.body.items).toHaveLength(1);
    const logins = await s.http
      .get('/api/v1/admin/audit-logs')
      .query({ action: 'operator.login' })
      .set(bearer(admin))
      .expect(200);
    expect(logins.body.total).toBeGreaterThanOrEqual(2);
  });

  it('two tabs refreshing with the same cookie at once both get an access token, the session lives on', async () => {
    const { cookie } = await login();
    const [a, b] = await Promise.all([refresh(cookie), refresh(cookie)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const winner = refreshCookie(a) ?? refreshCookie(b);
    expect(winner).toBeDefined();
    await me(a.body.token).expect(200);
    await me(b.body.token).expect(200);
    await refresh(winner!.pair).expect(200);
  });

  it('logout clears the cookie and ends the session; log out everywhere ends every session', async () => {
    const one = await login();
    const out = await s.http.post('/api/v1/admin/auth/logout').set(bearer(one.token)).expect(204);
    expect(refreshCookie(out)?.attrs).toMatch(/expires=thu, 01 jan 1970/);
    await refresh(one.cookie).expect(401);
    await me(one.token).expect(401);

    const a = await login();
    const b = await login();
    const all = await s.http.post('/api/v1/admin/auth/logout-all').set(bearer(a.token)).expect(204);
    expect(refreshCookie(all)?.attrs).toMatch(/expires=thu, 01 jan 1970/);
    await refresh(a.cookie).expect(401);
    await refresh(b.cookie).expect(401);
    await me(b.token).expect(401);
  });

  it('a password change issues a new session cookie and ends the old session', async () => {
    const created = await s.http
      .post('/api/v1/admin/operators')
      .set(bearer((await login()).token))
      .send({ username: 'cookie.changer', password: 'Str0ng-passw0rd', displayName: '改密', role: 'operator' })
      .expect(201);
    expect(created.body.id).toBeGreaterThan(0);
    const old = await login({ username: 'cookie.changer', password: 'Str0ng-passw0rd' });
    const changed = await s.http
      .post('/api/v1/admin/me/password')
      .set(bearer(old.token))
      .send({ currentPassword: 'Str0ng-passw0rd', newPassword: 'An0ther-passw0rd' })
      .expect(200);
    expect(changed.body.expiresIn).toBe(600);
    await refresh(old.cookie).expect(401);
    await refresh(refreshCookie(changed)!.pair).expect(200);
  });

  it('the access token expires after 10 minutes; the refresh cookie then gets a new one', async () => {
    const { token, cookie } = await login();
    // Tokens are checked against the wall clock, like every JWT here (moving the sandbox's business clock
    // must not sign the console out), so wall time is what moves.
    const realNow = Date.now.bind(Date);
    jest.spyOn(Date, 'now').mockImplementation(() => realNow() + 601_000);
    await me(token).expect(401);
    const fresh = await refresh(cookie).expect(200);
    await me(fresh.body.token).expect(200);
  });

  it('the session ends after 12 idle hours and 7 days after sign-in, however often it is refreshed', async () => {
    const idle = await login();
    s.clock.advance(12 * 3600 + 1);
    await refresh(idle.cookie).expect(401);
    s.clock.reset();

    let { cookie } = await login();
    // 15 × 11 h = 165 h: always within the idle limit, just short of the 168 h the session may last.
    for (let i = 1; i <= 15; i++) {
      s.clock.advance(11 * 3600);
      const res = await refresh(cookie).expect(200);
      cookie = refreshCookie(res)!.pair;
      // The cookie's lifetime counts down to the session's absolute end.
      expect(Number(/max-age=(\d+)/.exec(refreshCookie(res)!.attrs)![1])).toBeLessThanOrEqual(604800 - 11 * 3600 * i);
    }
    s.clock.advance(11 * 3600);
    await refresh(cookie).expect(401);
  });

  it('a disabled operator cannot refresh', async () => {
    const admin = (await login()).token;
    const op = await s.http
      .post('/api/v1/admin/operators')
      .set(bearer(admin))
      .send({ username: 'cookie.disabled', password: 'Str0ng-passw0rd', displayName: '停用', role: 'operator' })
      .expect(201);
    const { cookie } = await login({ username: 'cookie.disabled', password: 'Str0ng-passw0rd' });
    await s.http.post(`/api/v1/admin/operators/${op.body.id}/disable`).set(bearer(admin)).expect(200);
    await refresh(cookie).expect(401);
  });

  it('keeps the login device token in an httpOnly cookie for the login route: a locked name still lets this browser in', async () => {
    const admin = (await login()).token;
    await s.http
      .post('/api/v1/admin/operators')
      .set(bearer(admin))
      .send({ username: 'cookie.device', password: 'Str0ng-passw0rd', displayName: '设备', role: 'operator' })
      .expect(201);
    const creds = { username: 'cookie.device', password: 'Str0ng-passw0rd' };
    const first = (await login(creds)).res;
    const line = ((first.headers['set-cookie'] as unknown as string[]) ?? []).find((c) =>
      c.startsWith('console_device_'),
    );
    expect(line).toBeDefined();
    expect(line!.toLowerCase()).toContain('httponly');
    expect(line!.toLowerCase()).toContain('path=/api/v1/admin/auth/login');
    expect(line).not.toContain('cookie.device');
    const device = line!.split(';')[0];

    for (let i = 0; i < 5; i++) {
      await s.http
        .post('/api/v1/admin/auth/login')
        .set('X-Forwarded-For', `203.0.113.${100 + i}`)
        .send({ ...creds, password: `guess-${i}` })
        .expect(401);
    }
    await s.http.post('/api/v1/admin/auth/login').set('X-Forwarded-For', '203.0.113.150').send(creds).expect(429);
    // The same browser, from yet another address, with nothing but its cookie: in.
    await s.http
      .post('/api/v1/admin/auth/login')
      .set('X-Forwarded-For', '203.0.113.151')
      .set('Cookie', device)
      .send(creds)
      .expect(200);
  });
});

describe('console session behind https', () => {
  it('marks the refresh and device cookies Secure when PUBLIC_URL is https', async () => {
    const s = await startTestServer({ PUBLIC_URL: 'https://member.example.com' });
    try {
      const res = await s.http.post('/api/v1/admin/auth/login').send(ADMIN).expect(200);
      const cookies = (res.headers['set-cookie'] as unknown as string[]).map((c) => c.toLowerCase());
      expect(cookies.filter((c) => c.startsWith('console_'))).toHaveLength(2);
      for (const c of cookies) expect(c).toMatch(/; secure/);
    } finally {
      await s.close();
    }
  });
});
