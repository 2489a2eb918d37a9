import request from 'supertest';
import { startApp } from '../../server/src/app.factory';
import { AppConfig } from '../../server/src/config/app-config';
import type { AppConfigShape } from '../../server/src/config/config.schema';
import { loadConfig } from '../../server/src/config/load-config';
import { memberCodeCheckDigits } from '../../server/src/modules/members/member-codes.service';
import { ADMIN } from '../fixtures/test-server';
import { createTestDatabase } from '../fixtures/test-database';
import { cardCode, checkoutId } from './checkout-support';
import { activeTemplate, claim } from './coupon-support';
import { bearer, loginMember, loginOperator, makeStaff, randomOpenid, type TestServer } from './support';

/** The whole server with some settings replaced (small limits, so a test reaches them in a few calls). */
async function startWith(patch: (c: AppConfigShape) => void): Promise<TestServer> {
  const db = await createTestDatabase();
  const config = new AppConfig(
    loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: db.url,
      DATA_DIR: db.dataDir,
      OPERATOR_BOOTSTRAP_USERNAME: ADMIN.username,
      OPERATOR_BOOTSTRAP_PASSWORD: ADMIN.password,
    }),
  ).with(patch);
  const started = await startApp(config, { logger: process.env.TEST_SERVER_LOG ? ['error', 'warn'] : false });
  return Object.assign(started, {
    config,
    db,
    http: request(started.url),
    close: async () => {
      await started.app.close();
      await db.drop();
    },
  });
}

/** A 429 as every throttle answers it: RATE_LIMITED, a zh-CN message naming the wait, and Retry-After. */
function expectThrottled(res: request.Response, maxWaitSeconds: number): number {
  expect(res.status).toBe(429);
  expect(res.body).toEqual({ code: 'RATE_LIMITED', message: expect.stringMatching(/请 \d+ (秒|分钟)后再试/) });
  const wait = Number(res.headers['retry-after']);
  expect(Number.isInteger(wait)).toBe(true);
  expect(wait).toBeGreaterThan(0);
  expect(wait).toBeLessThanOrEqual(maxWaitSeconds);
  return wait;
}

describe('throttling and oracles', () => {
  let s: TestServer;
  let admin: string;

  beforeAll(async () => {
    s = await startWith((c) => {
      c.rateLimits.memberCodeMint = { limit: 3, windowSeconds: 60 };
      c.rateLimits.staffLookup = { limit: 4, windowSeconds: 120 };
      c.rateLimits.staffQuote = { limit: 3, windowSeconds: 300 };
      c.rateLimits.couponGift = { limit: 3, windowSeconds: 600 };
    });
    admin = await loginOperator(s);
  });
  afterAll(() => s.close());
  afterEach(() => s.clock.reset());

  it('limits card-code minting per member', async () => {
    const a = await loginMember(s);
    const b = await loginMember(s);
    for (let i = 0; i < 3; i++) await cardCode(s, a.token);
    const wait = expectThrottled(await s.http.get('/api/v1/me/card').set(bearer(a.token)), 60);
    await cardCode(s, b.token); // another member has their own allowance
    s.clock.advance(wait);
    await cardCode(s, a.token);
  });

  it('limits member lookups per member of staff, scans and lookups together', async () => {
    const clerk = await makeStaff(s, admin);
    const other = await makeStaff(s, admin);
    const member = await loginMember(s);
    const lookup = (token: string, code: string) =>
      s.http.post('/api/v1/staff/member-lookup').set(bearer(token)).send({ code });
    // Minting is limited too: each member of this test mints within their own allowance.
    const code = await cardCode(s, member.token);
    await lookup(clerk.staffToken, code).expect(200);
    await lookup(clerk.staffToken, code).expect(200);
    await s.http.post('/api/v1/staff/checkouts').set(bearer(clerk.staffToken)).send({ memberCode: code }).expect(201);
    await lookup(clerk.staffToken, '660000000000000000').expect(404);
    expectThrottled(await lookup(clerk.staffToken, code), 120);
    const scanner = await loginMember(s);
    expectThrottled(
      await s.http
        .post('/api/v1/staff/checkouts')
        .set(bearer(clerk.staffToken))
        .send({ memberCode: await cardCode(s, scanner.token) }),
      120,
    );
    const fresh = await loginMember(s);
    await lookup(other.staffToken, await cardCode(s, fresh.token)).expect(200);
  });

  it('limits quotes per member of staff and audits each quote like a lookup', async () => {
    const clerk = await makeStaff(s, admin);
    const member = await loginMember(s);
    const id = await checkoutId(s, clerk.staffToken, member.token);
    const quote = () =>
      s.http
        .post('/api/v1/staff/purchases/quote')
        .set(bearer(clerk.staffToken))
        .send({ checkoutId: id, amountFen: 1000 });
    for (let i = 0; i < 3; i++) await quote().expect(200);
    expectThrottled(await quote(), 300);

    const audit = await s.http
      .get('/api/v1/admin/audit-logs')
      .query({ action: 'staff.member_quote', targetType: 'member', targetId: String(member.member.id) })
      .set(bearer(admin))
      .expect(200);
    expect(audit.body.total).toBe(3);
    expect(audit.body.items[0]).toMatchObject({
      actorType: 'staff',
      storeId: clerk.store.id,
      after: { memberNo: member.member.memberNo, checkoutId: id },
    });
  });

  it('limits gift links opened or accepted per member (the token is the secret)', async () => {
    const template = await activeTemplate(s, admin);
    const giver = await loginMember(s);
    const coupon = (await claim(s, giver.token, template.id)).body;
    const link = (await s.http.post(`/api/v1/me/coupons/${coupon.id}/gift`).set(bearer(giver.token)).expect(201)).body;
    const guesser = await loginMember(s);
    for (let i = 0; i < 3; i++)
      await s.http
        .get(`/api/v1/coupon-gifts/${'A'.repeat(23)}${i}`)
        .set(bearer(guesser.token))
        .expect(404);
    expectThrottled(await s.http.post(`/api/v1/coupon-gifts/${link.token}/accept`).set(bearer(guesser.token)), 600);
    // Another member has their own allowance: the real link still works for a friend.
    const friend = await loginMember(s);
    await s.http.get(`/api/v1/coupon-gifts/${link.token}`).set(bearer(friend.token)).expect(200);
    await s.http.post(`/api/v1/coupon-gifts/${link.token}/accept`).set(bearer(friend.token)).expect(200);
  });

  it('answers forged and unknown member codes alike, so check digits cannot be probed', async () => {
    const { staffToken } = await makeStaff(s, admin);
    const m = await loginMember(s);
    const code = await cardCode(s, m.token);
    const forged = code.slice(0, 17) + String((Number(code[17]) + 1) % 10);
    const body = '66' + '000000000002';
    const unknown = body + memberCodeCheckDigits(Buffer.from(s.config.security.hashKey, 'base64'), body);
    const answers = [];
    for (const c of [forged, unknown, '12345']) {
      const res = await s.http.post('/api/v1/staff/member-lookup').set(bearer(staffToken)).send({ code: c });
      answers.push({ status: res.status, body: res.body });
    }
    expect(answers[0]).toEqual({ status: 404, body: { code: 'MEMBER_CODE_UNKNOWN', message: expect.any(String) } });
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    const scan = await s.http.post('/api/v1/staff/checkouts').set(bearer(staffToken)).send({ memberCode: forged });
    expect({ status: scan.status, body: scan.body }).toEqual(answers[0]);
  });
});

// Per-address throttles get a server of their own: the helpers above all speak from the loopback address.
describe('per-address throttles', () => {
  let s: TestServer;
  let admin: string;
  let ipSeq = 0;
  const freshIp = () => `192.0.2.${++ipSeq}`;

  beforeAll(async () => {
    s = await startWith((c) => {
      c.rateLimits.inviteRedeem = { limit: 3, windowSeconds: 3600 };
      c.rateLimits.memberLogin = { limit: 3, windowSeconds: 60 };
      c.rateLimits.operatorLoginIp = { limit: 4, windowSeconds: 900 };
    });
    admin = await loginOperator(s);
  });
  afterAll(() => s.close());

  it('limits invite redemption per client address', async () => {
    const ip = freshIp();
    const guesser = await loginMember(s);
    const redeem = (code: string, from = ip, token = guesser.token) =>
      s.http
        .post('/api/v1/staff/invites/redeem')
        .set('X-Forwarded-For', from)
        .set(bearer(token))
        .send({ inviteCode: code });
    for (const guess of ['AAAAAAAA', 'BBBBBBBB', 'CCCCCCCC']) await redeem(guess).expect(404);
    const store = (
      await s.http.post('/api/v1/admin/stores').set(bearer(admin)).send({ name: '邀请门店', code: 'INV01' }).expect(201)
    ).body;
    const invite = (
      await s.http
        .post('/api/v1/admin/staff-invites')
        .set(bearer(admin))
        .send({ storeId: store.id, role: 'clerk' })
        .expect(201)
    ).body;
    // Even the right code waits now: the address has used its tries.
    expectThrottled(await redeem(invite.inviteCode), 3600);
    await redeem(invite.inviteCode, freshIp()).expect(200);
  });

  it('limits member WeChat logins per client address', async () => {
    const ip = freshIp();
    const wechatLogin = async (from: string) => {
      const { body } = await s.http.post('/sandbox/wx/login-code').send({ openid: randomOpenid() });
      return s.http.post('/api/v1/auth/wechat/login').set('X-Forwarded-For', from).send({ code: body.code });
    };
    for (let i = 0; i < 3; i++) expect((await wechatLogin(ip)).status).toBe(200);
    expectThrottled(await wechatLogin(ip), 60);
    expect((await wechatLogin(freshIp())).status).toBe(200);
  });

  it('limits operator logins per client address', async () => {
    const ip = freshIp();
    const login = (username: string, password: string, from = ip) =>
      s.http.post('/api/v1/admin/auth/login').set('X-Forwarded-For', from).send({ username, password });
    for (let i = 0; i < 4; i++) await login(`spray${i}`, 'guess').expect(401);
    expectThrottled(await login(ADMIN.username, ADMIN.password), 900);
    await login(ADMIN.username, ADMIN.password, freshIp()).expect(200);
  });
});
