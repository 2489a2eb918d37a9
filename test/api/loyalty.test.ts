import { bearer, loginMember, loginOperator, startTestServer, type TestServer } from './support';

const RULES = {
  pointsPerYuan: 2,
  birthdayMultiplierPct: 300,
  signUpBonus: 50,
  expiry: { kind: 'end_of_next_year' },
  deduction: { pointsPerYuan: 200, maxPercentOfBill: 30, minSpendFen: 5000 },
};

// Points rules are versioned and audited; tiers form a consistent ladder.
describe('loyalty rules and tiers', () => {
  let s: TestServer;
  let admin: string;
  let analyst: string;

  beforeAll(async () => {
    s = await startTestServer();
    admin = await loginOperator(s);
    await s.http
      .post('/api/v1/admin/operators')
      .set(bearer(admin))
      .send({ username: 'analyst-l', password: 'Str0ng-passw0rd', displayName: '分析员', role: 'analyst' })
      .expect(201);
    analyst = await loginOperator(s, { username: 'analyst-l', password: 'Str0ng-passw0rd' });
  });
  afterAll(() => s.close());

  it('starts with the default rules and tiers', async () => {
    const cur = (await s.http.get('/api/v1/admin/points-rules').set(bearer(admin)).expect(200)).body;
    expect(cur).toMatchObject({
      version: 1,
      createdBy: null,
      rules: {
        pointsPerYuan: 1,
        birthdayMultiplierPct: 200,
        signUpBonus: 100,
        expiry: { kind: 'days', days: 365 },
        deduction: { pointsPerYuan: 100, maxPercentOfBill: 50, minSpendFen: 1000 },
      },
    });
    const tiers = (await s.http.get('/api/v1/admin/tiers').set(bearer(admin)).expect(200)).body;
    expect(tiers.map((t: { code: string }) => t.code)).toEqual(['NORMAL', 'SILVER', 'GOLD', 'DIAMOND']);
    expect(tiers[0]).toMatchObject({
      name: '普通会员',
      growthThreshold: 0,
      pointsMultiplierPct: 100,
      badgeColor: '#8C8C8C',
    });
    expect(tiers[2]).toMatchObject({
      growthThreshold: 5000,
      retentionThreshold: 4000,
      pointsMultiplierPct: 150,
      birthdayGift: true,
    });
  });

  it('publishes a new version, keeps history unchanged and audits before/after', async () => {
    const published = (
      await s.http
        .post('/api/v1/admin/points-rules')
        .set(bearer(admin))
        .send({ rules: RULES, note: '双十一活动' })
        .expect(201)
    ).body;
    expect(published).toMatchObject({ version: 2, rules: RULES });
    expect(published).toMatchObject({ status: 'applied', requestedBy: { operatorId: expect.any(Number) } });

    const cur = (await s.http.get('/api/v1/admin/points-rules').set(bearer(analyst)).expect(200)).body;
    expect(cur.version).toBe(2);
    const history = (await s.http.get('/api/v1/admin/points-rules/versions').set(bearer(analyst)).expect(200)).body;
    expect(history.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(history[1].rules.pointsPerYuan).toBe(1);

    const audit = (
      await s.http
        .get('/api/v1/admin/audit-logs')
        .query({ action: 'points_rules.published' })
        .set(bearer(admin))
        .expect(200)
    ).body;
    expect(audit.items[0]).toMatchObject({
      targetType: 'points_rules',
      targetId: '2',
      reason: '双十一活动',
      before: { version: 1, rules: { pointsPerYuan: 1 } },
      after: { version: 2, rules: RULES },
    });
  });

  it('lists every bad field, including nested ones, and rejects unknown fields', async () => {
    const res = await s.http
      .post('/api/v1/admin/points-rules')
      .set(bearer(admin))
      .send({
        rules: {
          ...RULES,
          pointsPerYuan: -1,
          expiry: { kind: 'days', days: 0 },
          deduction: { pointsPerYuan: 0, maxPercentOfBill: 101, minSpendFen: 1.5, extra: 1 },
          bonus: 5,
        },
      })
      .expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    const fields = res.body.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'rules.pointsPerYuan',
        'rules.expiry.days',
        'rules.deduction.pointsPerYuan',
        'rules.deduction.maxPercentOfBill',
        'rules.deduction.minSpendFen',
        'rules.deduction.extra',
        'rules.bonus',
      ]),
    );
    await s.http.post('/api/v1/admin/points-rules').set(bearer(admin)).send({}).expect(400);
    await s.http
      .post('/api/v1/admin/points-rules')
      .set(bearer(admin))
      .send({ rules: { ...RULES, expiry: { kind: 'weeks' } } })
      .expect(400);
    const cur = (await s.http.get('/api/v1/admin/points-rules').set(bearer(admin)).expect(200)).body;
    expect(cur.version).toBe(2);
  });

  it('lets analysts read but not change rules or tiers', async () => {
    await s.http.get('/api/v1/admin/tiers').set(bearer(analyst)).expect(200);
    await s.http.post('/api/v1/admin/points-rules').set(bearer(analyst)).send({ rules: RULES }).expect(403);
    await s.http
      .post('/api/v1/admin/tiers')
      .set(bearer(analyst))
      .send({
        code: 'X1',
        name: 'x',
        growthThreshold: 1,
        retentionThreshold: 0,
        pointsMultiplierPct: 100,
        badgeColor: '#000000',
        sortOrder: 99,
      })
      .expect(403);
    await s.http.patch('/api/v1/admin/tiers/1').set(bearer(analyst)).send({ name: 'x' }).expect(403);
  });

  it('creates and updates tiers, keeping the ladder consistent', async () => {
    const tier = {
      code: 'BLACK',
      name: '黑金会员',
      growthThreshold: 50000,
      retentionThreshold: 40000,
      pointsMultiplierPct: 250,
      discountText: '全场 88 折',
      birthdayGift: true,
      badgeColor: '#1f1f1f',
      sortOrder: 50,
      note: '新增黑金等级',
    };
    const created = (await s.http.post('/api/v1/admin/tiers').set(bearer(admin)).send(tier).expect(201)).body.tier;
    const { note: _note, ...fields } = tier;
    expect(created).toMatchObject({ ...fields, badgeColor: '#1F1F1F', active: true });
    expect((await s.http.post('/api/v1/admin/tiers').set(bearer(admin)).send(tier).expect(409)).body.code).toBe(
      'TIER_CODE_TAKEN',
    );

    // Growth must rise with sortOrder among active tiers.
    const bad = await s.http
      .post('/api/v1/admin/tiers')
      .set(bearer(admin))
      .send({ ...tier, code: 'BRONZE', growthThreshold: 6000, retentionThreshold: 7000, sortOrder: 15 })
      .expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(bad.body.details.map((d: { field: string }) => d.field)).toEqual(
      expect.arrayContaining(['retentionThreshold', 'growthThreshold']),
    );

    // A second entry tier (growth 0) is refused; so is deactivating the only one.
    const normal = (await s.http.get('/api/v1/admin/tiers').set(bearer(admin))).body.find(
      (t: { code: string }) => t.code === 'NORMAL',
    );
    await s.http
      .post('/api/v1/admin/tiers')
      .set(bearer(admin))
      .send({ ...tier, code: 'ZERO', growthThreshold: 0, retentionThreshold: 0, sortOrder: 5 })
      .expect(400);
    const off = await s.http
      .patch(`/api/v1/admin/tiers/${normal.id}`)
      .set(bearer(admin))
      .send({ active: false, note: '停用入会等级' })
      .expect(400);
    expect(off.body.details[0].field).toBe('active');
    await s.http.patch('/api/v1/admin/tiers/999999').set(bearer(admin)).send({ name: 'x', note: '改名' }).expect(404);

    const updated = (
      await s.http
        .patch(`/api/v1/admin/tiers/${created.id}`)
        .set(bearer(admin))
        .send({ name: '黑钻会员', pointsMultiplierPct: 300, note: '黑金更名' })
        .expect(200)
    ).body.tier;
    expect(updated).toMatchObject({ code: 'BLACK', name: '黑钻会员', pointsMultiplierPct: 300 });
    await s.http
      .patch(`/api/v1/admin/tiers/${created.id}`)
      .set(bearer(admin))
      .send({ code: 'OTHER', note: '改编码' })
      .expect(400);
    const audit = (
      await s.http.get('/api/v1/admin/audit-logs').query({ action: 'tier.updated' }).set(bearer(admin)).expect(200)
    ).body;
    expect(audit.items[0]).toMatchObject({
      targetId: String(created.id),
      before: { name: '黑金会员', pointsMultiplierPct: 250 },
      after: { name: '黑钻会员', pointsMultiplierPct: 300 },
    });

    // An inactive tier may sit anywhere; members only see active tiers.
    await s.http
      .patch(`/api/v1/admin/tiers/${created.id}`)
      .set(bearer(admin))
      .send({ active: false, growthThreshold: 1, retentionThreshold: 0, note: '暂停黑钻' })
      .expect(200);
    const member = await loginMember(s);
    const visible = (await s.http.get('/api/v1/tiers').set(bearer(member.token)).expect(200)).body;
    expect(visible.map((t: { code: string }) => t.code)).toEqual(['NORMAL', 'SILVER', 'GOLD', 'DIAMOND']);
    expect(visible[0]).not.toHaveProperty('id');
    await s.http.get('/api/v1/tiers').set(bearer(admin)).expect(403);
  });
});
