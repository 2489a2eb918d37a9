import { ErrorCode } from '@member/shared';
import { startSandboxTestApp, type SandboxTestApp } from '../sandbox/testing/sandbox-test-app';
import { SANDBOX_TEMPLATES } from '../sandbox/sandbox-templates';
import { WechatApiClient } from './wechat-api.client';
import { WechatApiError } from './wechat-api.error';

const POINTS_CHANGED = SANDBOX_TEMPLATES.find((t) => t.key === 'points_changed')!.templateId;
const pointsData = {
  thing1: '消费奖励',
  character_string2: '+120',
  number3: '1520',
  time4: '2025年5月1日 15:01',
  thing5: '积分可在会员中心兑换好礼',
};

async function failure(promise: Promise<unknown>): Promise<WechatApiError> {
  const error = await promise.catch((err: unknown) => err);
  expect(error).toBeInstanceOf(WechatApiError);
  return error as WechatApiError;
}

describe('WechatApiClient against the sandbox', () => {
  let sandbox: SandboxTestApp;
  let client: WechatApiClient;
  let openidSeq = 0;
  const newOpenid = () => `oTest_${Date.now().toString(36)}_${openidSeq++}`;

  beforeEach(async () => {
    sandbox = await startSandboxTestApp();
    client = sandbox.client;
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await sandbox.close();
  });

  async function loginCode(openid: string, unionid?: string): Promise<string> {
    const { status, body } = await sandbox.control('POST', '/sandbox/wx/login-code', { openid, unionid });
    expect(status).toBe(200);
    return body.code;
  }

  function countStableTokenCalls(): () => number {
    const spy = jest.spyOn(globalThis, 'fetch');
    return () => spy.mock.calls.filter(([url]) => String(url).includes('/cgi-bin/stable_token')).length;
  }

  it('resolves through Nest DI from WechatModule', () => {
    expect(sandbox.app.get(WechatApiClient)).toBeInstanceOf(WechatApiClient);
  });

  describe('code2Session', () => {
    it('exchanges a login code once, returning openid and unionid but never session_key', async () => {
      const openid = newOpenid();
      const code = await loginCode(openid, 'uTestUnion123');
      const session = await client.code2Session(code);
      expect(session).toEqual({ openid, unionid: 'uTestUnion123' });

      const reused = await failure(client.code2Session(code));
      expect(reused.code).toBe(ErrorCode.WECHAT_CODE_INVALID);
      expect(reused.errcode).toBe(40163);
      expect(reused.cause).toMatchObject({ api: 'jscode2session', errcode: 40163 });
      expect(reused.errmsg).toMatch(/code been used rid: [0-9a-f-]+/);
    });

    it('omits unionid when the user has none', async () => {
      const openid = newOpenid();
      expect(await client.code2Session(await loginCode(openid))).toEqual({ openid });
    });

    it('refuses a code older than 5 minutes (40029) once the clock moves', async () => {
      const code = await loginCode(newOpenid());
      await sandbox.control('POST', '/sandbox/clock', { offsetSeconds: 301 });
      const error = await failure(client.code2Session(code));
      expect([error.code, error.errcode]).toEqual([ErrorCode.WECHAT_CODE_INVALID, 40029]);
    });

    it('accepts a code just inside 5 minutes', async () => {
      const openid = newOpenid();
      const code = await loginCode(openid);
      sandbox.clock.advance(299);
      expect((await client.code2Session(code)).openid).toBe(openid);
    });

    it('maps an unknown code to WECHAT_CODE_INVALID (40029)', async () => {
      const error = await failure(client.code2Session('not-a-real-code'));
      expect([error.code, error.errcode, error.status]).toEqual([ErrorCode.WECHAT_CODE_INVALID, 40029, 400]);
    });

    it('maps a blocked user to WECHAT_USER_BLOCKED (40226)', async () => {
      const openid = newOpenid();
      const code = await loginCode(openid);
      expect((await sandbox.control('POST', `/sandbox/wx/users/${openid}/block`, { blocked: true })).status).toBe(200);
      const error = await failure(client.code2Session(code));
      expect([error.code, error.errcode, error.status]).toEqual([ErrorCode.WECHAT_USER_BLOCKED, 40226, 403]);
    });

    it.each([-1, 45011])('maps injected errcode %i to WECHAT_UNAVAILABLE and then recovers', async (errcode) => {
      await sandbox.control('POST', '/sandbox/wx/faults', { api: 'jscode2session', errcode, times: 1 });
      const openid = newOpenid();
      const error = await failure(client.code2Session(await loginCode(openid)));
      expect([error.code, error.errcode, error.transient, error.status]).toEqual([
        ErrorCode.WECHAT_UNAVAILABLE,
        errcode,
        true,
        502,
      ]);
      expect((await client.code2Session(await loginCode(openid))).openid).toBe(openid);
    });

    it('maps a timeout to WECHAT_UNAVAILABLE without errcode', async () => {
      const slow = new WechatApiClient(
        sandbox.config.with((c) => (c.wechat.timeoutMs = 100)),
        sandbox.clock,
      );
      await sandbox.control('POST', '/sandbox/wx/faults', { api: 'jscode2session', delayMs: 400 });
      const error = await failure(slow.code2Session('whatever'));
      expect([error.code, error.errcode]).toEqual([ErrorCode.WECHAT_UNAVAILABLE, null]);
      expect(error.errmsg).toMatch(/timed out/);
      await new Promise((resolve) => setTimeout(resolve, 400)); // let the held answer finish before close
    });

    it('maps a non-JSON answer and an unreachable host to WECHAT_UNAVAILABLE', async () => {
      await sandbox.control('POST', '/sandbox/wx/faults', { api: 'jscode2session', broken: true });
      const broken = await failure(client.code2Session('whatever'));
      expect([broken.code, broken.errcode, broken.errmsg]).toEqual([ErrorCode.WECHAT_UNAVAILABLE, null, 'HTTP 502']);

      const offline = new WechatApiClient(
        sandbox.config.with((c) => (c.wechat.apiBaseUrl = 'http://127.0.0.1:9/sandbox/wx/api')),
        sandbox.clock,
      );
      const error = await failure(offline.code2Session('whatever'));
      expect([error.code, error.errcode]).toEqual([ErrorCode.WECHAT_UNAVAILABLE, null]);
      expect(error.errmsg).toMatch(/network error/);
    });

    it('surfaces a wrong app secret as WECHAT_UNAVAILABLE (40125)', async () => {
      const wrong = new WechatApiClient(
        sandbox.config.with((c) => (c.wechat.appSecret = 'not-the-secret')),
        sandbox.clock,
      );
      const error = await failure(wrong.code2Session(await loginCode(newOpenid())));
      expect([error.code, error.errcode, error.transient]).toEqual([ErrorCode.WECHAT_UNAVAILABLE, 40125, false]);
    });
  });

  describe('getPhoneNumber', () => {
    it('returns the phone number once per code', async () => {
      const { body } = await sandbox.control('POST', '/sandbox/wx/phone-code', { phone: '13812345678' });
      expect(await client.getPhoneNumber(body.code)).toEqual({
        phoneNumber: '13812345678',
        purePhoneNumber: '13812345678',
        countryCode: '86',
      });
      const reused = await failure(client.getPhoneNumber(body.code));
      expect([reused.code, reused.errcode]).toEqual([ErrorCode.WECHAT_CODE_INVALID, 40163]);
    });

    it('does not accept a login code as a phone code', async () => {
      const error = await failure(client.getPhoneNumber(await loginCode(newOpenid())));
      expect(error.errcode).toBe(40029);
    });

    it('refuses a phone code minted for another mini-program (watermark.appid)', async () => {
      const { body } = await sandbox.control('POST', '/sandbox/wx/phone-code', { phone: '13812345678' });
      // Same sandbox, but this client believes it is another app whose secret the sandbox also accepts.
      const other = new WechatApiClient(
        sandbox.config.with((c) => (c.wechat.appId = 'wx0000000000000000')),
        sandbox.clock,
      );
      jest.spyOn(other, 'getAccessToken').mockResolvedValue(await client.getAccessToken());
      const error = await failure(other.getPhoneNumber(body.code));
      expect([error.code, error.errcode]).toEqual([ErrorCode.WECHAT_CODE_INVALID, null]);
    });
  });

  describe('access_token', () => {
    it('fetches one stable token for many concurrent and later calls', async () => {
      const stableCalls = countStableTokenCalls();
      const codes = [];
      for (let i = 0; i < 5; i++) {
        codes.push((await sandbox.control('POST', '/sandbox/wx/phone-code', { phone: `1391234567${i}` })).body.code);
      }
      const phones = await Promise.all(codes.map((code) => client.getPhoneNumber(code)));
      expect(phones.map((p) => p.purePhoneNumber)).toEqual(codes.map((_, i) => `1391234567${i}`));
      const tokens = await Promise.all([client.getAccessToken(), client.getAccessToken()]);
      expect(tokens[0]).toBe(tokens[1]);
      expect(tokens[0].length).toBeGreaterThan(100);
      expect(stableCalls()).toBe(1);
    });

    it('refreshes 5 minutes before expiry, by the injected clock', async () => {
      const stableCalls = countStableTokenCalls();
      const first = await client.getAccessToken();
      sandbox.clock.advance(7200 - 300 - 1);
      expect(await client.getAccessToken()).toBe(first);
      expect(stableCalls()).toBe(1);
      sandbox.clock.advance(2);
      const second = await client.getAccessToken();
      expect(stableCalls()).toBe(2);
      // Inside WeChat's 5-minute overlap a successor is issued while the old token still works.
      expect(second).not.toBe(first);
    });

    it('drops the token on 40001, refetches once and retries once', async () => {
      const stableCalls = countStableTokenCalls();
      const before = await client.getAccessToken();
      expect((await sandbox.control('POST', '/sandbox/wx/tokens/invalidate')).body.invalidated).toBeGreaterThan(0);
      const { body } = await sandbox.control('POST', '/sandbox/wx/phone-code', { phone: '13700000000' });
      expect((await client.getPhoneNumber(body.code)).purePhoneNumber).toBe('13700000000');
      expect(stableCalls()).toBe(2);
      expect(await client.getAccessToken()).not.toBe(before);
    });

    it('retries only once when the token keeps being refused', async () => {
      const stableCalls = countStableTokenCalls();
      await sandbox.control('POST', '/sandbox/wx/faults', { api: 'getuserphonenumber', errcode: 42001, times: 2 });
      const { body } = await sandbox.control('POST', '/sandbox/wx/phone-code', { phone: '13700000001' });
      const error = await failure(client.getPhoneNumber(body.code));
      expect([error.code, error.errcode]).toEqual([ErrorCode.WECHAT_UNAVAILABLE, 42001]);
      expect(stableCalls()).toBe(2);
    });

    it('maps a stable_token failure to WECHAT_UNAVAILABLE', async () => {
      await sandbox.control('POST', '/sandbox/wx/faults', { api: 'stable_token', errcode: -1 });
      const error = await failure(client.getAccessToken());
      expect([error.code, error.api, error.errcode]).toEqual([ErrorCode.WECHAT_UNAVAILABLE, 'stable_token', -1]);
      expect(await client.getAccessToken()).toBeTruthy();
    });
  });

  describe('sendSubscribeMessage', () => {
    let openid: string;
    beforeEach(async () => {
      openid = newOpenid();
      await loginCode(openid);
    });

    const send = (data: Record<string, string> = pointsData, page?: string) =>
      client.sendSubscribeMessage({ touser: openid, templateId: POINTS_CHANGED, page, data });

    it('answers 43101 without a grant, and uses exactly one grant per accept', async () => {
      const none = await failure(send());
      expect([none.errcode, none.transient]).toEqual([43101, false]);

      const { body } = await sandbox.control('POST', '/sandbox/wx/subscribe', {
        openid,
        templateIds: [POINTS_CHANGED],
        result: 'accept',
      });
      expect(body).toEqual({ errMsg: 'requestSubscribeMessage:ok', [POINTS_CHANGED]: 'accept' });
      await send(pointsData, 'pages/points/index?from=notice');
      expect((await failure(send())).errcode).toBe(43101);

      const messages = (await sandbox.control('GET', `/sandbox/wx/messages?openid=${openid}`)).body;
      expect(messages).toHaveLength(1);
      expect(messages[0]).toMatchObject({
        touser: openid,
        templateId: POINTS_CHANGED,
        title: '积分变动提醒',
        page: 'pages/points/index?from=notice',
        data: pointsData,
        miniprogramState: 'formal',
      });
      expect(messages[0].lines[0]).toBe('变动原因: 消费奖励');
    });

    it('refuses an invalid keyword value with 47003 and keeps the grant', async () => {
      await sandbox.control('POST', '/sandbox/wx/subscribe', {
        openid,
        templateIds: [POINTS_CHANGED],
        result: 'accept',
      });
      const tooLong = await failure(send({ ...pointsData, thing1: '这是一段超过二十个字符的变动原因说明文字内容' }));
      expect(tooLong.errcode).toBe(47003);
      expect(tooLong.errmsg).toMatch(/^argument invalid! data\.thing1\.value is invalid rid: /);
      const empty = await failure(send({ ...pointsData, number3: '' }));
      expect(empty.errmsg).toMatch(/data\.number3\.value is empty/);
      expect((await sandbox.control('GET', `/sandbox/wx/grants?openid=${openid}`)).body).toEqual([
        { templateId: POINTS_CHANGED, title: '积分变动提醒', remaining: 1 },
      ]);
      await send();
    });

    it('refetches the token after invalidation and still sends', async () => {
      await sandbox.control('POST', '/sandbox/wx/subscribe', {
        openid,
        templateIds: [POINTS_CHANGED],
        result: 'accept',
      });
      await client.getAccessToken();
      await sandbox.control('POST', '/sandbox/wx/tokens/invalidate');
      await send();
      expect((await sandbox.control('GET', `/sandbox/wx/messages?openid=${openid}`)).body).toHaveLength(1);
    });
  });

  describe('order shipping', () => {
    const upload = (transactionId: string) =>
      client.uploadShippingInfo({
        orderKey: { transactionId },
        logisticsType: 3,
        deliveryMode: 1,
        items: [{ itemDesc: '会员储值 ¥500.00' }],
        uploadTime: new Date(Date.UTC(2026, 11, 1, 2, 0, 0)),
        payerOpenid: 'oPayer',
      });

    it('sends the documented body (virtual goods, one item, Beijing time) and surfaces 10060004 as permanent', async () => {
      const spy = jest.spyOn(globalThis, 'fetch');
      const error = await failure(upload('4200000000000000000000000001'));
      expect([error.api, error.errcode, error.transient]).toEqual(['upload_shipping_info', 10060004, false]);
      const call = spy.mock.calls.find(([url]) => String(url).includes('/wxa/sec/order/upload_shipping_info'))!;
      expect(JSON.parse(String(call[1]!.body))).toEqual({
        order_key: { order_number_type: 2, transaction_id: '4200000000000000000000000001' },
        logistics_type: 3,
        delivery_mode: 1,
        shipping_list: [{ item_desc: '会员储值 ¥500.00' }],
        upload_time: '2026-12-01T10:00:00+08:00',
        payer: { openid: 'oPayer' },
      });
    });

    it('refetches a stale token once, then retries the upload', async () => {
      await upload('4200000000000000000000000002').catch(() => undefined);
      await sandbox.control('POST', '/sandbox/wx/tokens/invalidate');
      const calls = countStableTokenCalls();
      const error = await failure(upload('4200000000000000000000000002'));
      // 40001 on the first try, a fresh token, then WeChat's own answer about the payment.
      expect([error.errcode, calls()]).toEqual([10060004, 1]);
    });

    it('reports a busy WeChat as transient and an unknown payment on get_order as 10060001', async () => {
      await sandbox.control('POST', '/sandbox/wx/faults', { api: 'upload_shipping_info', errcode: -1, times: 1 });
      const busy = await failure(upload('4200000000000000000000000003'));
      expect([busy.errcode, busy.transient]).toEqual([-1, true]);
      const unknown = await failure(client.getShippingOrderState('4200000000000000000000000003'));
      expect([unknown.api, unknown.errcode]).toEqual(['get_order', 10060001]);
    });
  });
});
