import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { checkLedgerInvariants } from '../../server/src/ledger/ledger-invariants';
import { checkoutId } from './checkout-support';
import { bearer, loginMember, loginOperator, makeStaff, startTestServer, type TestServer } from './support';

// The machine is shared and the setup rings up sales in two stores.
jest.setTimeout(60_000);

// Least privilege in the console: store managers see only members their store served, analysts only
// aggregates, and the four-eyes rule on points adjustments cannot be split or self-approved.
describe('least privilege', () => {
  let s: TestServer;
  let admin: string;
  let storeA: Awaited<ReturnType<typeof makeStaff>>;
  let storeB: Awaited<ReturnType<typeof makeStaff>>;
  let served: Awaited<ReturnType<typeof loginMember>>;
  let foreign: Awaited<ReturnType<typeof loginMember>>;
  let stranger: Awaited<ReturnType<typeof loginMember>>;
  let manager: string;
  let analyst: string;

  const rid = () => randomBytes(9).toString('base64url');
  const newOperator = async (token: string, role: string, storeId?: number) => {
    const username = 'lp' + randomBytes(4).toString('hex');
    const password = 'Lp-Passw0rd!' + username;
    await s.http
      .post('/api/v1/admin/operators')
      .set(bearer(token))
      .send({ username, password, displayName: username, role, storeId })
      .expect(201);
    return { username, password, token: await loginOperator(s, { username, password }) };
  };
  let seq = 0;
  const sell = async (staffToken: string, memberToken: string) =>
    s.http
      .post('/api/v1/staff/purchases')
      .set(bearer(staffToken))
      .send({ checkoutId: await checkoutId(s, staffToken, memberToken), amountFen: 5_000, receiptNo: `LP${++seq}` })
      .expect(200);
  const adjust = (token: string, memberId: number, delta: number) =>
    s.http
      .post(`/api/v1/admin/members/${memberId}/points/adjustments`)
      .set(bearer(token))
      .send({ delta, reasonCode: 'goodwill', note: '测试调整', requestId: rid() });

  beforeAll(async () => {
    s = await startTestServer();
    admin = await loginOperator(s);
    storeA = await makeStaff(s, admin);
    storeB = await makeStaff(s, admin);
    [served, foreign, stranger] = [await loginMember(s), await loginMember(s), await loginMember(s)];
    await sell(storeA.staffToken, served.token);
    await sell(storeB.staffToken, foreign.token);
    manager = (await newOperator(admin, 'store_manager', storeA.store.id)).token;
    analyst = (await newOperator(admin, 'analyst')).token;
  });
  afterAll(async () => {
    expect((await checkLedgerInvariants(s.app.get(DataSource))).violations).toEqual([]);
    await s.close();
  });

  it('shows a store manager only the members their store served and its staff; others are 404', async () => {
    const list = await s.http.get('/api/v1/admin/members').query({ pageSize: 100 }).set(bearer(manager)).expect(200);
    const ids = list.body.items.map((m: { id: number }) => m.id).sort();
    expect(ids).toEqual([served.member.id, storeA.clerk.member.id].sort());
    expect(list.body.total).toBe(2);

    for (const path of ['', '/points', '/tier']) {
      await s.http.get(`/api/v1/admin/members/${served.member.id}${path}`).set(bearer(manager)).expect(200);
      await s.http.get(`/api/v1/admin/members/${storeA.clerk.member.id}${path}`).set(bearer(manager)).expect(200);
      for (const other of [foreign, stranger, storeB.clerk]) {
        const res = await s.http.get(`/api/v1/admin/members/${other.member.id}${path}`).set(bearer(manager));
        expect([res.status, res.body.code]).toEqual([404, 'MEMBER_NOT_FOUND']);
      }
    }
    // An id that does not exist answers exactly like one the manager may not see.
    const none = await s.http.get('/api/v1/admin/members/99999999').set(bearer(manager)).expect(404);
    expect(none.body.code).toBe('MEMBER_NOT_FOUND');
  });

  it('lists only their own members’ adjustments and tier reviews to a store manager', async () => {
    await adjust(admin, served.member.id, 10).expect(200);
    await adjust(admin, foreign.member.id, 10).expect(200);
    const adjustments = await s.http
      .get('/api/v1/admin/points/adjustments')
      .query({ pageSize: 100 })
      .set(bearer(manager))
      .expect(200);
    expect(adjustments.body.items.length).toBeGreaterThan(0);
    expect(adjustments.body.items.every((a: { member: { id: number } }) => a.member.id === served.member.id)).toBe(
      true,
    );
    const filtered = await s.http
      .get('/api/v1/admin/points/adjustments')
      .query({ memberId: foreign.member.id })
      .set(bearer(manager))
      .expect(200);
    expect(filtered.body).toMatchObject({ total: 0, items: [] });

    const admins = await s.http.get('/api/v1/admin/points/adjustments').query({ pageSize: 100 }).set(bearer(admin));
    expect(admins.body.total).toBeGreaterThan(adjustments.body.total);

    for (const path of ['/api/v1/admin/tier-reviews', '/api/v1/admin/points/expiry-reminders']) {
      const res = await s.http.get(path).query({ pageSize: 100 }).set(bearer(manager)).expect(200);
      const ids = res.body.items.map((r: { member: { id: number } }) => r.member.id);
      expect(ids.filter((id: number) => id !== served.member.id && id !== storeA.clerk.member.id)).toEqual([]);
    }
  });

  it('keeps analysts to aggregates: list totals without rows, no member, audit trail or operators', async () => {
    for (const path of [
      '/api/v1/admin/members',
      '/api/v1/admin/points/adjustments',
      '/api/v1/admin/points/expiry-reminders',
      '/api/v1/admin/tier-reviews',
    ]) {
      const [mine, admins] = await Promise.all([
        s.http.get(path).set(bearer(analyst)).expect(200),
        s.http.get(path).set(bearer(admin)).expect(200),
      ]);
      expect([path, mine.body.items, mine.body.total]).toEqual([path, [], admins.body.total]);
    }
    for (const path of [
      `/api/v1/admin/members/${served.member.id}`,
      `/api/v1/admin/members/${served.member.id}/points`,
      `/api/v1/admin/members/${served.member.id}/tier`,
      '/api/v1/admin/audit-logs',
      '/api/v1/admin/staff',
      '/api/v1/admin/staff-invites',
      '/api/v1/admin/operators',
    ]) {
      const res = await s.http.get(path).set(bearer(analyst));
      expect([path, res.status, res.body.code]).toEqual([path, 403, 'FORBIDDEN']);
    }
    for (const path of ['/api/v1/admin/stores', '/api/v1/admin/tiers', '/api/v1/admin/points-rules']) {
      await s.http.get(path).set(bearer(analyst)).expect(200);
    }
  });

  it('lets only admins manage operators', async () => {
    const op = (await newOperator(admin, 'operator')).token;
    for (const token of [op, manager, analyst]) {
      await s.http.get('/api/v1/admin/operators').set(bearer(token)).expect(403);
      await s.http
        .post('/api/v1/admin/operators')
        .set(bearer(token))
        .send({ username: 'x' + rid().toLowerCase(), password: 'Str0ng-passw0rd', displayName: 'x', role: 'admin' })
        .expect(403);
    }
  });

  it('counts an operator’s day against the approval threshold: a concurrent burst applies at most the threshold', async () => {
    const op = (await newOperator(admin, 'operator')).token;
    const member = await loginMember(s);
    // Threshold 2000 a day (config), daily limit 20000: at most one 2000 goes through unapproved.
    const results = await Promise.all(Array.from({ length: 30 }, () => adjust(op, member.member.id, 2000)));
    const statuses = results.map((r) => (r.status === 200 ? r.body.status : r.body.code));
    const applied = statuses.filter((x) => x === 'applied').length;
    const pending = statuses.filter((x) => x === 'pending').length;
    expect(applied).toBeLessThanOrEqual(1);
    expect(applied + pending).toBe(10);
    expect(statuses.filter((x) => x === 'ADJUSTMENT_DAILY_LIMIT')).toHaveLength(20);
  });

  it('counts small adjustments of the day too: past the threshold they wait for approval', async () => {
    const op = (await newOperator(admin, 'operator')).token;
    const member = await loginMember(s);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await adjust(op, member.member.id, 900).expect(200)).body.status);
    expect(statuses).toEqual(['applied', 'applied', 'pending']);
  });

  it('refuses an approval by the requester’s own new account, and allows it 24 h later', async () => {
    const requester = await newOperator(admin, 'admin');
    const sidekick = await newOperator(requester.token, 'operator');
    const member = await loginMember(s);
    const pending = (await adjust(requester.token, member.member.id, 5000).expect(200)).body;
    expect(pending.status).toBe('pending');
    const refused = await s.http
      .post(`/api/v1/admin/points/adjustments/${pending.id}/approve`)
      .set(bearer(sidekick.token))
      .send({})
      .expect(403);
    expect(refused.body.code).toBe('ADJUSTMENT_APPROVER_NOT_INDEPENDENT');

    s.clock.setNow(new Date(s.clock.nowMs() + 25 * 3_600_000));
    try {
      const later = await loginOperator(s, { username: sidekick.username, password: sidekick.password });
      const ok = await s.http
        .post(`/api/v1/admin/points/adjustments/${pending.id}/approve`)
        .set(bearer(later))
        .send({})
        .expect(200);
      expect(ok.body.status).toBe('applied');
    } finally {
      s.clock.reset();
    }
  });
});
