import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { checkLedgerInvariants } from '../../server/src/ledger/ledger-invariants';
import { bearer, loginMember, loginOperator, startTestServer, type TestServer } from './support';

// Test config: daily limit 20000 points per operator, approval above 2000 (config/default.yaml).
describe('manual points adjustments', () => {
  let s: TestServer;
  let admin: string;
  beforeAll(async () => {
    s = await startTestServer();
    admin = await loginOperator(s);
  });
  afterAll(async () => {
    expect((await checkLedgerInvariants(s.app.get(DataSource))).violations).toEqual([]);
    await s.close();
  });

  const rid = () => randomBytes(9).toString('base64url');
  const newOperator = async (role = 'operator') => {
    const username = 'op' + randomBytes(4).toString('hex');
    const password = 'Op-Passw0rd!' + username;
    await s.http
      .post('/api/v1/admin/operators')
      .set(bearer(admin))
      .send({ username, password, displayName: `运营${username.slice(2, 6)}`, role })
      .expect(201);
    return loginOperator(s, { username, password });
  };
  const memberId = async () => {
    const m = await loginMember(s);
    const me = (await s.http.get('/api/v1/me').set(bearer(m.token)).expect(200)).body;
    return { ...m, id: me.id as number };
  };
  const adjust = (token: string, id: number, body: Record<string, unknown>) =>
    s.http.post(`/api/v1/admin/members/${id}/points/adjustments`).set(bearer(token)).send(body);
  const balance = async (id: number) =>
    (await s.http.get(`/api/v1/admin/members/${id}/points`).set(bearer(admin)).expect(200)).body.balance as number;

  it('applies a small adjustment at once, explains it to the member and audits it; a retry posts nothing twice', async () => {
    const op = await newOperator();
    const m = await memberId();
    const body = { delta: 150, reasonCode: 'goodwill', note: '门店空调故障致歉', requestId: rid() };
    const first = await adjust(op, m.id, body).expect(200);
    expect(first.body).toMatchObject({ status: 'applied', delta: 150, balanceAfter: 250, decidedBy: null });
    expect(first.body.requestedBy.name).toMatch(/^运营/);
    const again = await adjust(op, m.id, body).expect(200);
    expect(again.body).toEqual(first.body);
    expect(await balance(m.id)).toBe(250);
    const conflict = await adjust(op, m.id, { ...body, delta: 151 }).expect(409);
    expect(conflict.body.code).toBe('IDEMPOTENCY_KEY_REUSED');

    const history = (await s.http.get('/api/v1/me/points').set(bearer(m.token)).expect(200)).body.entries.items;
    expect(history[0]).toMatchObject({ amount: 150, reason: '积分调整（客诉补偿）' });
    expect(history[0].expiresAt).not.toBeNull();

    const audit = (
      await s.http
        .get('/api/v1/admin/audit-logs')
        .query({ targetType: 'member', targetId: m.id })
        .set(bearer(admin))
        .expect(200)
    ).body.items.map((a: { action: string }) => a.action);
    expect(audit).toEqual(expect.arrayContaining(['points_adjustment.requested', 'points_adjustment.applied']));

    const quota = (await s.http.get('/api/v1/admin/points/adjustments/quota').set(bearer(op)).expect(200)).body;
    expect(quota).toMatchObject({
      dailyLimit: 20000,
      used: 150,
      remaining: 19850,
      approvalThreshold: 2000,
      unapprovedRemaining: 1850, // the threshold counts the day
    });
  });

  it('holds a large adjustment for a second operator; the requester cannot approve it, one approval wins', async () => {
    const [requester, approverA, approverB] = [await newOperator(), await newOperator(), await newOperator()];
    const m = await memberId();
    const pending = (
      await adjust(requester, m.id, {
        delta: 5000,
        reasonCode: 'migration',
        note: '旧系统积分迁移',
        requestId: rid(),
      }).expect(200)
    ).body;
    expect(pending).toMatchObject({ status: 'pending', balanceAfter: null });
    expect(await balance(m.id)).toBe(100);
    const approve = (token: string) =>
      s.http
        .post(`/api/v1/admin/points/adjustments/${pending.id}/approve`)
        .set(bearer(token))
        .send({ note: '核对无误' });
    expect((await approve(requester).expect(403)).body.code).toBe('ADJUSTMENT_SELF_APPROVAL');

    const results = await Promise.all([approve(approverA), approve(approverB), approve(approverA)]);
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409).map((r) => r.body.code)).toEqual([
      'ADJUSTMENT_ALREADY_DECIDED',
      'ADJUSTMENT_ALREADY_DECIDED',
    ]);
    const done = results.find((r) => r.status === 200)!.body;
    expect(done).toMatchObject({ status: 'applied', balanceAfter: 5100, decisionNote: '核对无误' });
    expect(done.decidedBy).not.toBeNull();
    expect(await balance(m.id)).toBe(5100);

    const listed = (
      await s.http.get('/api/v1/admin/points/adjustments').query({ memberId: m.id }).set(bearer(admin)).expect(200)
    ).body;
    expect(listed.items.map((a: { id: number }) => a.id)).toEqual([pending.id]);
  });

  it('a rejection changes no points and gives the quota back', async () => {
    const [requester, reviewer] = [await newOperator(), await newOperator()];
    const m = await memberId();
    const pending = (
      await adjust(requester, m.id, { delta: -3000, reasonCode: 'abuse', note: '刷单扣回', requestId: rid() }).expect(
        200,
      )
    ).body;
    expect((await s.http.get('/api/v1/admin/points/adjustments/quota').set(bearer(requester))).body.used).toBe(3000);
    await s.http
      .post(`/api/v1/admin/points/adjustments/${pending.id}/reject`)
      .set(bearer(reviewer))
      .send({})
      .expect(400);
    const rejected = await s.http
      .post(`/api/v1/admin/points/adjustments/${pending.id}/reject`)
      .set(bearer(reviewer))
      .send({ note: '证据不足' })
      .expect(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', decisionNote: '证据不足' });
    expect(await balance(m.id)).toBe(100);
    expect((await s.http.get('/api/v1/admin/points/adjustments/quota').set(bearer(requester))).body.used).toBe(0);
  });

  it('refuses to take more points than the member has, and such a refusal uses no quota', async () => {
    const op = await newOperator();
    const m = await memberId();
    const res = await adjust(op, m.id, { delta: -101, reasonCode: 'correction', note: '多发更正', requestId: rid() });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'ADJUSTMENT_INSUFFICIENT_POINTS', message: '会员当前积分不足，无法扣减' });
    expect((await s.http.get('/api/v1/admin/points/adjustments/quota').set(bearer(op))).body.used).toBe(0);
    await adjust(op, m.id, { delta: -100, reasonCode: 'correction', note: '多发更正', requestId: rid() }).expect(200);
    expect(await balance(m.id)).toBe(0);
  });

  it('keeps each operator within the daily limit under a burst (guarded quota, exact balance)', async () => {
    const op = await newOperator();
    const m = await memberId();
    const burst = await Promise.all(
      Array.from({ length: 20 }, () =>
        adjust(op, m.id, { delta: 1500, reasonCode: 'campaign', note: '双十一活动奖励', requestId: rid() }),
      ),
    );
    const ok = burst.filter((r) => r.status === 200);
    expect(ok).toHaveLength(13); // 13 × 1500 = 19500 ≤ 20000 < 14 × 1500
    expect(burst.filter((r) => r.status === 409).every((r) => r.body.code === 'ADJUSTMENT_DAILY_LIMIT')).toBe(true);
    // The approval threshold (2000) counts the day: one 1500 applies, the other twelve wait for approval.
    expect(ok.filter((r) => r.body.status === 'applied')).toHaveLength(1);
    expect(await balance(m.id)).toBe(100 + 1500);
    expect((await s.http.get('/api/v1/admin/points/adjustments/quota').set(bearer(op))).body).toMatchObject({
      used: 19500,
      remaining: 500,
    });
    // A new business day brings a fresh quota.
    s.clock.advance(86_400);
    try {
      await adjust(op, m.id, { delta: 1500, reasonCode: 'campaign', note: '次日补发', requestId: rid() }).expect(200);
    } finally {
      s.clock.advance(-86_400);
    }
  });

  it('rejects bad input with field details, and analysts cannot adjust', async () => {
    const m = await memberId();
    const bad = await adjust(admin, m.id, { delta: 0, reasonCode: 'nope', note: 'x', requestId: 'bad id!' }).expect(
      400,
    );
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'delta',
      'note',
      'reasonCode',
      'requestId',
    ]);
    const analyst = await newOperator('analyst');
    await adjust(analyst, m.id, { delta: 10, reasonCode: 'other', note: '测试', requestId: rid() }).expect(403);
    // Analysts read aggregates only: the total, no member-level rows (modules/auth/access-policy.ts).
    const listed = await s.http.get('/api/v1/admin/points/adjustments').set(bearer(analyst)).expect(200);
    expect(listed.body.items).toEqual([]);
    const missing = await adjust(admin, 999_999, { delta: 10, reasonCode: 'other', note: '测试', requestId: rid() });
    expect(missing.status).toBe(404);
  });
});
