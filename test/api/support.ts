import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { OutboxRegistry } from '../../server/src/outbox/outbox-registry';
import { OutboxRepository } from '../../server/src/outbox/outbox.repository';
import { ADMIN, startTestServer as startServer, type TestServer as BaseServer } from '../fixtures/test-server';

export { ADMIN };

export interface TestServer extends BaseServer {
  http: ReturnType<typeof request>;
}

/** The whole server plus a supertest agent bound to it. */
export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const server = await startServer(env);
  return Object.assign(server, { http: request(server.url) });
}

export const randomOpenid = () => 'o' + randomBytes(20).toString('base64url').slice(0, 27);

/**
 * Logs a member in through the sandbox. By default they also accept the current privacy policy, as the
 * mini-program's consent sheet does before the card works; `{ consent: false }` leaves them undecided.
 */
export async function loginMember(s: TestServer, openid = randomOpenid(), opts: { consent?: boolean } = {}) {
  const { body: mint } = await s.http.post('/sandbox/wx/login-code').send({ openid }).expect(200);
  const res = await s.http.post('/api/v1/auth/wechat/login').send({ code: mint.code }).expect(200);
  // The sign-up bonus arrives through the outbox: wait for it, as a member's next screen would.
  if (res.body.created) await waitForOutbox(s);
  let member = res.body.member;
  if (opts.consent !== false && member.privacyVersion !== member.currentPrivacyVersion) {
    member = (
      await s.http
        .post('/api/v1/me/privacy-consent')
        .set(bearer(res.body.token))
        .send({ version: member.currentPrivacyVersion })
        .expect(200)
    ).body;
  }
  return { openid, token: res.body.token as string, member };
}

/**
 * Waits until the server's outbox worker has nothing due or in hand (registered kinds only: rows of other
 * kinds wait by design). With the worker off (OUTBOX_ENABLED=false) it drains through the sandbox.
 */
export async function waitForOutbox(s: TestServer, timeoutMs = 10_000): Promise<void> {
  if (!s.config.outbox.enabled) {
    await s.http.post('/sandbox/outbox/drain').expect(200);
    return;
  }
  const kinds = s.app.get(OutboxRegistry).kinds();
  const deadline = Date.now() + timeoutMs;
  while ((await s.app.get(OutboxRepository).openWork(kinds, s.clock.now())) > 0) {
    if (Date.now() > deadline) throw new Error(`outbox not drained within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export async function loginOperator(s: TestServer, creds = ADMIN): Promise<string> {
  const res = await s.http.post('/api/v1/admin/auth/login').send(creds).expect(200);
  return res.body.token;
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** A store, an invite, and a member who redeemed it; returns the staff token. */
export async function makeStaff(s: TestServer, adminToken: string, storeCode = 'S' + randomBytes(3).toString('hex')) {
  const store = (
    await s.http
      .post('/api/v1/admin/stores')
      .set(bearer(adminToken))
      .send({ name: `门店${storeCode}`, code: storeCode })
      .expect(201)
  ).body;
  const invite = (
    await s.http
      .post('/api/v1/admin/staff-invites')
      .set(bearer(adminToken))
      .send({ storeId: store.id, role: 'clerk' })
      .expect(201)
  ).body;
  const clerk = await loginMember(s);
  const session = (
    await s.http
      .post('/api/v1/staff/invites/redeem')
      .set(bearer(clerk.token))
      .send({ inviteCode: invite.inviteCode })
      .expect(200)
  ).body;
  return { store, invite, clerk, staffToken: session.token as string, staff: session.staff };
}
