import { DataSource } from 'typeorm';
import { Member } from '../../server/src/modules/members/entities/member.entity';
import { bearer, loginMember, randomOpenid, startTestServer, type TestServer } from './support';

describe('member login, profile and phone', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(() => s.close());

  it('creates the member on first login and returns the same member later', async () => {
    const openid = randomOpenid();
    const first = await loginMember(s, openid);
    expect(first.member.memberNo).toMatch(/^8\d{9}$/);
    const again = await loginMember(s, openid);
    expect(again.member.id).toBe(first.member.id);
    const me = await s.http.get('/api/v1/me').set(bearer(again.token)).expect(200);
    expect(me.body).toMatchObject({ id: first.member.id, staff: null, phoneMasked: null });
  });

  it('creates exactly one member when the first logins of one openid race', async () => {
    const openid = randomOpenid();
    const codes = await Promise.all(
      Array.from(
        { length: 12 },
        async () => (await s.http.post('/sandbox/wx/login-code').send({ openid })).body.code as string,
      ),
    );
    const results = await Promise.all(codes.map((code) => s.http.post('/api/v1/auth/wechat/login').send({ code })));
    expect(results.map((r) => r.status)).toEqual(codes.map(() => 200));
    expect(new Set(results.map((r) => r.body.member.id)).size).toBe(1);
    expect(results.filter((r) => r.body.created)).toHaveLength(1);
    expect(await s.app.get(DataSource).getRepository(Member).countBy({ openid })).toBe(1);
  });

  it('keeps one member per unionid across openids', async () => {
    const unionid = 'u' + randomOpenid();
    const login = async (openid: string) => {
      const { body } = await s.http.post('/sandbox/wx/login-code').send({ openid, unionid });
      return (await s.http.post('/api/v1/auth/wechat/login').send({ code: body.code }).expect(200)).body;
    };
    const first = await login(randomOpenid());
    const second = await login(randomOpenid());
    expect(second.member.id).toBe(first.member.id);
    expect(second.created).toBe(false);
  });

  it('rejects a reused or unknown login code with a zh-CN message', async () => {
    const { body } = await s.http.post('/sandbox/wx/login-code').send({ openid: randomOpenid() });
    await s.http.post('/api/v1/auth/wechat/login').send({ code: body.code }).expect(200);
    const reused = await s.http.post('/api/v1/auth/wechat/login').send({ code: body.code }).expect(400);
    expect(reused.body).toEqual({ code: 'WECHAT_CODE_INVALID', message: expect.stringMatching(/微信/) });
    await s.http.post('/api/v1/auth/wechat/login').send({ code: 'nope' }).expect(400);
  });

  it('binds a phone encrypted at rest, shows it masked, and refuses it for a second member', async () => {
    const a = await loginMember(s);
    const { body: pc } = await s.http.post('/sandbox/wx/phone-code').send({ phone: '13912345678' });
    const bound = await s.http.post('/api/v1/me/phone').set(bearer(a.token)).send({ code: pc.code }).expect(200);
    expect(bound.body.phoneMasked).toBe('139****5678');
    const row = await s.app.get(DataSource).getRepository(Member).findOneByOrFail({ id: a.member.id });
    expect(row.phoneCipher).not.toContain('13912345678');
    expect(row.phoneHash).toMatch(/^[0-9a-f]{64}$/);

    const b = await loginMember(s);
    const { body: pc2 } = await s.http.post('/sandbox/wx/phone-code').send({ phone: '13912345678' });
    const clash = await s.http.post('/api/v1/me/phone').set(bearer(b.token)).send({ code: pc2.code }).expect(409);
    expect(clash.body.code).toBe('PHONE_ALREADY_BOUND');
    expect((await s.http.get('/api/v1/me').set(bearer(b.token))).body.phoneMasked).toBeNull();
  });

  it('fetches a fresh access token once when WeChat says the cached one is stale (40001)', async () => {
    const a = await loginMember(s);
    await s.http.post('/sandbox/wx/tokens/invalidate').expect(200);
    const { body: pc } = await s.http.post('/sandbox/wx/phone-code').send({ phone: '13700000001' });
    const bound = await s.http.post('/api/v1/me/phone').set(bearer(a.token)).send({ code: pc.code }).expect(200);
    expect(bound.body.phoneMasked).toBe('137****0001');
  });

  it('lets a member set the birthday once; later changes are refused', async () => {
    const a = await loginMember(s);
    const set = await s.http
      .patch('/api/v1/me')
      .set(bearer(a.token))
      .send({ birthday: '1990-05-20', nickname: '小王' })
      .expect(200);
    expect(set.body).toMatchObject({ birthday: '1990-05-20', birthdayLocked: true, nickname: '小王' });
    const again = await s.http.patch('/api/v1/me').set(bearer(a.token)).send({ birthday: '1991-01-01' }).expect(409);
    expect(again.body.code).toBe('BIRTHDAY_ALREADY_SET');
    await s.http.patch('/api/v1/me').set(bearer(a.token)).send({ gender: 'female' }).expect(200);
  });

  it('rejects unknown and malformed fields, listing each, and changes nothing', async () => {
    const a = await loginMember(s);
    const res = await s.http
      .patch('/api/v1/me')
      .set(bearer(a.token))
      .send({ nickname: 'x', isAdmin: true, birthday: '20-1-1' })
      .expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.details.map((d: { field: string }) => d.field).sort()).toEqual(
      ['birthday', 'birthday', 'isAdmin'].sort(),
    );
    expect((await s.http.get('/api/v1/me').set(bearer(a.token))).body.nickname).not.toBe('x');
  });

  it('records privacy consent for the current version only', async () => {
    const a = await loginMember(s);
    const stale = await s.http
      .post('/api/v1/me/privacy-consent')
      .set(bearer(a.token))
      .send({ version: '2000-01-01' })
      .expect(400);
    expect(stale.body.code).toBe('PRIVACY_VERSION_UNKNOWN');
    const ok = await s.http
      .post('/api/v1/me/privacy-consent')
      .set(bearer(a.token))
      .send({ version: a.member.currentPrivacyVersion })
      .expect(200);
    expect(ok.body.privacyVersion).toBe(a.member.currentPrivacyVersion);
    expect(ok.body.privacyAcceptedAt).toEqual(expect.any(String));
  });
});
