import { bearer, loginMember, loginOperator, startTestServer, waitForOutbox, type TestServer } from './support';

// Issue 8, guard rails: typing 99999999 as the sign-up bonus and 150 % as the deduction cap silently became
// 1,000,000 and 100 %, were published behind a bare "发布新版本?", and the next member got 1,000,000 points.
const RULES = {
  pointsPerYuan: 1,
  birthdayMultiplierPct: 200,
  signUpBonus: 100,
  expiry: { kind: 'days', days: 365 },
  deduction: { pointsPerYuan: 100, maxPercentOfBill: 50, minSpendFen: 1000 },
};
const PASSWORD = 'Str0ng-passw0rd';

describe('guard rails for rule and tier changes', () => {
  let s: TestServer;
  let admin: string;
  let second: string;

  const publish = (token: string, body: object) =>
    s.http.post('/api/v1/admin/points-rules').set(bearer(token)).send(body);
  const current = async () => (await s.http.get('/api/v1/admin/points-rules').set(bearer(admin)).expect(200)).body;

  beforeAll(async () => {
    s = await startTestServer();
    admin = await loginOperator(s);
    await s.http
      .post('/api/v1/admin/operators')
      .set(bearer(admin))
      .send({ username: 'ops-two', password: PASSWORD, displayName: '运营二号', role: 'operator' })
      .expect(201);
    second = await loginOperator(s, { username: 'ops-two', password: PASSWORD });
  });
  afterAll(() => s.close());

  it('rejects out-of-range values with a zh-CN message instead of clamping them', async () => {
    const res = await publish(admin, {
      rules: { ...RULES, signUpBonus: 99_999_999, deduction: { ...RULES.deduction, maxPercentOfBill: 150 } },
      note: '新人礼',
    }).expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    const byField = Object.fromEntries(
      res.body.details.map((d: { field: string; message: string }) => [d.field, d.message]),
    );
    expect(byField['rules.signUpBonus']).toBe('入会赠送积分须为 0 至 1,000,000 分 之间的整数');
    expect(byField['rules.deduction.maxPercentOfBill']).toBe('最多抵扣账单比例须为 0 至 100% 之间的整数');
    expect((await current()).version).toBe(1);
  });

  it('refuses a publish without a change note', async () => {
    const missing = await publish(admin, { rules: { ...RULES, signUpBonus: 200 } }).expect(400);
    expect(missing.body.details).toEqual([{ field: 'note', message: '变更说明须为 2-255 个字' }]);
    const blank = await publish(admin, { rules: { ...RULES, signUpBonus: 200 }, note: '   ' }).expect(400);
    expect(blank.body).toMatchObject({ code: 'CHANGE_NOTE_REQUIRED', message: expect.stringContaining('变更说明') });
    const same = await publish(admin, { rules: RULES, note: '没改什么' }).expect(400);
    expect(same.body.code).toBe('CHANGE_EMPTY');
    expect((await current()).version).toBe(1);
  });

  it('needs the operator to confirm a value outside the sensible range, and records that they did', async () => {
    const rules = { ...RULES, signUpBonus: 5000 };
    const res = await publish(admin, { rules, note: '周年庆新人礼' }).expect(400);
    expect(res.body.code).toBe('VALUE_NEEDS_CONFIRMATION');
    expect(res.body.details).toEqual([
      { field: 'rules.signUpBonus', message: expect.stringContaining('入会赠送积分 5,000 分 超出常用范围') },
    ]);
    expect((await current()).version).toBe(1);

    const applied = (await publish(admin, { rules, note: '周年庆新人礼', acknowledgeWarnings: true }).expect(201)).body;
    expect(applied).toMatchObject({
      status: 'applied',
      version: 2,
      note: '周年庆新人礼',
      changes: [{ field: 'signUpBonus', label: '入会赠送积分', before: '100 分', after: '5,000 分' }],
      warnings: [{ field: 'signUpBonus', level: 'soft' }],
    });
    const now = await current();
    expect(now).toMatchObject({ version: 2, rules: { signUpBonus: 5000 }, note: '周年庆新人礼' });
    expect(now.warnings).toEqual([expect.objectContaining({ field: 'signUpBonus', level: 'soft' })]);
  });

  it('holds a value beyond the hard bound until another operator approves it', async () => {
    const rules = { ...RULES, signUpBonus: 50_000 };
    const unconfirmed = await publish(second, { rules, note: '大促拉新' }).expect(400);
    expect(unconfirmed.body.details[0].message).toContain('需另一位运营人员审批');

    const pending = (await publish(second, { rules, note: '大促拉新', acknowledgeWarnings: true }).expect(201)).body;
    expect(pending).toMatchObject({
      status: 'pending',
      version: null,
      baseVersion: 2,
      changes: [{ label: '入会赠送积分', before: '5,000 分', after: '50,000 分' }],
      warnings: [{ level: 'hard' }],
      requestedBy: { name: '运营二号' },
    });
    // Not in force: the rules and the next member's bonus are unchanged.
    expect((await current()).rules.signUpBonus).toBe(5000);
    const member = await loginMember(s);
    await waitForOutbox(s);
    expect((await s.http.get('/api/v1/me/points').set(bearer(member.token)).expect(200)).body.balance).toBe(5000);

    const listed = (
      await s.http.get('/api/v1/admin/points-rules/changes').query({ status: 'pending' }).set(bearer(admin)).expect(200)
    ).body;
    expect(listed.map((c: { id: number }) => c.id)).toEqual([pending.id]);

    const self = await s.http
      .post(`/api/v1/admin/points-rules/changes/${pending.id}/approve`)
      .set(bearer(second))
      .send({})
      .expect(403);
    expect(self.body.code).toBe('RULE_CHANGE_SELF_APPROVAL');
    expect((await current()).version).toBe(2);

    const approved = (
      await s.http
        .post(`/api/v1/admin/points-rules/changes/${pending.id}/approve`)
        .set(bearer(admin))
        .send({ note: '已与市场部确认' })
        .expect(200)
    ).body;
    expect(approved).toMatchObject({ status: 'applied', version: 3, decidedBy: { operatorId: expect.any(Number) } });
    const now = await current();
    expect(now).toMatchObject({ version: 3, rules: { signUpBonus: 50_000 }, createdBy: { name: '运营二号' } });
    expect(now.approvedBy).not.toBeNull();
    await s.http
      .post(`/api/v1/admin/points-rules/changes/${pending.id}/approve`)
      .set(bearer(admin))
      .send({})
      .expect(409);

    const audit = (
      await s.http.get('/api/v1/admin/audit-logs').query({ action: 'rule_change.approved' }).set(bearer(admin))
    ).body;
    expect(audit.items[0]).toMatchObject({ targetType: 'points_rules', targetId: '3', reason: '已与市场部确认' });
  });

  it('lets another operator reject a pending change, with a reason', async () => {
    const pending = (
      await publish(second, {
        rules: { ...RULES, signUpBonus: 50_000, deduction: { ...RULES.deduction, maxPercentOfBill: 90 } },
        note: '清库存',
        acknowledgeWarnings: true,
      }).expect(201)
    ).body;
    expect(pending.status).toBe('pending');
    await s.http
      .post(`/api/v1/admin/points-rules/changes/${pending.id}/reject`)
      .set(bearer(admin))
      .send({})
      .expect(400);
    const rejected = (
      await s.http
        .post(`/api/v1/admin/points-rules/changes/${pending.id}/reject`)
        .set(bearer(admin))
        .send({ note: '抵扣比例过高' })
        .expect(200)
    ).body;
    expect(rejected).toMatchObject({ status: 'rejected', decisionNote: '抵扣比例过高' });
    expect((await current()).version).toBe(3);
  });

  it('does not count an account the requester created within 24 h as a second operator', async () => {
    // ops-two was created by the admin just now: it may reject the admin's change, not approve it.
    const pending = (
      await publish(admin, {
        rules: { ...RULES, signUpBonus: 50_000, pointsPerYuan: 200 },
        note: '自己建号自己批',
        acknowledgeWarnings: true,
      }).expect(201)
    ).body;
    const denied = await s.http
      .post(`/api/v1/admin/points-rules/changes/${pending.id}/approve`)
      .set(bearer(second))
      .send({})
      .expect(403);
    expect(denied.body.code).toBe('RULE_CHANGE_APPROVER_NOT_INDEPENDENT');
    await s.http
      .post(`/api/v1/admin/points-rules/changes/${pending.id}/reject`)
      .set(bearer(second))
      .send({ note: '请换人审批' })
      .expect(200);
    expect((await current()).version).toBe(3);
  });

  it('shows notes and diffs in the version history', async () => {
    const history = (await s.http.get('/api/v1/admin/points-rules/versions').set(bearer(admin)).expect(200)).body;
    expect(history.map((v: { version: number }) => v.version)).toEqual([3, 2, 1]);
    expect(history[0]).toMatchObject({
      note: '大促拉新',
      changes: [{ label: '入会赠送积分', before: '5,000 分', after: '50,000 分' }],
    });
    expect(history[1]).toMatchObject({
      note: '周年庆新人礼',
      changes: [{ label: '入会赠送积分', before: '100 分', after: '5,000 分' }],
    });
    expect(history[2]).toMatchObject({ version: 1, note: null, changes: [] });
  });

  it('puts tier changes through the same rails', async () => {
    const tiers = (await s.http.get('/api/v1/admin/tiers').set(bearer(admin)).expect(200)).body;
    const gold = tiers.find((t: { code: string }) => t.code === 'GOLD');
    const patch = (token: string, body: object) =>
      s.http.patch(`/api/v1/admin/tiers/${gold.id}`).set(bearer(token)).send(body);

    await patch(admin, { pointsMultiplierPct: 200 }).expect(400);
    const tooHigh = await patch(admin, { pointsMultiplierPct: 5000, note: '黄金日' }).expect(400);
    expect(tooHigh.body.details[0].message).toBe('积分倍率须为 0 至 1,000% 之间的整数');

    const edited = (await patch(admin, { pointsMultiplierPct: 200, note: '黄金会员加码' }).expect(200)).body;
    expect(edited).toMatchObject({
      status: 'applied',
      tier: { pointsMultiplierPct: 200 },
      changes: [{ label: '积分倍率', before: '150%', after: '200%' }],
    });

    expect((await patch(second, { pointsMultiplierPct: 400, note: '黄金周' }).expect(400)).body.code).toBe(
      'VALUE_NEEDS_CONFIRMATION',
    );
    const pending = (
      await patch(second, { pointsMultiplierPct: 800, note: '黄金周', acknowledgeWarnings: true }).expect(200)
    ).body;
    expect(pending).toMatchObject({ status: 'pending', warnings: [{ level: 'hard' }] });
    const inForce = (await s.http.get('/api/v1/admin/tiers').set(bearer(admin))).body;
    expect(inForce.find((t: { id: number }) => t.id === gold.id).pointsMultiplierPct).toBe(200);

    await s.http.post(`/api/v1/admin/tiers/changes/${pending.id}/approve`).set(bearer(second)).send({}).expect(403);
    const approved = (
      await s.http.post(`/api/v1/admin/tiers/changes/${pending.id}/approve`).set(bearer(admin)).send({}).expect(200)
    ).body;
    expect(approved).toMatchObject({ status: 'applied', tier: { pointsMultiplierPct: 800 } });

    const history = (await s.http.get('/api/v1/admin/tiers/changes').set(bearer(admin)).expect(200)).body;
    expect(history.slice(0, 2)).toMatchObject([
      { note: '黄金周', changes: [{ before: '200%', after: '800%' }], decidedBy: { operatorId: expect.any(Number) } },
      { note: '黄金会员加码', changes: [{ before: '150%', after: '200%' }], decidedBy: null },
    ]);
  });

  it('holds a new tier beyond the hard bound until it is approved, then creates it', async () => {
    const tier = {
      code: 'BLACK',
      name: '黑金会员',
      growthThreshold: 50_000,
      retentionThreshold: 40_000,
      pointsMultiplierPct: 600,
      badgeColor: '#1f1f1f',
      sortOrder: 50,
      note: '新增黑金等级',
      acknowledgeWarnings: true,
    };
    const pending = (await s.http.post('/api/v1/admin/tiers').set(bearer(second)).send(tier).expect(201)).body;
    expect(pending).toMatchObject({
      status: 'pending',
      action: 'create',
      tierId: null,
      tier: null,
      tierName: '黑金会员',
    });
    const codes = async () =>
      (await s.http.get('/api/v1/admin/tiers').set(bearer(admin))).body.map((t: { code: string }) => t.code);
    expect(await codes()).not.toContain('BLACK');
    const approved = (
      await s.http.post(`/api/v1/admin/tiers/changes/${pending.id}/approve`).set(bearer(admin)).send({}).expect(200)
    ).body;
    expect(approved).toMatchObject({ status: 'applied', tier: { code: 'BLACK', pointsMultiplierPct: 600 } });
    expect(approved.tierId).toEqual(expect.any(Number));
    expect(await codes()).toContain('BLACK');
  });

  it('describes the shared bounds in the API document', async () => {
    const doc = (await s.http.get('/api/docs-json').expect(200)).body;
    const rules = doc.components.schemas.PointsRulesDto.properties;
    expect(rules.signUpBonus).toMatchObject({ type: 'integer', minimum: 0, maximum: 1_000_000 });
    const publish = doc.components.schemas.PublishPointsRulesDto;
    expect(publish.required).toContain('note');
    expect(publish.properties.note).toMatchObject({ type: 'string', minLength: 2, maxLength: 255 });
  });
});
