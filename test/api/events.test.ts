import type { EventSignupResult } from '@member/shared';
import { DataSource } from 'typeorm';
import { loginAnalyst } from './wallet-support';
import { EventNoShowJob } from '../../server/src/modules/events/event-no-show.job';
import {
  cancelSignup,
  eventBody,
  expectEventInvariants,
  givePoints,
  pointsOf,
  publishedEvent,
  signUp,
} from './event-support';
import {
  bearer,
  loginMember,
  loginOperator,
  makeStaff,
  startTestServer,
  waitForOutbox,
  type TestServer,
} from './support';

const HOUR = 3_600_000;

describe('member events: operators, sign-up, waitlist, fees, no-shows', () => {
  let s: TestServer;
  let admin: string;
  let storeId: number;
  beforeAll(async () => {
    s = await startTestServer();
    admin = await loginOperator(s);
    storeId = (await makeStaff(s, admin)).store.id;
  });
  afterEach(() => s.clock.reset());
  afterAll(async () => {
    await expectEventInvariants(s);
    await s.close();
  });

  const member = async (points = 0) => {
    const m = await loginMember(s);
    if (points) await givePoints(s, m.member.id, points);
    // Balances are asserted relative to what the member holds here (the sign-up bonus included).
    return { token: m.token, id: m.member.id as number, start: await pointsOf(s, m.member.id) };
  };

  it('drafts are invisible, publishing checks the terms, edits are version-checked', async () => {
    const draft = (await s.http.post('/api/v1/admin/events').set(bearer(admin)).send(eventBody(s, storeId)).expect(201))
      .body;
    expect(draft).toMatchObject({ status: 'DRAFT', seatsTaken: 0, version: 0, store: { id: storeId } });
    const m = await member();
    expect((await s.http.get(`/api/v1/events/${draft.id}`).set(bearer(m.token)).expect(404)).body.code).toBe(
      'EVENT_NOT_FOUND',
    );
    expect((await signUp(s, m.token, draft.id).expect(404)).body.code).toBe('EVENT_NOT_FOUND');
    // Times out of order, or a fee that does not match its kind: 400 EVENT_INVALID in zh-CN.
    const bad = eventBody(s, storeId, { signupEndsAt: eventBody(s, storeId).endsAt });
    const invalid = await s.http.post('/api/v1/admin/events').set(bearer(admin)).send(bad).expect(400);
    expect(invalid.body).toMatchObject({ code: 'EVENT_INVALID', message: '报名截止不能晚于活动开始' });
    await s.http
      .post('/api/v1/admin/events')
      .set(bearer(admin))
      .send(eventBody(s, storeId, { feeKind: 'POINTS', feePoints: 0 }))
      .expect(400);
    // A cash fee is published like any (paid through WeChat Pay: test/api/events-cash.test.ts).
    const cash = (
      await s.http
        .post('/api/v1/admin/events')
        .set(bearer(admin))
        .send(eventBody(s, storeId, { feeKind: 'CASH', feeFen: 5000 }))
        .expect(201)
    ).body;
    await s.http.post(`/api/v1/admin/events/${cash.id}/publish`).set(bearer(admin)).send({ version: 0 }).expect(200);
    // Edits carry the version edited.
    const edited = await s.http
      .put(`/api/v1/admin/events/${draft.id}`)
      .set(bearer(admin))
      .send({ ...eventBody(s, storeId, { title: '改过的名字' }), version: 0 })
      .expect(200);
    expect(edited.body).toMatchObject({ title: '改过的名字', version: 1 });
    const stale = await s.http
      .put(`/api/v1/admin/events/${draft.id}`)
      .set(bearer(admin))
      .send({ ...eventBody(s, storeId), version: 0 })
      .expect(409);
    expect(stale.body.code).toBe('EVENT_VERSION_CONFLICT');
    await s.http.post(`/api/v1/admin/events/${draft.id}/publish`).set(bearer(admin)).send({ version: 1 }).expect(200);
    const listed = (await s.http.get('/api/v1/events').query({ storeId }).set(bearer(m.token)).expect(200)).body;
    expect(listed.items.map((e: { id: number }) => e.id)).toContain(draft.id);
  });

  it('keeps the sign-up window, the tiers and the companions limit', async () => {
    const now = s.clock.nowMs();
    const later = await publishedEvent(
      s,
      admin,
      eventBody(s, storeId, { signupStartsAt: new Date(now + HOUR).toISOString() }),
    );
    const gold = await publishedEvent(s, admin, eventBody(s, storeId, { tierCodes: ['GOLD'] }));
    const open = await publishedEvent(s, admin, eventBody(s, storeId, { maxCompanions: 1 }));
    const m = await member();
    expect((await signUp(s, m.token, later.id).expect(409)).body.code).toBe('EVENT_SIGNUP_NOT_STARTED');
    expect((await signUp(s, m.token, gold.id).expect(403)).body.code).toBe('EVENT_NOT_ELIGIBLE');
    const goldView = (await s.http.get(`/api/v1/events/${gold.id}`).set(bearer(m.token)).expect(200)).body;
    expect(goldView.signupBlock).toBe('NOT_ELIGIBLE');
    expect((await signUp(s, m.token, open.id, { companions: 2 }).expect(400)).body.code).toBe(
      'EVENT_COMPANIONS_EXCEEDED',
    );
    const first = await signUp(s, m.token, open.id, { companions: 1, requestId: 'same-key-1' }).expect(201);
    expect(first.body.signup).toMatchObject({ status: 'CONFIRMED', partySize: 2, waitlistPosition: null });
    expect(first.body.signup.ticketQr).toBe(`EVT:${first.body.signup.ticketCode}`);
    // A retry answers the first sign-up; another request is "already signed up".
    const again = await signUp(s, m.token, open.id, { companions: 1, requestId: 'same-key-1' }).expect(201);
    expect(again.body).toEqual({ ...first.body, replayed: true });
    expect((await signUp(s, m.token, open.id).expect(409)).body.code).toBe('EVENT_ALREADY_SIGNED_UP');
    expect((await signUp(s, m.token, open.id, { companions: 0, requestId: 'same-key-1' }).expect(409)).body.code).toBe(
      'IDEMPOTENCY_KEY_REUSED',
    );
    // Sign-up closes at its end.
    s.clock.setNow(new Date(Date.parse(open.signupEndsAt) + 1000));
    const late = await member();
    expect((await signUp(s, late.token, open.id).expect(409)).body.code).toBe('EVENT_CLOSED');
    s.clock.reset();
    // A closed event takes no sign-ups either, but its tickets stay.
    await s.http
      .post(`/api/v1/admin/events/${open.id}/close`)
      .set(bearer(admin))
      .send({ version: open.version })
      .expect(200);
    expect((await signUp(s, late.token, open.id).expect(409)).body.code).toBe('EVENT_CLOSED');
    const mine = (await s.http.get('/api/v1/me/events').set(bearer(m.token)).expect(200)).body;
    expect(mine.items[0]).toMatchObject({ event: { id: open.id, status: 'CLOSED' }, signup: { status: 'CONFIRMED' } });
  });

  it('a cancellation promotes the first waiting party that fits; a larger party keeps its place', async () => {
    const e = await publishedEvent(s, admin, eventBody(s, storeId, { capacity: 4, maxCompanions: 2 }));
    const [a, b, c, d, f] = await Promise.all([member(), member(), member(), member(), member()]);
    const go = async (m: { token: string }, companions: number) =>
      (await signUp(s, m.token, e.id, { companions }).expect(201)).body as EventSignupResult;
    expect((await go(a, 1)).signup.status).toBe('CONFIRMED');
    expect((await go(b, 1)).signup.status).toBe('CONFIRMED');
    const cw = await go(c, 2);
    const dw = await go(d, 0);
    const fw = await go(f, 1);
    expect([cw, dw, fw].map((r) => [r.signup.status, r.signup.waitlistPosition])).toEqual([
      ['WAITLISTED', 1],
      ['WAITLISTED', 2],
      ['WAITLISTED', 3],
    ]);
    // a frees 2 seats: c (3 people) does not fit, d (1) does, f (2) then does not.
    const cancelled = await cancelSignup(s, a.token, e.id).expect(200);
    expect(cancelled.body.signup).toMatchObject({ status: 'CANCELLED', endReason: '会员取消' });
    const view = async (m: { token: string }) =>
      (await s.http.get(`/api/v1/events/${e.id}`).set(bearer(m.token)).expect(200)).body;
    expect((await view(d)).mySignup).toMatchObject({ status: 'CONFIRMED', waitlistPosition: null });
    expect((await view(c)).mySignup).toMatchObject({ status: 'WAITLISTED', waitlistPosition: 1 });
    expect((await view(f)).mySignup).toMatchObject({ status: 'WAITLISTED', waitlistPosition: 2 });
    // b frees 2 more (3 free): c goes in, f (2) no longer fits.
    await cancelSignup(s, b.token, e.id).expect(200);
    expect((await view(c)).mySignup.status).toBe('CONFIRMED');
    expect((await view(f)).mySignup).toMatchObject({ status: 'WAITLISTED', waitlistPosition: 1 });
    const counters = (await s.http.get(`/api/v1/admin/events/${e.id}/counters`).set(bearer(admin)).expect(200)).body;
    expect(counters).toMatchObject({ seatsTaken: 4, seatsLeft: 0, signedUpParties: 2, waitlistParties: 1 });
    // Each promotion planned a notice, recorded once by the outbox handler.
    await waitForOutbox(s);
    const notices = await s.app
      .get(DataSource)
      .query("SELECT member_id FROM event_notice WHERE event_id = ? AND kind = 'PROMOTED' ORDER BY id", [e.id]);
    expect(notices.map((n: { member_id: number }) => Number(n.member_id))).toEqual([d.id, c.id]);
    const list = (
      await s.http
        .get(`/api/v1/admin/events/${e.id}/signups`)
        .query({ status: 'WAITLISTED' })
        .set(bearer(admin))
        .expect(200)
    ).body;
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ waitlistSeq: 3, waitlistPosition: 1 });
  });

  it('takes the points fee at confirmation, gives it back on cancellation, skips a short waiting member', async () => {
    const e = await publishedEvent(
      s,
      admin,
      eventBody(s, storeId, { capacity: 2, feeKind: 'POINTS', feePoints: 500, maxCompanions: 1 }),
    );
    const rich = await member(1000);
    const poor = await member();
    const next = await member(600);
    expect(poor.start).toBeLessThan(500);
    const paid = (await signUp(s, rich.token, e.id, { companions: 1 }).expect(201)).body;
    expect(paid).toMatchObject({ signup: { status: 'CONFIRMED', feePoints: 1000 }, pointsBalance: rich.start - 1000 });
    expect(await pointsOf(s, rich.id)).toBe(rich.start - 1000);
    // Waiting costs nothing: the fee is charged at promotion.
    expect((await signUp(s, poor.token, e.id).expect(201)).body.signup.status).toBe('WAITLISTED');
    expect((await signUp(s, next.token, e.id).expect(201)).body.signup.status).toBe('WAITLISTED');
    const back = (await cancelSignup(s, rich.token, e.id).expect(200)).body;
    expect(back).toMatchObject({ signup: { status: 'CANCELLED', feeRefunded: true }, pointsBalance: rich.start });
    expect(await pointsOf(s, rich.id)).toBe(rich.start);
    // poor could not pay 500: skipped with the reason shown, still first in line; next was promoted and paid.
    const poorView = (await s.http.get(`/api/v1/events/${e.id}`).set(bearer(poor.token)).expect(200)).body;
    expect(poorView.mySignup).toMatchObject({ status: 'WAITLISTED', waitlistPosition: 1 });
    expect(poorView.mySignup.skipNote).toContain('积分不足');
    expect(await pointsOf(s, next.id)).toBe(next.start - 500);
    expect(await pointsOf(s, poor.id)).toBe(poor.start);
    // A member who cannot pay for a free seat is told so at once.
    const e2 = await publishedEvent(s, admin, eventBody(s, storeId, { feeKind: 'POINTS', feePoints: 500 }));
    expect((await signUp(s, poor.token, e2.id).expect(409)).body.code).toBe('EVENT_NOT_ENOUGH_POINTS');
    // After the deadline a seat holder can no longer cancel.
    s.clock.setNow(new Date(Date.parse(e.cancelDeadline) + 1000));
    expect((await cancelSignup(s, next.token, e.id).expect(409)).body.code).toBe('EVENT_CANCEL_DEADLINE_PASSED');
  });

  it('counts no-shows once after each event; at the limit members can only join waitlists', async () => {
    const m = await member();
    const events = [];
    for (let i = 0; i < 3; i++) {
      const e = await publishedEvent(s, admin, eventBody(s, storeId));
      await signUp(s, m.token, e.id).expect(201);
      events.push(e);
    }
    s.clock.setNow(new Date(Date.parse(events[0].endsAt) + 60_000));
    const job = s.app.get(EventNoShowJob);
    const first = await job.sweep();
    expect(first.restricted).toBeGreaterThanOrEqual(1);
    expect(first.noShows).toBeGreaterThanOrEqual(3);
    // Claimed once: a second run finds nothing of these events.
    const ds = s.app.get(DataSource);
    const marked = await ds.query(
      `SELECT status FROM event_signup WHERE member_id = ? AND event_id IN (${events.map((e) => e.id).join(',')})`,
      [m.id],
    );
    expect(marked.map((r: { status: string }) => r.status)).toEqual(['NO_SHOW', 'NO_SHOW', 'NO_SHOW']);
    const again = await job.sweep();
    expect(again.events).toBe(0);
    const e4 = await publishedEvent(s, admin, eventBody(s, storeId));
    const detail = (await s.http.get(`/api/v1/events/${e4.id}`).set(bearer(m.token)).expect(200)).body;
    expect(detail.waitlistOnly).toBe(true);
    expect(detail.noShowRule).toContain('90 天内累计 3 次');
    expect((await signUp(s, m.token, e4.id).expect(409)).body.code).toBe('EVENT_WAITLIST_ONLY');
    const waiting = (await signUp(s, m.token, e4.id, { waitlist: true }).expect(201)).body;
    expect(waiting.signup).toMatchObject({ status: 'WAITLISTED', waitlistPosition: 1 });
    const past = (await s.http.get('/api/v1/me/events').query({ tab: 'PAST' }).set(bearer(m.token)).expect(200)).body;
    expect(past.items.map((i: { signup: { endReason: string } }) => i.signup.endReason)).toEqual(
      Array(3).fill('报名未到场'),
    );
  });

  it('lists sign-ups as rows with CSV for operators, totals only for analysts, own store for managers', async () => {
    const e = await publishedEvent(s, admin, eventBody(s, storeId, { capacity: 1 }));
    const [a, b] = [await member(), await member()];
    await signUp(s, a.token, e.id).expect(201);
    await signUp(s, b.token, e.id).expect(201);
    const rows = (await s.http.get(`/api/v1/admin/events/${e.id}/signups`).set(bearer(admin)).expect(200)).body;
    expect(rows.items.map((r: { status: string }) => r.status)).toEqual(['CONFIRMED', 'WAITLISTED']);
    const csv = await s.http.get(`/api/v1/admin/events/${e.id}/signups.csv`).set(bearer(admin)).expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.text.split('\r\n')[0]).toContain('会员号,会员昵称,状态');
    expect(csv.text).toContain('候补中');
    const analyst = await loginAnalyst(s, admin, 'evan');
    const totals = (await s.http.get(`/api/v1/admin/events/${e.id}/signups`).set(bearer(analyst)).expect(200)).body;
    expect(totals).toMatchObject({ items: [], total: 2 });
    await s.http.get(`/api/v1/admin/events/${e.id}/signups.csv`).set(bearer(analyst)).expect(403);
    await s.http.post('/api/v1/admin/events').set(bearer(analyst)).send(eventBody(s, storeId)).expect(403);
    // A manager of another store: the event is not theirs (404, like an unknown id), and not in their list.
    const other = (await makeStaff(s, admin)).store.id;
    const username = `evmgr${Date.now().toString(36)}`;
    const password = 'Mgr-Passw0rd!' + username;
    await s.http
      .post('/api/v1/admin/operators')
      .set(bearer(admin))
      .send({ username, password, displayName: username, role: 'store_manager', storeId: other })
      .expect(201);
    const manager = await loginOperator(s, { username, password });
    await s.http.get(`/api/v1/admin/events/${e.id}`).set(bearer(manager)).expect(404);
    await s.http.get(`/api/v1/admin/events/${e.id}/signups`).set(bearer(manager)).expect(404);
    const theirs = (await s.http.get('/api/v1/admin/events').set(bearer(manager)).expect(200)).body;
    expect(theirs.items).toEqual([]);
  });

  it('cancelling an event gives every fee back once and tells everyone', async () => {
    const e = await publishedEvent(s, admin, eventBody(s, storeId, { capacity: 1, feeKind: 'POINTS', feePoints: 30 }));
    const a = await member(100);
    const b = await member(100);
    await signUp(s, a.token, e.id).expect(201);
    await signUp(s, b.token, e.id).expect(201);
    expect(await pointsOf(s, a.id)).toBe(a.start - 30);
    const res = await s.http
      .post(`/api/v1/admin/events/${e.id}/cancel`)
      .set(bearer(admin))
      .send({ version: e.version, reason: '场地临时维修' })
      .expect(200);
    expect(res.body).toMatchObject({ status: 'CANCELLED', cancelReason: '场地临时维修', seatsTaken: 0 });
    expect(await pointsOf(s, a.id)).toBe(a.start);
    const view = (await s.http.get(`/api/v1/events/${e.id}`).set(bearer(a.token)).expect(200)).body;
    expect(view.mySignup).toBeNull();
    const mine = (await s.http.get('/api/v1/me/events').query({ tab: 'CANCELLED' }).set(bearer(a.token)).expect(200))
      .body;
    expect(mine.items[0].signup).toMatchObject({ status: 'CANCELLED', endReason: '活动取消', feeRefunded: true });
    // A second cancel is refused; nothing is refunded twice.
    await s.http
      .post(`/api/v1/admin/events/${e.id}/cancel`)
      .set(bearer(admin))
      .send({ version: res.body.version, reason: '再取消一次' })
      .expect(409);
    expect(await pointsOf(s, a.id)).toBe(a.start);
    await waitForOutbox(s);
    const [{ k }] = await s.app
      .get(DataSource)
      .query("SELECT COUNT(*) AS k FROM event_notice WHERE event_id = ? AND kind = 'EVENT_CANCELLED'", [e.id]);
    expect(Number(k)).toBe(2);
    const audit = (
      await s.http.get('/api/v1/admin/audit-logs').query({ action: 'event.cancelled' }).set(bearer(admin)).expect(200)
    ).body;
    expect(audit.items.length).toBeGreaterThanOrEqual(1);
  });
});
