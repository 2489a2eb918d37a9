import { ADMIN, bearer, loginMember, loginOperator, makeStaff, startTestServer, type TestServer } from './support';

// Who may call what: members, staff and operators each reach only their own routes.
describe('access matrix', () => {
  let s: TestServer;
  let admin: string;
  let member: Awaited<ReturnType<typeof loginMember>>;
  let staff: Awaited<ReturnType<typeof makeStaff>>;
  let otherStore: { id: number };
  let analyst: string;
  let manager: string;

  beforeAll(async () => {
    s = await startTestServer();
    admin = await loginOperator(s);
    member = await loginMember(s);
    staff = await makeStaff(s, admin);
    otherStore = (
      await s.http
        .post('/api/v1/admin/stores')
        .set(bearer(admin))
        .send({ name: '别的门店', code: 'OTHER1' })
        .expect(201)
    ).body;
    expect(otherStore).toMatchObject({ active: true, staffCount: 0 });
    const create = (username: string, role: string, storeId?: number) =>
      s.http
        .post('/api/v1/admin/operators')
        .set(bearer(admin))
        .send({ username, password: 'Str0ng-passw0rd', displayName: username, role, storeId })
        .expect(201);
    await create('analyst1', 'analyst');
    await create('manager1', 'store_manager', staff.store.id);
    analyst = await loginOperator(s, { username: 'analyst1', password: 'Str0ng-passw0rd' });
    manager = await loginOperator(s, { username: 'manager1', password: 'Str0ng-passw0rd' });
  });
  afterAll(() => s.close());

  it('asks for a token on every protected route', async () => {
    for (const path of ['/api/v1/me', '/api/v1/me/card', '/api/v1/admin/members', '/api/v1/admin/me']) {
      const res = await s.http.get(path).expect(401);
      expect(res.body.code).toBe('UNAUTHENTICATED');
    }
    await s.http.get('/api/v1/me').set(bearer('not-a-jwt')).expect(401);
  });

  it('keeps each kind of token to its own routes', async () => {
    const { code } = (await s.http.get('/api/v1/me/card').set(bearer(member.token))).body;
    expect(
      (await s.http.post('/api/v1/staff/member-lookup').set(bearer(member.token)).send({ code }).expect(403)).body.code,
    ).toBe('NOT_STAFF');
    await s.http.post('/api/v1/staff/member-lookup').set(bearer(admin)).send({ code }).expect(403);
    await s.http.get('/api/v1/admin/members').set(bearer(member.token)).expect(403);
    await s.http.get('/api/v1/admin/members').set(bearer(staff.staffToken)).expect(403);
    await s.http.get('/api/v1/me').set(bearer(staff.staffToken)).expect(403);
    await s.http.get('/api/v1/me').set(bearer(admin)).expect(403);
    expect((await s.http.post('/api/v1/staff/session').set(bearer(member.token)).expect(403)).body.code).toBe(
      'NOT_STAFF',
    );
  });

  it('lets a member read only their own profile', async () => {
    const other = await loginMember(s);
    const me = await s.http.get('/api/v1/me').set(bearer(other.token)).expect(200);
    expect(me.body.id).toBe(other.member.id);
    expect(me.body.id).not.toBe(member.member.id);
  });

  it('lets analysts read aggregates but not member rows, and not write', async () => {
    // Member rows and the audit trail carry personal data (role table: modules/auth/access-policy.ts).
    const members = await s.http.get('/api/v1/admin/members').set(bearer(analyst)).expect(200);
    expect(members.body.items).toEqual([]); // the total, no rows
    await s.http.get(`/api/v1/admin/members/${member.member.id}`).set(bearer(analyst)).expect(403);
    await s.http.get('/api/v1/admin/audit-logs').set(bearer(analyst)).expect(403);
    await s.http.get('/api/v1/admin/stores').set(bearer(analyst)).expect(200);
    await s.http.post('/api/v1/admin/stores').set(bearer(analyst)).send({ name: 'x', code: 'XX1' }).expect(403);
    await s.http
      .patch(`/api/v1/admin/members/${member.member.id}`)
      .set(bearer(analyst))
      .send({ nickname: 'x', reason: '测试' })
      .expect(403);
    await s.http
      .post('/api/v1/admin/staff-invites')
      .set(bearer(analyst))
      .send({ storeId: staff.store.id, role: 'clerk' })
      .expect(403);
    await s.http.get('/api/v1/admin/operators').set(bearer(analyst)).expect(403);
  });

  it('keeps store managers to their own store', async () => {
    await s.http
      .post('/api/v1/admin/staff-invites')
      .set(bearer(manager))
      .send({ storeId: staff.store.id, role: 'clerk' })
      .expect(201);
    await s.http
      .post('/api/v1/admin/staff-invites')
      .set(bearer(manager))
      .send({ storeId: otherStore.id, role: 'clerk' })
      .expect(403);
    const list = await s.http
      .get('/api/v1/admin/staff')
      .query({ storeId: otherStore.id })
      .set(bearer(manager))
      .expect(200);
    expect(list.body.every((row: { storeId: number }) => row.storeId === staff.store.id)).toBe(true);
    const audit = await s.http.get('/api/v1/admin/audit-logs').set(bearer(manager)).expect(200);
    expect(audit.body.items.every((row: { storeId: number }) => row.storeId === staff.store.id)).toBe(true);
  });

  it('audits an operator correcting a birthday, with before, after and reason', async () => {
    const m = await loginMember(s);
    await s.http.patch('/api/v1/me').set(bearer(m.token)).send({ birthday: '1990-01-01' }).expect(200);
    await s.http
      .patch(`/api/v1/admin/members/${m.member.id}`)
      .set(bearer(admin))
      .send({ birthday: '1990-10-01' })
      .expect(400);
    const res = await s.http
      .patch(`/api/v1/admin/members/${m.member.id}`)
      .set(bearer(admin))
      .send({ birthday: '1990-10-01', reason: '会员出示身份证更正' })
      .expect(200);
    expect(res.body.birthday).toBe('1990-10-01');
    const audit = await s.http
      .get('/api/v1/admin/audit-logs')
      .query({ targetType: 'member', targetId: String(m.member.id) })
      .set(bearer(admin))
      .expect(200);
    expect(audit.body.items[0]).toMatchObject({
      action: 'member.updated_by_operator',
      actorName: ADMIN.username,
      before: { birthday: '1990-01-01' },
      after: { birthday: '1990-10-01' },
      reason: '会员出示身份证更正',
    });
  });

  it('finds members by member no., phone or nickname', async () => {
    const m = await loginMember(s);
    const { body: pc } = await s.http.post('/sandbox/wx/phone-code').send({ phone: '13655556666' });
    await s.http.post('/api/v1/me/phone').set(bearer(m.token)).send({ code: pc.code }).expect(200);
    for (const q of [m.member.memberNo, '13655556666']) {
      const res = await s.http.get('/api/v1/admin/members').query({ q }).set(bearer(admin)).expect(200);
      expect(res.body.items.map((i: { id: number }) => i.id)).toEqual([m.member.id]);
      expect(res.body.items[0].phoneMasked).toBe('136****6666');
    }
  });

  it('rate-limits failed console logins, then refuses even the right password', async () => {
    const creds = { username: 'analyst1', password: 'wrong-password' };
    for (let i = 0; i < 5; i++) {
      expect((await s.http.post('/api/v1/admin/auth/login').send(creds).expect(401)).body.code).toBe('LOGIN_FAILED');
    }
    const blocked = await s.http
      .post('/api/v1/admin/auth/login')
      .send({ ...creds, password: 'Str0ng-passw0rd' })
      .expect(429);
    expect(blocked.body.code).toBe('RATE_LIMITED');
  });

  it('reports database health', async () => {
    const res = await s.http.get('/api/health').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', db: { status: 'up' }, wechatMode: 'sandbox' });
  });
});
