import { SANDBOX_TEMPLATES } from './sandbox-templates';
import { startSandboxTestApp, type SandboxTestApp, type TestAnswer } from './testing/sandbox-test-app';

// Wire-level checks: the simulator must answer exactly like api.weixin.qq.com.
describe('WeChat sandbox wire API', () => {
  let sandbox: SandboxTestApp;
  let appid: string;
  let secret: string;

  beforeEach(async () => {
    sandbox = await startSandboxTestApp();
    ({ appId: appid, appSecret: secret } = sandbox.config.wechat);
  });
  afterEach(() => sandbox.close());

  async function wire(method: 'GET' | 'POST', path: string, body?: unknown): Promise<TestAnswer> {
    return sandbox.control(method, `/sandbox/wx/api${path}`, body);
  }
  const stable = (extra: Record<string, unknown> = {}) =>
    wire('POST', '/cgi-bin/stable_token', { grant_type: 'client_credential', appid, secret, ...extra });
  const classic = () => wire('GET', `/cgi-bin/token?grant_type=client_credential&appid=${appid}&secret=${secret}`);
  const phoneWith = (token: string, code = 'x') =>
    wire('POST', `/wxa/business/getuserphonenumber?access_token=${encodeURIComponent(token)}`, { code });

  function expectWxError(answer: TestAnswer, errcode: number, errmsg?: RegExp): void {
    expect(answer.status).toBe(200);
    expect(answer.body.errcode).toBe(errcode);
    expect(answer.body.errmsg).toMatch(/ rid: [0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/);
    if (errmsg) expect(answer.body.errmsg).toMatch(errmsg);
  }

  describe('credentials', () => {
    it('checks appid, secret and grant_type like WeChat', async () => {
      const base = `/sns/jscode2session?js_code=abc&grant_type=authorization_code`;
      expectWxError(await wire('GET', `${base}&appid=wx0000000000000000&secret=${secret}`), 40013, /invalid appid/);
      expectWxError(await wire('GET', `${base}&appid=${appid}&secret=nope`), 40125, /invalid appsecret/);
      expectWxError(await wire('GET', `${base}&secret=${secret}`), 41002);
      expectWxError(
        await wire(
          'GET',
          `/sns/jscode2session?js_code=abc&grant_type=client_credential&appid=${appid}&secret=${secret}`,
        ),
        40002,
      );
      expectWxError(await stable({ secret: 'nope' }), 40125);
      expectWxError(await stable({ grant_type: 'authorization_code' }), 40002);
    });
  });

  describe('stable_token', () => {
    it('returns the same token in normal mode, with expires_in counting down', async () => {
      const first = (await stable()).body;
      expect(first).toEqual({ access_token: expect.any(String), expires_in: 7200 });
      sandbox.clock.advance(1000);
      expect((await stable({ force_refresh: false })).body).toEqual({
        access_token: first.access_token,
        expires_in: 6200,
      });
    });

    it('rotates within the last 5 minutes while the old token keeps working until its expiry', async () => {
      const first = (await stable()).body.access_token;
      sandbox.clock.advance(7200 - 200);
      const second = (await stable()).body;
      expect(second.access_token).not.toBe(first);
      expect(second.expires_in).toBe(7200);
      expectWxError(await phoneWith(first), 40029); // token accepted, fake code refused
      sandbox.clock.advance(200);
      expectWxError(await phoneWith(first), 42001, /access_token expired/);
      expectWxError(await phoneWith(second.access_token), 40029);
    });

    it('force_refresh kills the current token at once and is limited to one per 30 s and 20 per day', async () => {
      const first = (await stable()).body.access_token;
      const forced = (await stable({ force_refresh: true })).body.access_token;
      expect(forced).not.toBe(first);
      expectWxError(await phoneWith(first), 40001, /not latest/);
      expectWxError(await stable({ force_refresh: true }), 45011);
      sandbox.clock.setNow(new Date('2030-01-01T01:00:00+08:00'));
      for (let i = 0; i < 20; i++) {
        sandbox.clock.advance(31);
        expect((await stable({ force_refresh: true })).body.access_token).toBeTruthy();
      }
      sandbox.clock.advance(31);
      expectWxError(await stable({ force_refresh: true }), 45009);
      expect((await stable()).body.access_token).toBeTruthy(); // normal mode is unaffected
    });
  });

  describe('cgi-bin/token', () => {
    it('replaces the previous token, which stays usable for 5 minutes; isolated from stable tokens', async () => {
      const stableToken = (await stable()).body.access_token;
      const a = (await classic()).body;
      expect(a.expires_in).toBe(7200);
      const b = (await classic()).body.access_token;
      expect(b).not.toBe(a.access_token);
      expectWxError(await phoneWith(a.access_token), 40029);
      sandbox.clock.advance(301);
      expectWxError(await phoneWith(a.access_token), 40001);
      expectWxError(await phoneWith(b), 40029);
      // Getting classic tokens did not disturb the stable one.
      expectWxError(await phoneWith(stableToken), 40029);
      expect((await stable()).body.access_token).toBe(stableToken);
    });
  });

  describe('token checks', () => {
    it('answers 41001 without a token and 40001 for an unknown or invalidated one', async () => {
      expectWxError(await wire('POST', '/wxa/business/getuserphonenumber', { code: 'x' }), 41001);
      expectWxError(await phoneWith('made-up'), 40001);
      const token = (await stable()).body.access_token;
      await sandbox.control('POST', '/sandbox/wx/tokens/invalidate');
      expectWxError(await phoneWith(token), 40001);
      expect((await stable()).body.access_token).not.toBe(token);
    });
  });

  describe('getuserphonenumber', () => {
    it('answers phone_info with a watermark; foreign numbers carry their prefix', async () => {
      sandbox.clock.setNow(new Date('2030-01-01T00:00:00Z'));
      const token = (await stable()).body.access_token;
      const code = (await sandbox.control('POST', '/sandbox/wx/phone-code', { phone: '91234567', countryCode: '852' }))
        .body.code;
      expect((await phoneWith(token, code)).body).toEqual({
        errcode: 0,
        errmsg: 'ok',
        phone_info: {
          phoneNumber: '+852 91234567',
          purePhoneNumber: '91234567',
          countryCode: '852',
          watermark: { timestamp: 1893456000, appid },
        },
      });
    });

    it('expires phone codes after 5 minutes', async () => {
      const token = (await stable()).body.access_token;
      const code = (await sandbox.control('POST', '/sandbox/wx/phone-code', { phone: '13812345678' })).body.code;
      sandbox.clock.advance(301);
      expectWxError(await phoneWith(token, code), 40029);
    });
  });

  describe('subscribe/send', () => {
    const [template] = SANDBOX_TEMPLATES;
    const data = Object.fromEntries(template.keywords.map((k) => [k.key, { value: k.example }]));
    let token: string;
    const openid = 'oSendTest_000001';
    const send = (body: Record<string, unknown>) =>
      wire('POST', `/cgi-bin/message/subscribe/send?access_token=${encodeURIComponent(token)}`, {
        touser: openid,
        template_id: template.templateId,
        data,
        ...body,
      });

    beforeEach(async () => {
      token = (await stable()).body.access_token;
      await sandbox.control('POST', '/sandbox/wx/login-code', { openid });
    });

    it('validates openid, template, page, state and data before using a grant', async () => {
      await sandbox.control('POST', '/sandbox/wx/subscribe', {
        openid,
        templateIds: [template.templateId],
        result: 'accept',
      });
      expectWxError(await send({ touser: 'oNeverSeen_12345' }), 40003, /invalid openid/);
      expectWxError(await send({ template_id: 'unknown' }), 40037, /invalid template_id/);
      expectWxError(await send({ page: 'https://example.com/x' }), 41030, /invalid page/);
      expectWxError(await send({ miniprogram_state: 'beta' }), 47003);
      expectWxError(
        await send({ data: { ...data, time4: { value: 'yesterday' } } }),
        47003,
        /data\.time4\.value is invalid/,
      );
      expectWxError(await send({ data: { ...data, thing1: undefined } }), 47003, /data\.thing1\.value is empty/);
      expect((await send({ page: 'pages/index/index?x=1', lang: 'en_US' })).body).toEqual({
        errcode: 0,
        errmsg: 'ok',
        msgid: expect.any(Number),
      });
      expectWxError(await send({}), 43101, /user refuse to accept the msg/);
    });

    it('accumulates grants; reject and ban add none', async () => {
      const ids = SANDBOX_TEMPLATES.slice(0, 2).map((t) => t.templateId);
      for (const result of ['accept', 'accept', 'reject', 'ban']) {
        expect(
          (await sandbox.control('POST', '/sandbox/wx/subscribe', { openid, templateIds: ids, result })).body,
        ).toEqual({
          errMsg: 'requestSubscribeMessage:ok',
          [ids[0]]: result,
          [ids[1]]: result,
        });
      }
      expect((await sandbox.control('GET', `/sandbox/wx/grants?openid=${openid}`)).body).toEqual([
        { templateId: ids[0], title: SANDBOX_TEMPLATES[0].title, remaining: 2 },
        { templateId: ids[1], title: SANDBOX_TEMPLATES[1].title, remaining: 2 },
      ]);
      expect((await send({})).body.errcode).toBe(0);
      expect((await send({})).body.errcode).toBe(0);
      expectWxError(await send({}), 43101);
      const messages = (await sandbox.control('GET', '/sandbox/wx/messages')).body;
      expect(messages.map((m: { msgid: number }) => m.msgid)).toEqual(
        [...messages.map((m: { msgid: number }) => m.msgid)].sort((a, b) => b - a),
      );
    });
  });

  describe('control endpoints', () => {
    it('validate input with VALIDATION_FAILED / NOT_FOUND bodies', async () => {
      const badOpenid = await sandbox.control('POST', '/sandbox/wx/login-code', { openid: 'a b' });
      expect(badOpenid.status).toBe(400);
      expect(badOpenid.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'openid' }] });
      expect((await sandbox.control('POST', '/sandbox/wx/phone-code', { phone: '12345678901' })).body.code).toBe(
        'VALIDATION_FAILED',
      );
      const unknownUser = await sandbox.control('POST', '/sandbox/wx/subscribe', {
        openid: 'oNobody_000001',
        templateIds: [SANDBOX_TEMPLATES[0].templateId],
        result: 'accept',
      });
      expect([unknownUser.status, unknownUser.body.code]).toEqual([404, 'NOT_FOUND']);
      await sandbox.control('POST', '/sandbox/wx/login-code', { openid: 'oSomebody_0001' });
      const badTemplate = await sandbox.control('POST', '/sandbox/wx/subscribe', {
        openid: 'oSomebody_0001',
        templateIds: ['nope'],
        result: 'accept',
      });
      expect(badTemplate.body.code).toBe('VALIDATION_FAILED');
      expect((await sandbox.control('POST', '/sandbox/wx/faults', { api: 'nope', errcode: -1 })).status).toBe(400);
      expect((await sandbox.control('POST', '/sandbox/wx/faults', { api: 'token' })).status).toBe(400);
      expect((await sandbox.control('GET', '/sandbox/wx/templates')).body).toHaveLength(SANDBOX_TEMPLATES.length);
    });

    it('moves the clock', async () => {
      const set = await sandbox.control('POST', '/sandbox/clock', { now: '2030-05-01T00:00:00.000Z' });
      // The clock runs on from the moment it is set: the answer may be a millisecond or so later.
      const sinceSet = Date.parse(set.body.now) - Date.parse('2030-05-01T00:00:00.000Z');
      expect(sinceSet).toBeGreaterThanOrEqual(0);
      expect(sinceSet).toBeLessThan(1000);
      const moved = (await sandbox.control('POST', '/sandbox/clock', { offsetSeconds: 3600 })).body.now;
      expect(Date.parse(moved) - Date.parse('2030-05-01T01:00:00.000Z')).toBeLessThan(1000);
      expect(Date.parse((await sandbox.control('GET', '/sandbox/clock')).body.now)).toBeGreaterThanOrEqual(
        Date.parse(moved),
      );
      expect((await sandbox.control('POST', '/sandbox/clock', {})).status).toBe(400);
    });
  });
});
