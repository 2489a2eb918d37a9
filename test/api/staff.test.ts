import { TransactionRunner } from '../../server/src/database/transaction-runner';
import { MemberCodesService, memberCodeCheckDigits } from '../../server/src/modules/members/member-codes.service';
import { bearer, loginMember, loginOperator, makeStaff, startTestServer, type TestServer } from './support';

describe('member card codes, staff invites and lookup', () => {
  let s: TestServer;
  let admin: string;
  beforeAll(async () => {
    s = await startTestServer();
    admin = await loginOperator(s);
  });
  afterAll(() => s.close());

  const cardCode = async (token: string) => (await s.http.get('/api/v1/me/card').set(bearer(token)).expect(200)).body;
  const lookup = (staffToken: string, code: string) =>
    s.http.post('/api/v1/staff/member-lookup').set(bearer(staffToken)).send({ code });

  it('issues a fresh 18-digit code valid for 60 s on every call', async () => {
    const m = await loginMember(s);
    const a = await cardCode(m.token);
    const b = await cardCode(m.token);
    expect(a.code).toMatch(/^\d{18}$/);
    expect(a.code).not.toBe(b.code);
    expect(Date.parse(a.expiresAt) - Date.parse(a.issuedAt)).toBe(60_000);
    expect(a.memberNo).toBe(m.member.memberNo);
  });

  it('shows the member to staff, keeps the code usable, and audits the lookup', async () => {
    const { staffToken, store } = await makeStaff(s, admin);
    const m = await loginMember(s);
    const { code } = await cardCode(m.token);
    const first = await lookup(staffToken, code).expect(200);
    expect(first.body).toMatchObject({ id: m.member.id, memberNo: m.member.memberNo });
    await lookup(staffToken, code).expect(200); // a lookup alone does not consume the code

    const audit = await s.http
      .get('/api/v1/admin/audit-logs')
      .query({ action: 'staff.member_lookup', targetType: 'member', targetId: String(m.member.id) })
      .set(bearer(admin))
      .expect(200);
    expect(audit.body.total).toBe(2);
    expect(audit.body.items[0]).toMatchObject({ actorType: 'staff', storeId: store.id, storeName: store.name });
  });

  it('answers forged and unknown codes alike, and tells expired and used ones apart', async () => {
    const { staffToken } = await makeStaff(s, admin);
    const m = await loginMember(s);
    const { code } = await cardCode(m.token);

    const forged = code.slice(0, 17) + String((Number(code[17]) + 1) % 10);
    // No oracle for check digits: a forged or malformed code is just unknown.
    expect((await lookup(staffToken, forged).expect(404)).body.code).toBe('MEMBER_CODE_UNKNOWN');
    expect((await lookup(staffToken, '12345').expect(404)).body.code).toBe('MEMBER_CODE_UNKNOWN');

    const body = '66' + '000000000001';
    const unknown = body + memberCodeCheckDigits(Buffer.from(s.config.security.hashKey, 'base64'), body);
    expect((await lookup(staffToken, unknown).expect(404)).body.code).toBe('MEMBER_CODE_UNKNOWN');

    // A staff action consumes the code exactly once, even when several race for it.
    const codes = s.app.get(MemberCodesService);
    const tx = s.app.get(TransactionRunner);
    const races = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => tx.run((em) => codes.consume(em, code, `test:${i}`))),
    );
    expect(races.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((await lookup(staffToken, code).expect(409)).body.code).toBe('MEMBER_CODE_USED');

    const { code: fresh } = await cardCode(m.token);
    s.clock.advance(61);
    try {
      expect((await lookup(staffToken, fresh).expect(410)).body.code).toBe('MEMBER_CODE_EXPIRED');
    } finally {
      s.clock.advance(-61);
    }
  });

  it('redeems an invite once; unknown, used and expired invites are refused', async () => {
    const { store, invite, staff, clerk } = await makeStaff(s, admin);
    expect(staff).toMatchObject({ storeId: store.id, storeName: store.name, role: 'clerk' });
    const me = await s.http.get('/api/v1/me').set(bearer(clerk.token)).expect(200);
    expect(me.body.staff).toMatchObject({ storeId: store.id });
    const session = await s.http.post('/api/v1/staff/session').set(bearer(clerk.token)).expect(200);
    expect(session.body.staff.staffId).toBe(staff.staffId);

    const other = await loginMember(s);
    const redeem = (code: string) =>
      s.http.post('/api/v1/staff/invites/redeem').set(bearer(other.token)).send({ inviteCode: code });
    expect((await redeem(invite.inviteCode).expect(409)).body.code).toBe('INVITE_USED');
    expect((await redeem('ZZZZZZZZ').expect(404)).body.code).toBe('INVITE_UNKNOWN');

    const short = (
      await s.http
        .post('/api/v1/admin/staff-invites')
        .set(bearer(admin))
        .send({ storeId: store.id, role: 'clerk', expiresInHours: 1 })
        .expect(201)
    ).body;
    s.clock.advance(3601);
    try {
      expect((await redeem(short.inviteCode).expect(410)).body.code).toBe('INVITE_EXPIRED');
    } finally {
      s.clock.advance(-3601);
    }
  });

  it('lets exactly one of several members racing for one invite become staff', async () => {
    const { store } = await makeStaff(s, admin);
    const invite = (
      await s.http
        .post('/api/v1/admin/staff-invites')
        .set(bearer(admin))
        .send({ storeId: store.id, role: 'manager' })
        .expect(201)
    ).body;
    const members = await Promise.all(Array.from({ length: 6 }, () => loginMember(s)));
    const results = await Promise.all(
      members.map((m) =>
        s.http.post('/api/v1/staff/invites/redeem').set(bearer(m.token)).send({ inviteCode: invite.inviteCode }),
      ),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.code === 'INVITE_USED')).toBe(true);
  });

  it('cuts off a disabled clerk at once, whatever the token says', async () => {
    const { staffToken, staff } = await makeStaff(s, admin);
    const m = await loginMember(s);
    const { code } = await cardCode(m.token);
    await s.http.patch(`/api/v1/admin/staff/${staff.staffId}`).set(bearer(admin)).send({ active: false }).expect(200);
    expect((await lookup(staffToken, code).expect(403)).body.code).toBe('STAFF_DISABLED');
  });
});
