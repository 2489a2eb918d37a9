import { startApp, type StartedApp } from '../../server/src/app.factory';
import { ADMIN, bearer, loginMember, loginOperator, makeStaff, startTestServer, type TestServer } from './support';

// Operator accounts over their whole life: one normalised name each, a login limiter that cannot lock the
// real admin out for good, and tokens that stop working the moment an account is disabled, reset or logged out.
describe('operator lifecycle', () => {
  let s: TestServer;
  let admin: string;
  let ipSeq = 0;
  // Each test speaks from its own client address (the server trusts X-Forwarded-For from loopback).
  const freshIp = () => `198.51.100.${++ipSeq}`;

  const PASSWORD = 'Str0ng-passw0rd';
  const login = (body: Record<string, unknown>, ip = freshIp()) =>
    s.http.post('/api/v1/admin/auth/login').set('X-Forwarded-For', ip).send(body);
  const createOperator = async (username: string, role = 'operator') =>
    (
      await s.http
        .post('/api/v1/admin/operators')
        .set(bearer(admin))
        .send({ username, password: PASSWORD, displayName: username, role })
        .expect(201)
    ).body as { id: number; username: string };
  const auditOf = async (action: string, targetId: number) =>
    (
      await s.http
        .get('/api/v1/admin/audit-logs')
        .query({ action, targetType: 'operator', targetId: String(targetId) })
        .set(bearer(admin))
        .expect(200)
    ).body.items as { actorName: string; after: unknown }[];

  beforeAll(async () => {
    s = await startTestServer();
    admin = await loginOperator(s);
  });
  afterAll(() => s.close());
  afterEach(() => s.clock.reset());

  describe('usernames', () => {
    it('are one name in NFKC, trimmed, lower-case form: variants log in as it, lookalikes do not', async () => {
      const op = await createOperator('Name1');
      expect(op.username).toBe('name1');
      for (const variant of ['name1', 'name1 ', ' NAME1', 'Ｎａｍｅ１']) {
        const res = await login({ username: variant, password: PASSWORD }).expect(200);
        expect(res.body.operator).toMatchObject({ id: op.id, username: 'name1' });
      }
      // Accents are not folded away: "námé1" is another (unknown) name, not a way into name1.
      for (const lookalike of ['náme1', 'NÁME1']) {
        expect((await login({ username: lookalike, password: PASSWORD }).expect(401)).body.code).toBe('LOGIN_FAILED');
      }
      const taken = await s.http
        .post('/api/v1/admin/operators')
        .set(bearer(admin))
        .send({ username: 'NAME1', password: PASSWORD, displayName: 'x', role: 'operator' })
        .expect(409);
      expect(taken.body.code).toBe('OPERATOR_USERNAME_TAKEN');
    });

    it('share one allowance of failed logins however they are spelled', async () => {
      await createOperator('name2');
      const ip = freshIp();
      for (const variant of ['name2', 'name2 ', 'NAME2', ' Name2', 'Ｎａｍｅ２']) {
        await login({ username: variant, password: 'wrong-password' }, freshIp()).expect(401);
      }
      const blocked = await login({ username: 'name2', password: PASSWORD }, ip).expect(429);
      expect(blocked.body.code).toBe('RATE_LIMITED');
    });
  });

  describe('login limiter', () => {
    it('delays an attacker but lets the right password in from a device that signed in before', async () => {
      const op = await createOperator('victim1');
      const known = await login({ username: 'victim1', password: PASSWORD }).expect(200);
      expect(typeof known.body.deviceToken).toBe('string');

      const attacker = freshIp();
      for (let i = 0; i < 5; i++) await login({ username: 'victim1', password: `guess-${i}` }, attacker).expect(401);
      // A new device (any address) waits, and is told how long.
      const blocked = await login({ username: 'victim1', password: PASSWORD }).expect(429);
      expect(blocked.body).toEqual({ code: 'RATE_LIMITED', message: expect.stringMatching(/请 \d+ 分钟后再试/) });
      const retryAfter = Number(blocked.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(s.config.operator.loginWindowSeconds);

      // The device that signed in before has its own allowance and gets in with the right password.
      const back = await login({
        username: 'victim1',
        password: PASSWORD,
        deviceToken: known.body.deviceToken,
      }).expect(200);
      expect(back.body.operator.id).toBe(op.id);
      // The owner signing in does not wipe the guesses: new devices still wait.
      await login({ username: 'victim1', password: PASSWORD }).expect(429);
      // A device token is bound to its name: it gives no allowance for another one.
      await createOperator('victim1b');
      for (let i = 0; i < 5; i++) await login({ username: 'victim1b', password: `guess-${i}` }).expect(401);
      await login({ username: 'victim1b', password: PASSWORD, deviceToken: known.body.deviceToken }).expect(429);

      // The lock only delays: once the window has passed the right password works from anywhere.
      s.clock.advance(retryAfter + 1);
      await login({ username: 'victim1', password: PASSWORD }).expect(200);
    });

    it('keys on the client address too, so spraying many names from one address is limited', async () => {
      const ip = freshIp();
      const limit = s.config.rateLimits.operatorLoginIp.limit;
      for (let i = 0; i < limit; i++) await login({ username: `nobody${i}`, password: 'x' }, ip).expect(401);
      const res = await login({ username: ADMIN.username, password: ADMIN.password }, ip).expect(429);
      expect(res.headers['retry-after']).toBeDefined();
      await login({ username: ADMIN.username, password: ADMIN.password }).expect(200);
    });

    it('lets an admin lift a lock, and shows it on the operator list until then', async () => {
      const op = await createOperator('locked1');
      for (let i = 0; i < 5; i++) await login({ username: 'locked1', password: `guess-${i}` }).expect(401);
      await login({ username: 'locked1', password: PASSWORD }).expect(429);
      const listed = (await s.http.get('/api/v1/admin/operators').set(bearer(admin)).expect(200)).body.find(
        (o: { id: number }) => o.id === op.id,
      );
      expect(Date.parse(listed.lockedUntil)).toBeGreaterThan(s.clock.nowMs());

      // Only admins lift locks.
      await createOperator('analyst9', 'analyst');
      const analystToken = (await login({ username: 'analyst9', password: PASSWORD }).expect(200)).body.token;
      await s.http.post(`/api/v1/admin/operators/${op.id}/unlock`).set(bearer(analystToken)).expect(403);

      await s.http.post(`/api/v1/admin/operators/${op.id}/unlock`).set(bearer(admin)).expect(204);
      await login({ username: 'locked1', password: PASSWORD }).expect(200);
      expect(await auditOf('operator.unlocked', op.id)).toHaveLength(1);
    });

    it('counts concurrent bad passwords exactly: five answers of LOGIN_FAILED, the rest wait', async () => {
      await createOperator('race1');
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => login({ username: 'race1', password: `guess-${i}` })),
      );
      const statuses = results.map((r) => r.status).sort();
      expect(statuses.filter((x) => x === 401)).toHaveLength(5);
      expect(statuses.filter((x) => x === 429)).toHaveLength(15);
    });

    it('keeps its counts in the database, shared by every node', async () => {
      await createOperator('shared1');
      const second: StartedApp = await startApp(s.config, { clock: s.clock, logger: false });
      try {
        const other = (body: Record<string, unknown>) =>
          s.http.post('/api/v1/admin/auth/login').set('X-Forwarded-For', freshIp()).send(body);
        const viaSecond = (body: Record<string, unknown>) =>
          fetch(`${second.url}/api/v1/admin/auth/login`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': freshIp() },
            body: JSON.stringify(body),
          });
        for (let i = 0; i < 3; i++) await other({ username: 'shared1', password: `guess-${i}` }).expect(401);
        for (let i = 0; i < 2; i++)
          expect((await viaSecond({ username: 'shared1', password: 'nope' })).status).toBe(401);
        expect((await viaSecond({ username: 'shared1', password: PASSWORD })).status).toBe(429);
        await other({ username: 'shared1', password: PASSWORD }).expect(429);
      } finally {
        await second.app.close();
      }
    });
  });

  describe('disable and enable', () => {
    it('cuts a disabled operator off at once and lets them back in when enabled', async () => {
      const op = await createOperator('worker1');
      const token = (await login({ username: 'worker1', password: PASSWORD }).expect(200)).body.token;
      await s.http.get('/api/v1/admin/members').set(bearer(token)).expect(200);

      const disabled = await s.http.post(`/api/v1/admin/operators/${op.id}/disable`).set(bearer(admin)).expect(200);
      expect(disabled.body).toMatchObject({ id: op.id, active: false });
      expect((await s.http.get('/api/v1/admin/members').set(bearer(token)).expect(401)).body.code).toBe(
        'UNAUTHENTICATED',
      );
      expect((await login({ username: 'worker1', password: PASSWORD }).expect(401)).body.code).toBe('LOGIN_FAILED');

      await s.http.post(`/api/v1/admin/operators/${op.id}/enable`).set(bearer(admin)).expect(200);
      // The old token stays dead; a new login works.
      await s.http.get('/api/v1/admin/members').set(bearer(token)).expect(401);
      await login({ username: 'worker1', password: PASSWORD }).expect(200);

      expect(await auditOf('operator.disabled', op.id)).toEqual([expect.objectContaining({ actorName: 'admin' })]);
      expect(await auditOf('operator.enabled', op.id)).toHaveLength(1);
    });

    it('is for admins only, and an admin cannot disable their own account', async () => {
      const op = await createOperator('worker2');
      const token = (await login({ username: 'worker2', password: PASSWORD }).expect(200)).body.token;
      await s.http.post(`/api/v1/admin/operators/${op.id}/disable`).set(bearer(token)).expect(403);
      const me = (await s.http.get('/api/v1/admin/me').set(bearer(admin)).expect(200)).body;
      const self = await s.http.post(`/api/v1/admin/operators/${me.id}/disable`).set(bearer(admin)).expect(409);
      expect(self.body.code).toBe('OPERATOR_SELF_ACTION');
      await s.http.post('/api/v1/admin/operators/99999/disable').set(bearer(admin)).expect(404);
    });
  });

  describe('passwords', () => {
    it('resets a password: old tokens die, the temporary one must be changed before anything else', async () => {
      const op = await createOperator('worker3');
      const old = (await login({ username: 'worker3', password: PASSWORD }).expect(200)).body.token;
      const reset = await s.http.post(`/api/v1/admin/operators/${op.id}/reset-password`).set(bearer(admin)).expect(200);
      const temporary: string = reset.body.temporaryPassword;
      expect(temporary.length).toBeGreaterThanOrEqual(12);
      await s.http.get('/api/v1/admin/me').set(bearer(old)).expect(401);
      await login({ username: 'worker3', password: PASSWORD }).expect(401);

      const signedIn = await login({ username: 'worker3', password: temporary }).expect(200);
      expect(signedIn.body.operator.mustChangePassword).toBe(true);
      const pending = signedIn.body.token;
      await s.http.get('/api/v1/admin/me').set(bearer(pending)).expect(200);
      const refused = await s.http.get('/api/v1/admin/members').set(bearer(pending)).expect(403);
      expect(refused.body.code).toBe('PASSWORD_CHANGE_REQUIRED');

      const changed = await s.http
        .post('/api/v1/admin/me/password')
        .set(bearer(pending))
        .send({ currentPassword: temporary, newPassword: 'N3w-passw0rd!' })
        .expect(200);
      expect(changed.body.operator.mustChangePassword).toBe(false);
      await s.http.get('/api/v1/admin/members').set(bearer(pending)).expect(401);
      await s.http.get('/api/v1/admin/members').set(bearer(changed.body.token)).expect(200);
      await login({ username: 'worker3', password: 'N3w-passw0rd!' }).expect(200);

      expect(await auditOf('operator.password_reset', op.id)).toHaveLength(1);
      expect(await auditOf('operator.password_changed', op.id)).toHaveLength(1);
      // The temporary password is never written to the audit trail.
      expect(JSON.stringify(await auditOf('operator.password_reset', op.id))).not.toContain(temporary);
    });

    it('changes the own password only with the current one, and cuts off every other session', async () => {
      await createOperator('worker4');
      const a = (await login({ username: 'worker4', password: PASSWORD }).expect(200)).body.token;
      const b = (await login({ username: 'worker4', password: PASSWORD }).expect(200)).body.token;
      const wrong = await s.http
        .post('/api/v1/admin/me/password')
        .set(bearer(a))
        .send({ currentPassword: 'not-it-at-all', newPassword: 'N3w-passw0rd!' })
        .expect(400);
      expect(wrong.body.code).toBe('CURRENT_PASSWORD_WRONG');
      const same = await s.http
        .post('/api/v1/admin/me/password')
        .set(bearer(a))
        .send({ currentPassword: PASSWORD, newPassword: PASSWORD })
        .expect(400);
      expect(same.body.code).toBe('PASSWORD_UNCHANGED');
      const short = await s.http
        .post('/api/v1/admin/me/password')
        .set(bearer(a))
        .send({ currentPassword: PASSWORD, newPassword: 'short' })
        .expect(400);
      expect(short.body.code).toBe('VALIDATION_FAILED');

      const changed = await s.http
        .post('/api/v1/admin/me/password')
        .set(bearer(a))
        .send({ currentPassword: PASSWORD, newPassword: 'N3w-passw0rd!' })
        .expect(200);
      await s.http.get('/api/v1/admin/me').set(bearer(a)).expect(401);
      await s.http.get('/api/v1/admin/me').set(bearer(b)).expect(401);
      await s.http.get('/api/v1/admin/me').set(bearer(changed.body.token)).expect(200);
    });
  });

  describe('logging out', () => {
    it('ends this session at once and leaves the others', async () => {
      await createOperator('worker5');
      const a = (await login({ username: 'worker5', password: PASSWORD }).expect(200)).body.token;
      const b = (await login({ username: 'worker5', password: PASSWORD }).expect(200)).body.token;
      await s.http.post('/api/v1/admin/auth/logout').set(bearer(a)).expect(204);
      await s.http.get('/api/v1/admin/me').set(bearer(a)).expect(401);
      await s.http.get('/api/v1/admin/me').set(bearer(b)).expect(200);
    });

    it('logs out everywhere', async () => {
      const op = await createOperator('worker6');
      const a = (await login({ username: 'worker6', password: PASSWORD }).expect(200)).body.token;
      const b = (await login({ username: 'worker6', password: PASSWORD }).expect(200)).body.token;
      await s.http.post('/api/v1/admin/auth/logout-all').set(bearer(b)).expect(204);
      await s.http.get('/api/v1/admin/me').set(bearer(a)).expect(401);
      await s.http.get('/api/v1/admin/me').set(bearer(b)).expect(401);
      await login({ username: 'worker6', password: PASSWORD }).expect(200);
      expect(await auditOf('operator.logged_out_everywhere', op.id)).toHaveLength(1);
    });
  });
});

// Item 3 of the hardening issue: deactivating a store cuts its staff off at once, whatever their tokens say.
describe('store deactivation', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(() => s.close());

  it('refuses the staff of a deactivated store on their existing tokens, and lets them back when reopened', async () => {
    const admin = await loginOperator(s);
    const { store, staffToken } = await makeStaff(s, admin);
    const member = await loginMember(s);
    const { code } = (await s.http.get('/api/v1/me/card').set(bearer(member.token)).expect(200)).body;
    await s.http.post('/api/v1/staff/member-lookup').set(bearer(staffToken)).send({ code }).expect(200);

    await s.http.patch(`/api/v1/admin/stores/${store.id}`).set(bearer(admin)).send({ active: false }).expect(200);
    const refused = await s.http.post('/api/v1/staff/member-lookup').set(bearer(staffToken)).send({ code }).expect(403);
    expect(refused.body.code).toBe('STORE_DISABLED');
    await s.http.get('/api/v1/staff/shift-summary').set(bearer(staffToken)).expect(403);

    await s.http.patch(`/api/v1/admin/stores/${store.id}`).set(bearer(admin)).send({ active: true }).expect(200);
    await s.http.post('/api/v1/staff/member-lookup').set(bearer(staffToken)).send({ code }).expect(200);
  });
});
