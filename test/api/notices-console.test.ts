import { DataSource } from 'typeorm';
import { accept, drain, inbox, plan, TEMPLATE } from './notice-support';
import { bearer, loginMember, loginOperator, startTestServer, type TestServer } from './support';
import { loginAnalyst } from './wallet-support';

describe('console 关怀提醒: kinds, delivery log + CSV, dashboard, test-send', () => {
  let s: TestServer;
  let admin: string;
  beforeAll(async () => {
    s = await startTestServer();
    admin = await loginOperator(s);
  });
  afterAll(() => s.close());

  it('kinds: templates from config, keywords, change and pause version-checked and audited; analysts read only', async () => {
    const kinds = (await s.http.get('/api/v1/admin/notices/kinds').set(bearer(admin)).expect(200)).body;
    expect(kinds).toHaveLength(10);
    expect(kinds.find((k: { kind: string }) => k.kind === 'TOPUP_CREDITED')).toMatchObject({
      label: '储值到账通知',
      category: 'SERVICE',
      templateId: TEMPLATE.TOPUP_CREDITED,
      templateTitle: '储值到账通知',
      paused: false,
      pausedReason: null,
      version: 0,
      keywords: [
        { key: 'amount1', name: '充值金额' },
        { key: 'amount2', name: '赠送金额' },
        { key: 'amount3', name: '账户余额' },
        { key: 'character_string4', name: '订单号' },
        { key: 'time5', name: '到账时间' },
      ],
    });
    const paused = await s.http
      .put('/api/v1/admin/notices/kinds/WIN_BACK')
      .set(bearer(admin))
      .send({ paused: true, version: 0 })
      .expect(200);
    expect(paused.body).toMatchObject({ paused: true, version: 1, templateId: TEMPLATE.WIN_BACK });
    const stale = await s.http
      .put('/api/v1/admin/notices/kinds/WIN_BACK')
      .set(bearer(admin))
      .send({ templateId: null, version: 0 })
      .expect(409);
    expect(stale.body).toMatchObject({
      code: 'NOTICE_KIND_VERSION_CONFLICT',
      message: '提醒设置刚被他人修改，请刷新后重试',
    });
    const cleared = await s.http
      .put('/api/v1/admin/notices/kinds/WIN_BACK')
      .set(bearer(admin))
      .send({ templateId: null, paused: false, version: 1 })
      .expect(200);
    expect(cleared.body).toMatchObject({ templateId: null, templateTitle: null, paused: false, version: 2 });
    await s.http.put('/api/v1/admin/notices/kinds/NOPE').set(bearer(admin)).send({ version: 0 }).expect(400);
    await s.http
      .put('/api/v1/admin/notices/kinds/WIN_BACK')
      .set(bearer(admin))
      .send({ templateId: 'has spaces', version: 2 })
      .expect(400);
    const audit = await s.http
      .get('/api/v1/admin/audit-logs?action=notice_kind.updated')
      .set(bearer(admin))
      .expect(200);
    expect(audit.body.total).toBe(2);
    const analyst = await loginAnalyst(s, admin, 'ntc');
    await s.http.get('/api/v1/admin/notices/kinds').set(bearer(analyst)).expect(200);
    await s.http.put('/api/v1/admin/notices/kinds/WIN_BACK').set(bearer(analyst)).send({ version: 2 }).expect(403);
  });

  it('delivery log: filters, masked member label, CSV with the same filters (audited), dashboard', async () => {
    const m = await loginMember(s);
    await s.app.get(DataSource).query("UPDATE member SET nickname = '张三丰' WHERE id = ?", [m.member.id]);
    await accept(s, m, 'TOPUP_CREDITED');
    await plan(s, 'TOPUP_CREDITED', m.member.id);
    await plan(s, 'POINTS_EXPIRING', m.member.id);
    await drain(s);

    const page = (
      await s.http.get('/api/v1/admin/notices').query({ memberNo: m.member.memberNo }).set(bearer(admin)).expect(200)
    ).body;
    expect(page.total).toBe(2);
    expect(
      page.items.map((n: { kind: string; status: string; reason: string | null }) => [n.kind, n.status, n.reason]),
    ).toEqual([
      ['POINTS_EXPIRING', 'SKIPPED', 'NO_GRANT'],
      ['TOPUP_CREDITED', 'SENT', null],
    ]);
    expect(page.items[1]).toMatchObject({ memberNo: m.member.memberNo, memberLabel: '张*' });
    expect(page.items[1].data.amount1).toBe('¥500.00');
    expect(page.items[1].sentAt).not.toBeNull();
    const sentOnly = await s.http
      .get('/api/v1/admin/notices')
      .query({ memberNo: m.member.memberNo, status: 'SENT' })
      .set(bearer(admin))
      .expect(200);
    expect(sentOnly.body.total).toBe(1);
    await s.http.get('/api/v1/admin/notices').query({ status: 'LOST' }).set(bearer(admin)).expect(400);

    const csv = await s.http
      .get('/api/v1/admin/notices.csv')
      .query({ memberNo: m.member.memberNo })
      .set(bearer(admin))
      .buffer(true)
      .parse((res, cb) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => cb(null, text));
      })
      .expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect((csv.body as string).startsWith('\uFEFF编号,提醒类型,会员号')).toBe(true);
    const lines = (csv.body as string).trim().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain('积分到期提醒');
    expect(lines[1]).toContain('会员未订阅（无剩余次数）');
    expect(lines[2]).toContain('储值到账通知');
    expect(lines.join('\n')).not.toContain(m.openid);
    const exported = await s.http.get('/api/v1/admin/audit-logs?action=notice.exported').set(bearer(admin)).expect(200);
    expect(exported.body.total).toBe(1);
    const analyst = await loginAnalyst(s, admin, 'ntl');
    const totals = await s.http.get('/api/v1/admin/notices').set(bearer(analyst)).expect(200);
    expect(totals.body.items).toEqual([]);
    expect(totals.body.total).toBeGreaterThanOrEqual(2);
    await s.http.get('/api/v1/admin/notices.csv').set(bearer(analyst)).expect(403);

    const dash = (await s.http.get('/api/v1/admin/notices/dashboard').set(bearer(admin)).expect(200)).body;
    const topup = dash.rows.find((r: { kind: string }) => r.kind === 'TOPUP_CREDITED');
    expect(topup).toMatchObject({ label: '储值到账通知', planned: 1, sent: 1, skipped: 0, grantCoverage: 1 });
    const points = dash.rows.find((r: { kind: string }) => r.kind === 'POINTS_EXPIRING');
    expect(points).toMatchObject({ planned: 1, skipped: 1, grantCoverage: 0 });
    expect(dash.skippedByReason).toContainEqual({ reason: 'NO_GRANT', label: '会员未订阅（无剩余次数）', count: 1 });
    await s.http
      .get('/api/v1/admin/notices/dashboard')
      .query({ from: '2026-12-02T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' })
      .set(bearer(admin))
      .expect(400);
  });

  it('test-send goes to the operator’s own member, with a clear 409 when none is bound', async () => {
    const none = await s.http
      .post('/api/v1/admin/notices/test-send')
      .set(bearer(admin))
      .send({ kind: 'TIER_UP' })
      .expect(409);
    expect(none.body).toEqual({
      code: 'NOTICE_TEST_NO_MEMBER',
      message: '您的账号尚未绑定接收测试消息的会员，请先填写自己的会员号',
    });
    const me = await loginMember(s);
    await s.http
      .put('/api/v1/admin/notices/test-recipient')
      .set(bearer(admin))
      .send({ memberNo: 'NOSUCH1' })
      .expect(404);
    await s.http
      .put('/api/v1/admin/notices/test-recipient')
      .set(bearer(admin))
      .send({ memberNo: me.member.memberNo })
      .expect(200);
    // No grant yet: logged as skipped, nothing reaches WeChat.
    const skipped = await s.http
      .post('/api/v1/admin/notices/test-send')
      .set(bearer(admin))
      .send({ kind: 'TIER_UP' })
      .expect(200);
    expect(skipped.body).toMatchObject({ kind: 'TIER_UP', status: 'SKIPPED', reason: 'NO_GRANT' });
    await accept(s, me, 'BIRTHDAY');
    // A marketing test goes without consent or quiet-hour checks: the operator asked for it.
    const sent = await s.http
      .post('/api/v1/admin/notices/test-send')
      .set(bearer(admin))
      .send({ kind: 'BIRTHDAY' })
      .expect(200);
    expect(sent.body).toMatchObject({ kind: 'BIRTHDAY', status: 'SENT', memberNo: me.member.memberNo });
    expect((await inbox(s, me.openid)).map((x) => x.title)).toEqual(['生日祝福']);
    // WIN_BACK has no template now (first test): 409 in words.
    const off = await s.http
      .post('/api/v1/admin/notices/test-send')
      .set(bearer(admin))
      .send({ kind: 'WIN_BACK' })
      .expect(409);
    expect(off.body).toMatchObject({ code: 'NOTICE_KIND_UNAVAILABLE', message: '此类提醒已暂停或未配置订阅消息模板' });
    const audit = await s.http.get('/api/v1/admin/audit-logs?action=notice.test_sent').set(bearer(admin)).expect(200);
    expect(audit.body.total).toBe(2);
  });

  it('win-back: an operator plans WIN_BACK for members without a recent purchase (audited)', async () => {
    await s.http
      .put('/api/v1/admin/notices/kinds/WIN_BACK')
      .set(bearer(admin))
      .send({ templateId: TEMPLATE.WIN_BACK, version: 2 })
      .expect(200);
    const r = await s.http
      .post('/api/v1/admin/notices/win-back')
      .set(bearer(admin))
      .send({
        inactiveDays: 30,
        message: '好久不见',
        perk: '到店送咖啡',
        validUntil: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      })
      .expect(200);
    expect(r.body).toEqual({ planned: 0, members: 0 });
    await s.http
      .post('/api/v1/admin/notices/win-back')
      .set(bearer(admin))
      .send({ inactiveDays: 30, message: '好久不见', perk: '到店送咖啡', validUntil: '2020-01-01T00:00:00.000Z' })
      .expect(400);
  });
});
