import { Workbook } from 'exceljs';
import { DataSource } from 'typeorm';
import { checkLedgerInvariants } from '../../server/src/ledger/ledger-invariants';
import { LedgerService } from '../../server/src/ledger/ledger.service';
import { checkoutId } from './checkout-support';
import {
  bearer,
  loginMember,
  loginOperator,
  makeStaff,
  randomOpenid,
  startTestServer,
  type TestServer,
} from './support';

const DAY_S = 86_400;

jest.setTimeout(60_000);

// Member data rights (PIPL): consent before the card, consent history, "我的数据" export, 注销 with a
// cooling-off period, erasure that keeps the books balanced, and the operators' side of it.
describe('member privacy and data rights', () => {
  let s: TestServer;
  let admin: string;
  let staffToken: string;
  beforeAll(async () => {
    s = await startTestServer();
    admin = await loginOperator(s);
    ({ staffToken } = await makeStaff(s, admin));
  });
  afterAll(async () => {
    s.clock.reset();
    await s.close();
  });

  let seq = 0;
  const buy = async (token: string, amountFen: number) => {
    const receiptNo = `PV${Date.now()}${++seq}`;
    await s.http
      .post('/api/v1/staff/purchases')
      .set(bearer(staffToken))
      .send({ checkoutId: await checkoutId(s, staffToken, token), amountFen, receiptNo })
      .expect(200);
    return receiptNo;
  };
  const privacyOf = async (token: string) =>
    (await s.http.get('/api/v1/me/privacy').set(bearer(token)).expect(200)).body;
  const freshCode = async (openid: string) =>
    (await s.http.post('/sandbox/wx/login-code').send({ openid }).expect(200)).body.code as string;
  const auditOf = async (memberId: number) =>
    (
      await s.http
        .get(`/api/v1/admin/audit-logs?targetType=member&targetId=${memberId}&pageSize=100`)
        .set(bearer(admin))
        .expect(200)
    ).body.items as { action: string; actorName: string; before: unknown; after: unknown }[];
  const runErasureJob = async () => (await s.http.post('/sandbox/jobs/member-erasure/run').expect(200)).body;

  it('refuses the card and personal-data edits until the current privacy policy is accepted', async () => {
    const m = await loginMember(s, randomOpenid(), { consent: false });
    expect(m.member.privacyVersion).toBeNull();
    const card = await s.http.get('/api/v1/me/card').set(bearer(m.token)).expect(403);
    expect(card.body).toEqual({ code: 'PRIVACY_CONSENT_REQUIRED', message: expect.stringMatching(/隐私政策/) });
    const patch = await s.http.patch('/api/v1/me').set(bearer(m.token)).send({ birthday: '1990-01-01' }).expect(403);
    expect(patch.body.code).toBe('PRIVACY_CONSENT_REQUIRED');
    // Browsing still works: profile, points and the privacy page answer.
    await s.http.get('/api/v1/me').set(bearer(m.token)).expect(200);
    await s.http.get('/api/v1/me/points').set(bearer(m.token)).expect(200);

    const stale = await s.http
      .post('/api/v1/me/consents')
      .set(bearer(m.token))
      .send({ kind: 'privacy', granted: true, version: '2020-01-01' })
      .expect(400);
    expect(stale.body.code).toBe('PRIVACY_VERSION_UNKNOWN');
    const before = await privacyOf(m.token);
    expect(before.privacy).toEqual({ granted: false, version: null, at: null, current: false });

    const accepted = await s.http
      .post('/api/v1/me/consents')
      .set(bearer(m.token))
      .send({ kind: 'privacy', granted: true, version: before.currentPrivacyVersion })
      .expect(200);
    expect(accepted.body.privacy).toMatchObject({
      granted: true,
      current: true,
      version: before.currentPrivacyVersion,
    });
    await s.http.get('/api/v1/me/card').set(bearer(m.token)).expect(200);
    const me = (await s.http.get('/api/v1/me').set(bearer(m.token)).expect(200)).body;
    expect(me.privacyVersion).toBe(before.currentPrivacyVersion);
  });

  it('keeps an append-only consent history; marketing is optional and withdrawable, privacy withdrawal stops the card', async () => {
    const m = await loginMember(s);
    const { currentMarketingVersion, currentPrivacyVersion } = await privacyOf(m.token);
    const consent = (kind: string, granted: boolean, version = currentMarketingVersion) =>
      s.http.post('/api/v1/me/consents').set(bearer(m.token)).send({ kind, granted, version }).expect(200);
    await consent('marketing', true);
    await consent('marketing', true); // the same state again adds no row
    await consent('marketing', false);
    const after = (await consent('privacy', false, currentPrivacyVersion)).body;

    expect(after.marketing).toMatchObject({ granted: false, current: false });
    expect(after.privacy).toMatchObject({ granted: false, current: false });
    expect(after.history.map((h: { kind: string; granted: boolean }) => [h.kind, h.granted])).toEqual([
      ['privacy', false],
      ['marketing', false],
      ['marketing', true],
      ['privacy', true],
    ]);
    expect(after.history[0]).toMatchObject({ version: currentPrivacyVersion, at: expect.any(String) });
    expect((await s.http.get('/api/v1/me/card').set(bearer(m.token)).expect(403)).body.code).toBe(
      'PRIVACY_CONSENT_REQUIRED',
    );
    expect((await s.http.get('/api/v1/me').set(bearer(m.token))).body.privacyVersion).toBeNull();

    // Operators see the same state and history on the member page.
    const seen = (await s.http.get(`/api/v1/admin/members/${m.member.id}/privacy`).set(bearer(admin)).expect(200)).body;
    expect(seen.history).toHaveLength(4);
    const actions = (await auditOf(m.member.id)).map((a) => a.action);
    expect(actions.filter((a) => a === 'consent.granted')).toHaveLength(2);
    expect(actions.filter((a) => a === 'consent.withdrawn')).toHaveLength(2);
  });

  it('exports profile, points history, sales, refunds and consents as an xlsx behind a short-lived signed link', async () => {
    const m = await loginMember(s);
    await s.http
      .patch('/api/v1/me')
      .set(bearer(m.token))
      .send({ nickname: '导出测试', birthday: '1991-02-03' })
      .expect(200);
    const { body: pc } = await s.http.post('/sandbox/wx/phone-code').send({ phone: '13811112222' });
    await s.http.post('/api/v1/me/phone').set(bearer(m.token)).send({ code: pc.code }).expect(200);
    const receiptNo = await buy(m.token, 12_345);
    await s.http
      .post(`/api/v1/staff/purchases/${receiptNo}/refunds`)
      .set(bearer(staffToken))
      .send({ amountFen: 2_345, refundNo: `${receiptNo}-R` })
      .expect(200);

    const link = (await s.http.post('/api/v1/me/data-export').set(bearer(m.token)).expect(200)).body;
    expect(link).toMatchObject({
      url: expect.stringMatching(/^\/api\/v1\/data-exports\//),
      fileName: expect.stringMatching(/\.xlsx$/),
    });
    expect(Date.parse(link.expiresAt) - s.clock.nowMs()).toBeLessThanOrEqual(10 * 60_000);

    // No bearer token: WeChat's downloadFile fetches the link as it is.
    const file = await s.http
      .get(link.url)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(file.headers['content-type']).toMatch(/spreadsheetml/);
    const wb = new Workbook();
    // exceljs declares its own Buffer type; node's Buffer is what it reads at run time.
    await wb.xlsx.load(file.body as unknown as Parameters<typeof wb.xlsx.load>[0]);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['基本资料', '积分明细', '消费记录', '退款记录', '授权记录']);
    const rows = (name: string) =>
      (wb.getWorksheet(name)!.getSheetValues() as unknown[][]).filter(Boolean).map((r) => r.slice(1));
    const profile = Object.fromEntries(
      rows('基本资料')
        .slice(1)
        .map(([k, v]) => [k, v]),
    );
    expect(profile).toMatchObject({
      会员号: m.member.memberNo,
      昵称: '导出测试',
      生日: '1991-02-03',
      手机号: '13811112222',
    });
    // Points history: sign-up bonus, the purchase's 123 points, and the refund taking 23 back.
    const points = rows('积分明细').slice(1);
    expect(points.map((r) => r[2])).toEqual([-23, 123, 100]);
    expect(points[0][3]).toBe(200);
    expect(rows('消费记录').slice(1)).toEqual([
      [expect.any(String), expect.any(String), receiptNo, '123.45', '0.00', '123.45', 0, 123, '23.45'],
    ]);
    expect(rows('退款记录').slice(1)[0]).toEqual(expect.arrayContaining([receiptNo, `${receiptNo}-R`, '23.45']));
    expect(rows('授权记录').slice(1)).toEqual([[expect.any(String), '隐私政策', expect.any(String), '同意']]);

    // A changed member id, a bad signature or an expired link: one answer, 410.
    const [id, exp, sig] = link.url.split('/').pop().split('.');
    for (const bad of [`${Number(id) + 1}.${exp}.${sig}`, `${id}.${exp}.${'A'.repeat(32)}`, 'nonsense']) {
      expect((await s.http.get(`/api/v1/data-exports/${bad}`).expect(410)).body.code).toBe('DATA_EXPORT_LINK_INVALID');
    }
    s.clock.advance(10 * 60 + 1);
    try {
      await s.http.get(link.url).expect(410);
    } finally {
      s.clock.reset();
    }
    const actions = (await auditOf(m.member.id)).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['member.data_exported', 'member.data_downloaded']));
  });

  it('asks for a fresh WeChat login of the same user, pauses the card in the cooling-off period, and can be cancelled', async () => {
    const m = await loginMember(s);
    const other = await freshCode(randomOpenid());
    const mismatch = await s.http
      .post('/api/v1/me/deletion-request')
      .set(bearer(m.token))
      .send({ code: other })
      .expect(403);
    expect(mismatch.body.code).toBe('DELETION_REAUTH_MISMATCH');
    await s.http.post('/api/v1/me/deletion-request').set(bearer(m.token)).send({ code: 'used-or-made-up' }).expect(400);

    const requested = (
      await s.http
        .post('/api/v1/me/deletion-request')
        .set(bearer(m.token))
        .send({ code: await freshCode(m.openid) })
        .expect(200)
    ).body;
    expect(requested.deletion).toMatchObject({ status: 'cooling_off', decidedAt: null });
    const days = (Date.parse(requested.deletion.dueAt) - Date.parse(requested.deletion.requestedAt)) / 1000 / DAY_S;
    expect(days).toBe(requested.settings.coolingOffDays);
    expect(requested.settings.coolingOffDays).toBe(7);

    const again = await s.http
      .post('/api/v1/me/deletion-request')
      .set(bearer(m.token))
      .send({ code: await freshCode(m.openid) })
      .expect(409);
    expect(again.body.code).toBe('DELETION_ALREADY_REQUESTED');
    expect((await s.http.get('/api/v1/me/card').set(bearer(m.token)).expect(409)).body.code).toBe(
      'MEMBER_DELETION_PENDING',
    );
    // Logging in during the cooling-off period still works (that is how the member reaches 撤销).
    const relogin = await loginMember(s, m.openid);
    expect(relogin.member.id).toBe(m.member.id);

    const cancelled = (await s.http.delete('/api/v1/me/deletion-request').set(bearer(relogin.token)).expect(200)).body;
    expect(cancelled.deletion).toMatchObject({ status: 'cancelled', decidedAt: expect.any(String) });
    await s.http.get('/api/v1/me/card').set(bearer(m.token)).expect(200);
    await s.http.delete('/api/v1/me/deletion-request').set(bearer(m.token)).expect(404);

    s.clock.advance(16 * DAY_S);
    try {
      expect((await runErasureJob()).result).toEqual({ erased: 0 });
    } finally {
      s.clock.reset();
    }
    const actions = (await auditOf(m.member.id)).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['member_deletion.requested', 'member_deletion.cancelled']));
  });

  it('erases personal data after the cooling-off period, keeps the books balanced, and a new login is a new member', async () => {
    const m = await loginMember(s);
    await s.http
      .patch('/api/v1/me')
      .set(bearer(m.token))
      .send({ nickname: '将注销', birthday: '1985-05-05', gender: 'female' })
      .expect(200);
    const { body: pc } = await s.http.post('/sandbox/wx/phone-code').send({ phone: '13933334444' });
    await s.http.post('/api/v1/me/phone').set(bearer(m.token)).send({ code: pc.code }).expect(200);
    const receiptNo = await buy(m.token, 50_000);
    await s.http
      .post(`/api/v1/staff/purchases/${receiptNo}/refunds`)
      .set(bearer(staffToken))
      .send({ amountFen: 10_000, refundNo: `${receiptNo}-R` })
      .expect(200);
    const pointsBefore = (await s.http.get(`/api/v1/admin/members/${m.member.id}/points`).set(bearer(admin))).body
      .balance;
    await s.http
      .post('/api/v1/me/deletion-request')
      .set(bearer(m.token))
      .send({ code: await freshCode(m.openid) })
      .expect(200);

    expect((await runErasureJob()).result).toEqual({ erased: 0 }); // still cooling off
    s.clock.advance(15 * DAY_S + 1);
    try {
      expect((await runErasureJob()).result).toEqual({ erased: 1 });
      expect((await runErasureJob()).result).toEqual({ erased: 0 }); // once
    } finally {
      s.clock.reset();
    }

    const ds = s.app.get(DataSource);
    const [row] = await ds.query('SELECT * FROM member WHERE id = ?', [m.member.id]);
    expect(row).toMatchObject({
      nickname: '已注销会员',
      gender: 'unknown',
      birthday: null,
      unionid: null,
      phone_cipher: null,
      phone_hash: null,
      phone_masked: null,
      status: 'erased',
    });
    expect(row.openid).not.toBe(m.openid);
    expect(row.member_no).toMatch(/^ANON[A-Z2-9]{12}$/);
    expect(JSON.stringify(row)).not.toMatch(/将注销|13933334444|1985-05-05/);
    // Financial records stay, tied to the anonymised row, and still add up.
    const [purchase] = await ds.query('SELECT member_id, amount_fen, refunded_fen FROM purchase WHERE receipt_no = ?', [
      receiptNo,
    ]);
    expect(purchase).toMatchObject({ member_id: m.member.id });
    expect(Number(purchase.refunded_fen)).toBe(10_000);
    expect((await s.http.get(`/api/v1/admin/members/${m.member.id}/points`).set(bearer(admin))).body.balance).toBe(
      pointsBefore,
    );
    expect((await checkLedgerInvariants(ds)).violations).toEqual([]);

    // The audit trail no longer names the member or holds their values.
    const audit = await auditOf(m.member.id);
    expect(audit.map((a) => a.action)).toContain('member_deletion.erased');
    expect(JSON.stringify(audit)).not.toMatch(/将注销|139\*\*\*\*4444|1985-05-05/);
    expect(JSON.stringify(audit)).not.toContain(m.member.memberNo);

    // The old token is dead; the same WeChat user logging in again is someone new.
    await s.http.get('/api/v1/me').set(bearer(m.token)).expect(403);
    const again = await loginMember(s, m.openid);
    expect(again.member.id).not.toBe(m.member.id);
    expect(again.member).toMatchObject({
      nickname: expect.not.stringMatching(/将注销/),
      birthday: null,
      phoneMasked: null,
    });
    const points = (await s.http.get('/api/v1/me/points').set(bearer(again.token)).expect(200)).body;
    expect(points.balance).toBe(100); // the sign-up bonus of a new member, nothing carried over
  });

  it('lets operators list, export, reject and process deletion requests after the cooling-off period', async () => {
    const create = (username: string, role: string, storeId?: number) =>
      s.http
        .post('/api/v1/admin/operators')
        .set(bearer(admin))
        .send({ username, password: 'Str0ng-passw0rd', displayName: username, role, storeId })
        .expect(201);
    await create('privacy-analyst', 'analyst');
    const stores = (await s.http.get('/api/v1/admin/stores').set(bearer(admin)).expect(200)).body;
    await create('privacy-manager', 'store_manager', (stores.items ?? stores)[0].id);
    const analyst = await loginOperator(s, { username: 'privacy-analyst', password: 'Str0ng-passw0rd' });
    const manager = await loginOperator(s, { username: 'privacy-manager', password: 'Str0ng-passw0rd' });

    const a = await loginMember(s);
    const b = await loginMember(s);
    for (const m of [a, b]) {
      await s.http
        .post('/api/v1/me/deletion-request')
        .set(bearer(m.token))
        .send({ code: await freshCode(m.openid) })
        .expect(200);
    }
    const list = (query: string, token = admin) =>
      s.http.get(`/api/v1/admin/deletion-requests${query}`).set(bearer(token)).expect(200);
    const cooling = (await list(`?status=cooling_off&q=${a.member.memberNo}`)).body;
    expect(cooling.items).toEqual([
      expect.objectContaining({
        memberId: a.member.id,
        memberNo: a.member.memberNo,
        status: 'cooling_off',
        nickname: a.member.nickname,
      }),
    ]);
    const reqA = cooling.items[0].id;
    const reqB = (await list(`?q=${b.member.memberNo}`)).body.items[0].id;

    const early = await s.http.post(`/api/v1/admin/deletion-requests/${reqA}/process`).set(bearer(admin)).expect(409);
    expect(early.body.code).toBe('DELETION_NOT_DUE');
    await s.http.post(`/api/v1/admin/deletion-requests/${reqA}/process`).set(bearer(analyst)).expect(403);
    // Member-level personal data: neither analysts nor store managers see the requests.
    await s.http.get('/api/v1/admin/deletion-requests').set(bearer(manager)).expect(403);
    await s.http.get('/api/v1/admin/deletion-requests').set(bearer(analyst)).expect(403);
    await s.http.get(`/api/v1/admin/members/${a.member.id}/privacy`).set(bearer(analyst)).expect(403);

    // Rejected with a reason: the member sees it and their card works again.
    const rejected = (
      await s.http
        .post(`/api/v1/admin/deletion-requests/${reqB}/reject`)
        .set(bearer(admin))
        .send({ reason: '存在未完成的售后，请处理后再申请' })
        .expect(200)
    ).body;
    expect(rejected).toMatchObject({
      status: 'rejected',
      rejectReason: '存在未完成的售后，请处理后再申请',
      decidedBy: expect.any(String),
    });
    expect((await privacyOf(b.token)).deletion).toMatchObject({ status: 'rejected', rejectReason: expect.any(String) });
    await s.http.get('/api/v1/me/card').set(bearer(b.token)).expect(200);
    await s.http
      .post(`/api/v1/admin/deletion-requests/${reqB}/reject`)
      .set(bearer(admin))
      .send({ reason: '再次驳回' })
      .expect(409);

    s.clock.advance(15 * DAY_S + 1);
    try {
      const pending = (await list('?status=pending')).body;
      expect(pending.items.map((r: { id: number }) => r.id)).toContain(reqA);
      const done = (await s.http.post(`/api/v1/admin/deletion-requests/${reqA}/process`).set(bearer(admin)).expect(200))
        .body;
      expect(done).toMatchObject({
        status: 'erased',
        nickname: null,
        decidedBy: expect.any(String),
        anonymousId: expect.stringMatching(/^ANON/),
      });
      expect(done.memberNo).toBe(done.anonymousId);
      await s.http.post(`/api/v1/admin/deletion-requests/${reqA}/process`).set(bearer(admin)).expect(409);
      expect((await list(`?status=erased&q=${done.anonymousId}`)).body.items).toHaveLength(1);
    } finally {
      s.clock.reset();
    }

    const csv = await s.http
      .get('/api/v1/admin/deletion-requests/export?status=rejected')
      .set(bearer(admin))
      .expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.text.startsWith('\uFEFF申请编号,')).toBe(true);
    expect(csv.text).toContain(b.member.memberNo);
    expect(csv.text).toContain('已驳回');
    expect(csv.text).not.toContain(a.member.memberNo);

    const ops = (
      await s.http.get('/api/v1/admin/audit-logs?actorType=operator&pageSize=100').set(bearer(admin)).expect(200)
    ).body.items.map((r: { action: string }) => r.action);
    expect(ops).toEqual(
      expect.arrayContaining(['member_deletion.rejected', 'member_deletion.erased', 'member_deletion.exported']),
    );
    expect((await checkLedgerInvariants(s.app.get(DataSource))).violations).toEqual([]);
  });
  it('keeps a member holding stored value from deleting the account until the principal is refunded', async () => {
    const m = await loginMember(s);
    const ledger = s.app.get(LedgerService);
    const account = await ledger.openAccount(null, m.member.id, 'WALLET');
    // A test stand-in for a paid top-up (principal against cash received).
    const credit = await ledger.credit(null, {
      accountId: account.id,
      amount: 5000,
      bizType: 'WALLET_IMPORT',
      bizId: `privacy-${m.member.id}`,
      reason: '测试储值',
      lotKind: 'PRINCIPAL',
      contra: 'CASH_RECEIVED',
    });
    const refused = await s.http
      .post('/api/v1/me/deletion-request')
      .set(bearer(m.token))
      .send({ code: await freshCode(m.openid) })
      .expect(409);
    expect(refused.body).toMatchObject({
      code: 'DELETION_WALLET_BALANCE',
      message: expect.stringContaining('储值余额'),
    });
    expect((await privacyOf(m.token)).deletion).toBeNull();
    // Once it is paid back the member may leave.
    await ledger.debit(null, {
      accountId: account.id,
      amount: 5000,
      bizType: 'WALLET_IMPORT_REFUND',
      bizId: `privacy-${credit.id}`,
      reason: '测试退款',
      contra: 'REFUNDED',
    });
    await s.http
      .post('/api/v1/me/deletion-request')
      .set(bearer(m.token))
      .send({ code: await freshCode(m.openid) })
      .expect(200);
  });
});
