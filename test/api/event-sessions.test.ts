import type { EventAdmin, EventDetail, EventInput, EventSessionInput } from '@member/shared';
import { DataSource } from 'typeorm';
import { EventNoShowJob } from '../../server/src/modules/events/event-no-show.job';
import { EventNoticesJob } from '../../server/src/modules/events/event-notices.job';
import { cardCode } from './checkout-support';
import {
  checkIn,
  eventBody,
  expectEventInvariants,
  givePoints,
  pointsOf,
  publishedEvent,
  rid,
  signUp,
} from './event-support';
import { bearer, loginMember, loginOperator, makeStaff, startTestServer, type TestServer } from './support';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();

// Recurring events (场次): each session has its own time, capacity, seat counter and waitlist; a member signs up
// once per session and may take several; deadlines, reminders, check-in and no-shows follow the session.
describe('member events with sessions', () => {
  let s: TestServer;
  let admin: string;
  let here: Awaited<ReturnType<typeof makeStaff>>;
  beforeAll(async () => {
    s = await startTestServer();
    admin = await loginOperator(s);
    here = await makeStaff(s, admin);
  });
  afterEach(() => s.clock.reset());
  afterAll(async () => {
    await expectEventInvariants(s);
    await s.close();
  });

  /** Sessions two hours long, `firstIn` from now then every `every`; sign-up open until the last one starts. */
  const weekly = (n: number, capacity: number, firstIn = 2 * DAY, every = 7 * DAY): EventSessionInput[] =>
    Array.from({ length: n }, (_, i) => {
      const start = s.clock.nowMs() + firstIn + i * every;
      return { startsAt: iso(start), endsAt: iso(start + 2 * HOUR), capacity };
    });

  const sessionEvent = (sessions: EventSessionInput[], over: Partial<EventInput> = {}): EventInput => {
    const first = Math.min(...sessions.map((x) => Date.parse(x.startsAt)));
    const last = Math.max(...sessions.map((x) => Date.parse(x.startsAt)));
    return eventBody(s, here.store.id, {
      title: '周六瑜伽课',
      maxCompanions: 1,
      signupEndsAt: iso(last),
      cancelDeadline: iso(first - DAY),
      sessions,
      ...over,
    });
  };

  const detail = async (token: string, id: number) =>
    (await s.http.get(`/api/v1/events/${id}`).set(bearer(token)).expect(200)).body as EventDetail;
  const cancelIn = (token: string, eventId: number, sessionId?: number) =>
    s.http
      .post(`/api/v1/me/events/${eventId}/signups/cancel`)
      .set(bearer(token))
      .send({ requestId: rid('C'), ...(sessionId ? { sessionId } : {}) });
  const adminEvent = async (id: number) =>
    (await s.http.get(`/api/v1/admin/events/${id}`).set(bearer(admin)).expect(200)).body as EventAdmin;
  const edit = (e: EventAdmin, over: Partial<EventInput>) =>
    s.http
      .put(`/api/v1/admin/events/${e.id}`)
      .set(bearer(admin))
      .send({ ...inputOf(e), ...over, version: e.version });
  const inputOf = (e: EventAdmin): EventInput => ({
    title: e.title,
    posterIds: e.posterIds,
    description: e.description,
    storeId: e.storeId,
    address: e.address,
    startsAt: e.startsAt,
    endsAt: e.endsAt,
    signupStartsAt: e.signupStartsAt,
    signupEndsAt: e.signupEndsAt,
    capacity: e.capacity,
    tierCodes: e.tierCodes,
    feeKind: e.feeKind,
    feePoints: e.feePoints,
    feeFen: e.feeFen,
    maxCompanions: e.maxCompanions,
    cancelDeadline: e.cancelDeadline,
    rewardPoints: e.rewardPoints,
    rewardCouponTemplateId: e.rewardCouponTemplateId,
    sessions: e.sessions.map((x) => ({ id: x.id, startsAt: x.startsAt, endsAt: x.endsAt, capacity: x.capacity })),
  });

  it('operators enter sessions: ordered, the event spans them, deadlines per session, guarded edits', async () => {
    const [a, b, c] = weekly(3, 8);
    // Entered out of order: kept in time order, the event's start and end are the first start and last end.
    const created = (
      await s.http
        .post('/api/v1/admin/events')
        .set(bearer(admin))
        .send(sessionEvent([c, a, { ...b, capacity: 12 }]))
        .expect(201)
    ).body as EventAdmin;
    expect(created.startsAt).toBe(a.startsAt);
    expect(created.endsAt).toBe(c.endsAt);
    expect(created.sessions.map((x) => [x.startsAt, x.capacity])).toEqual([
      [a.startsAt, 8],
      [b.startsAt, 12],
      [c.startsAt, 8],
    ]);
    // The deadline is a day before the first session, so a day before each.
    expect(created.sessions.map((x) => Date.parse(x.startsAt) - Date.parse(x.cancelDeadline))).toEqual([DAY, DAY, DAY]);
    expect(created.counters).toMatchObject({ capacity: 28, seatsLeft: 28 });
    // Refused in zh-CN: a session ending before it starts, two at the same time, a cash fee, sign-up past the last start.
    const refuse = async (body: EventInput, message: string) =>
      expect((await s.http.post('/api/v1/admin/events').set(bearer(admin)).send(body).expect(400)).body).toMatchObject({
        code: 'EVENT_INVALID',
        message,
      });
    await refuse(sessionEvent([{ ...a, endsAt: a.startsAt }]), '第 1 场的结束时间须晚于开始时间');
    await refuse(sessionEvent([a, { ...a }]), expect.stringContaining('有两个场次同为'));
    await refuse(
      sessionEvent([a, b], { feeKind: 'CASH', feeFen: 5000 }),
      '分场次活动暂不支持付费报名（现金），请改为免费或积分报名',
    );
    await refuse(
      sessionEvent([a, b], { signupEndsAt: iso(Date.parse(b.startsAt) + HOUR) }),
      '报名截止不能晚于最后一个场次的开始时间',
    );

    await s.http
      .post(`/api/v1/admin/events/${created.id}/publish`)
      .set(bearer(admin))
      .send({ version: created.version })
      .expect(200);
    const m = await loginMember(s);
    let e = await adminEvent(created.id);
    const [first, second, third] = e.sessions;
    await signUp(s, m.token, e.id, { sessionId: first.id, companions: 1 }).expect(201);
    // Capacity not below the session's seats; a session with sign-ups is not removed; others change freely.
    expect(
      (await edit(e, { sessions: inputOf(e).sessions!.map((x) => ({ ...x, capacity: 1 })) }).expect(400)).body.message,
    ).toContain('名额不能少于已报名的 2 人');
    expect((await edit(e, { sessions: inputOf(e).sessions!.slice(1) }).expect(400)).body.message).toContain(
      '已有会员报名，不能删除',
    );
    const fourth = weekly(4, 6)[3];
    const edited = (
      await edit(e, {
        sessions: [
          { id: first.id, startsAt: first.startsAt, endsAt: first.endsAt, capacity: 10 },
          { id: third.id, startsAt: third.startsAt, endsAt: third.endsAt, capacity: 8 },
          fourth,
        ],
        signupEndsAt: fourth.startsAt,
      }).expect(200)
    ).body as EventAdmin;
    expect(edited.sessions.map((x) => x.id).slice(0, 2)).toEqual([first.id, third.id]);
    expect(edited.sessions.map((x) => x.capacity)).toEqual([10, 8, 6]);
    expect(edited.sessions.some((x) => x.id === second.id)).toBe(false);
    expect(edited.endsAt).toBe(fourth.endsAt);
    expect(edited.sessions[0].counters).toMatchObject({ seatsTaken: 2, signedUpParties: 1, signedUpPeople: 2 });

    // An event without sessions that has sign-ups does not become one with sessions.
    const plain = await publishedEvent(s, admin, eventBody(s, here.store.id));
    await signUp(s, m.token, plain.id).expect(201);
    e = await adminEvent(plain.id);
    expect((await edit(e, { sessions: weekly(2, 5) }).expect(400)).body.message).toBe(
      '已有会员报名的活动不能改为分场次，请另建一个分场次活动',
    );
  });

  it('each session has its own seats; a member signs up once per session and may take several', async () => {
    const e = await publishedEvent(s, admin, sessionEvent(weekly(2, 3)));
    const [a, b] = (await adminEvent(e.id)).sessions;
    const m = await loginMember(s);
    // The session is required (and must be this event's).
    expect((await signUp(s, m.token, e.id).expect(400)).body).toMatchObject({
      code: 'EVENT_SESSION_REQUIRED',
      message: '该活动分多个场次，请先选择场次',
    });
    expect((await signUp(s, m.token, e.id, { sessionId: 999_999 }).expect(404)).body.code).toBe(
      'EVENT_SESSION_NOT_FOUND',
    );
    const plain = await publishedEvent(s, admin, eventBody(s, here.store.id));
    expect((await signUp(s, m.token, plain.id, { sessionId: a.id }).expect(404)).body.code).toBe(
      'EVENT_SESSION_NOT_FOUND',
    );

    const first = (await signUp(s, m.token, e.id, { sessionId: a.id, companions: 1 }).expect(201)).body.signup;
    expect(first).toMatchObject({ status: 'CONFIRMED', session: { id: a.id, startsAt: a.startsAt } });
    // Once per session: a second sign-up for the same session is refused, another session is fine.
    expect((await signUp(s, m.token, e.id, { sessionId: a.id }).expect(409)).body.code).toBe('EVENT_ALREADY_SIGNED_UP');
    const second = (await signUp(s, m.token, e.id, { sessionId: b.id, companions: 1 }).expect(201)).body.signup;
    expect(second).toMatchObject({ status: 'CONFIRMED', session: { id: b.id } });
    expect(second.ticketCode).not.toBe(first.ticketCode);

    // Session a has 1 seat left: a party of two waits there while session b still seats one.
    const other = await loginMember(s);
    expect(
      (await signUp(s, other.token, e.id, { sessionId: a.id, companions: 1 }).expect(201)).body.signup,
    ).toMatchObject({ status: 'WAITLISTED', waitlistPosition: 1 });
    expect((await signUp(s, other.token, e.id, { sessionId: b.id }).expect(201)).body.signup.status).toBe('CONFIRMED');

    // The member's page: one line per session with the seats left and their own sign-up.
    const d = await detail(m.token, e.id);
    expect(d.mySignup).toBeNull();
    expect(d.sessionCount).toBe(2);
    expect(d.seatsLeft).toBe(1);
    expect(d.sessions.map((x) => [x.id, x.seatsLeft, x.waitlistParties, x.signupBlock, x.mySignup?.status])).toEqual([
      [a.id, 1, 1, 'ALREADY_SIGNED_UP', 'CONFIRMED'],
      [b.id, 0, 0, 'ALREADY_SIGNED_UP', 'CONFIRMED'],
    ]);
    expect(d.signupBlock).toBe('ALREADY_SIGNED_UP');
    const newcomer = await detail((await loginMember(s)).token, e.id);
    expect(newcomer.signupBlock).toBeNull();
    expect(newcomer.sessions.map((x) => x.signupBlock)).toEqual([null, null]);

    // 我的活动 lists both tickets, each with its session.
    const mine = (await s.http.get('/api/v1/me/events').set(bearer(m.token)).expect(200)).body.items as {
      signup: { session: { id: number } | null; status: string };
    }[];
    expect(mine.map((i) => i.signup.session?.id).sort()).toEqual([a.id, b.id].sort());

    // Operators: per-session counters, the session filter and the CSV's 场次 column.
    const ev = await adminEvent(e.id);
    expect(ev.sessions.map((x) => [x.counters.signedUpPeople, x.counters.waitlistParties])).toEqual([
      [2, 1],
      [3, 0],
    ]);
    expect(ev.counters).toMatchObject({ capacity: 6, seatsTaken: 5, signedUpPeople: 5, waitlistParties: 1 });
    const onlyA = await s.http
      .get(`/api/v1/admin/events/${e.id}/signups?sessionId=${a.id}`)
      .set(bearer(admin))
      .expect(200);
    expect(onlyA.body.items.map((r: { status: string; session: { id: number } }) => [r.status, r.session.id])).toEqual([
      ['CONFIRMED', a.id],
      ['WAITLISTED', a.id],
    ]);
    const csv = await s.http.get(`/api/v1/admin/events/${e.id}/signups.csv`).set(bearer(admin)).expect(200);
    const lines = csv.text.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toMatch(/^场次,会员号,会员昵称,状态/);
    expect(lines.filter((l) => /^\d+月\d+日 周. \d\d:\d\d,/.test(l))).toHaveLength(4);
  });

  it('waitlists and promotions are per session, cancellations name the session, deadlines are the session’s', async () => {
    const e = await publishedEvent(
      s,
      admin,
      sessionEvent(weekly(2, 1), { feeKind: 'POINTS', feePoints: 100, maxCompanions: 0 }),
    );
    const [a, b] = (await adminEvent(e.id)).sessions;
    const people = await Promise.all([0, 1, 2, 3].map(() => loginMember(s)));
    for (const p of people) await givePoints(s, p.member.id, 500);
    const [holder, waitA, holderB, waitB] = people;
    const before = await pointsOf(s, holder.member.id);
    await signUp(s, holder.token, e.id, { sessionId: a.id }).expect(201);
    await signUp(s, holder.token, e.id, { sessionId: b.id }).expect(201);
    expect(await pointsOf(s, holder.member.id)).toBe(before - 200);
    expect((await signUp(s, waitA.token, e.id, { sessionId: a.id }).expect(201)).body.signup).toMatchObject({
      status: 'WAITLISTED',
      waitlistPosition: 1,
    });
    expect((await signUp(s, holderB.token, e.id, { sessionId: b.id }).expect(201)).body.signup.status).toBe(
      'WAITLISTED',
    );
    expect((await signUp(s, waitB.token, e.id, { sessionId: b.id }).expect(201)).body.signup.waitlistPosition).toBe(2);
    const ds = s.app.get(DataSource);
    const seqs = await ds.query(
      'SELECT session_id AS session, waitlist_seq AS seq FROM event_signup WHERE event_id = ? AND waitlist_seq IS NOT NULL ORDER BY id',
      [e.id],
    );
    // Each session numbers its own waitlist from 1.
    expect(seqs.map((r: { session: number; seq: number }) => [Number(r.session), Number(r.seq)])).toEqual([
      [a.id, 1],
      [b.id, 1],
      [b.id, 2],
    ]);

    // Without the session the cancellation cannot tell which sign-up; with it, only that session's seat moves.
    expect((await cancelIn(holder.token, e.id).expect(400)).body.code).toBe('EVENT_SESSION_REQUIRED');
    const gone = (await cancelIn(holder.token, e.id, a.id).expect(200)).body.signup;
    expect(gone).toMatchObject({ status: 'CANCELLED', feeRefunded: true, session: { id: a.id } });
    expect(await pointsOf(s, holder.member.id)).toBe(before - 100);
    const after = await adminEvent(e.id);
    expect(after.sessions.map((x) => [x.counters.seatsTaken, x.counters.waitlistParties])).toEqual([
      [1, 0],
      [1, 2],
    ]);
    expect((await detail(waitA.token, e.id)).sessions[0].mySignup).toMatchObject({
      status: 'CONFIRMED',
      feePoints: 100,
      promotedAt: expect.any(String),
    });

    // More seats in session b promote its waiting members in arrival order (session a is untouched).
    const more = await edit(after, { sessions: inputOf(after).sessions!.map((x) => ({ ...x, capacity: 2 })) }).expect(
      200,
    );
    expect(
      (more.body as EventAdmin).sessions.map((x) => [x.counters.signedUpParties, x.counters.waitlistParties]),
    ).toEqual([
      [1, 0],
      [2, 1],
    ]);
    expect((await detail(holderB.token, e.id)).sessions[1].mySignup?.status).toBe('CONFIRMED');
    expect((await detail(waitB.token, e.id)).sessions[1].mySignup).toMatchObject({
      status: 'WAITLISTED',
      waitlistPosition: 1,
    });

    // Past session a's deadline (a day before it) it cannot be cancelled, session b still can.
    s.clock.setNow(new Date(Date.parse(a.cancelDeadline) + HOUR));
    const d = await detail(holder.token, e.id);
    expect(d.sessions[1].mySignup?.canCancel).toBe(true);
    expect((await cancelIn(waitA.token, e.id, a.id).expect(409)).body.code).toBe('EVENT_CANCEL_DEADLINE_PASSED');
    expect((await cancelIn(holder.token, e.id, b.id).expect(200)).body.signup.feeRefunded).toBe(true);
    // Session a has started: sign-up for it is closed, b is still open.
    s.clock.setNow(new Date(Date.parse(a.startsAt) + HOUR));
    expect((await signUp(s, people[3].token, e.id, { sessionId: a.id }).expect(409)).body.code).toBe('EVENT_CLOSED');
    expect((await detail(people[3].token, e.id)).sessions.map((x) => x.signupBlock)).toEqual([
      'CLOSED',
      'ALREADY_SIGNED_UP',
    ]);
  });

  it('reminders count down to each session the member signed up for', async () => {
    const start = s.clock.nowMs();
    const e = await publishedEvent(s, admin, sessionEvent(weekly(2, 5)));
    const [a, b] = (await adminEvent(e.id)).sessions;
    const m = await loginMember(s);
    const onlyB = await loginMember(s);
    await signUp(s, m.token, e.id, { sessionId: a.id }).expect(201);
    await signUp(s, m.token, e.id, { sessionId: b.id }).expect(201);
    await signUp(s, onlyB.token, e.id, { sessionId: b.id }).expect(201);
    const ds = s.app.get(DataSource);
    const planned = async () =>
      (
        await ds.query(
          "SELECT member_id AS m, dedupe_key AS k, send_by AS b FROM notice WHERE kind = 'EVENT_REMINDER' AND dedupe_key LIKE ? ORDER BY id",
          [`event:${e.id}:%`],
        )
      ).map((r: { m: number; k: string; b: Date | string }) => [Number(r.m), r.k, new Date(r.b).toISOString()]);
    const job = s.app.get(EventNoticesJob);
    await job.run();
    expect(await planned()).toEqual([]);
    // 23 hours before session a: its 24-hour reminder, sent by its start; session b is a week away.
    s.clock.setNow(new Date(Date.parse(a.startsAt) - 23 * HOUR));
    await job.run();
    expect(await planned()).toEqual([[m.member.id, `event:${e.id}:${a.id}:24h`, a.startsAt]]);
    s.clock.setNow(new Date(Date.parse(a.startsAt) - 90 * 60_000));
    await job.run();
    // A week later, 90 minutes before session b: both of its members get the 2-hour reminder (signed up early).
    s.clock.setNow(new Date(Date.parse(b.startsAt) - 90 * 60_000));
    await job.run();
    expect(await planned()).toEqual([
      [m.member.id, `event:${e.id}:${a.id}:24h`, a.startsAt],
      [m.member.id, `event:${e.id}:${a.id}:2h`, a.startsAt],
      [m.member.id, `event:${e.id}:${b.id}:2h`, b.startsAt],
      [onlyB.member.id, `event:${e.id}:${b.id}:2h`, b.startsAt],
    ]);
    expect(start).toBeLessThan(Date.parse(a.startsAt));
  });

  it('checks a ticket into its own session on its day; no-shows are counted per session', async () => {
    // Today's session starts in three hours; the next one a week later.
    const e = await publishedEvent(
      s,
      admin,
      sessionEvent(weekly(2, 4, 3 * HOUR), { rewardPoints: 30, cancelDeadline: iso(s.clock.nowMs() + HOUR) }),
    );
    const [today, nextWeek] = (await adminEvent(e.id)).sessions;
    const m = await loginMember(s);
    const late = await loginMember(s);
    const ticketToday = (await signUp(s, m.token, e.id, { sessionId: today.id }).expect(201)).body.signup;
    const ticketNext = (await signUp(s, m.token, e.id, { sessionId: nextWeek.id }).expect(201)).body.signup;
    await signUp(s, late.token, e.id, { sessionId: today.id }).expect(201);
    s.clock.setNow(new Date(Date.parse(today.startsAt) - 30 * 60_000));

    // The clerk's list: the session of the day only, open for check-in, with its counters.
    const doors = (await s.http.get('/api/v1/staff/events/today').set(bearer(here.staffToken)).expect(200)).body as {
      event: { id: number };
      session: { id: number } | null;
      checkinOpen: boolean;
      counters: { signedUpParties: number };
    }[];
    const door = doors.find((d) => d.event.id === e.id)!;
    expect(door).toMatchObject({ session: { id: today.id }, checkinOpen: true, counters: { signedUpParties: 2 } });
    expect(doors.filter((d) => d.event.id === e.id)).toHaveLength(1);

    // Next week's ticket: not today (named in the message); at today's door it is another session's.
    const early = await checkIn(s, here.staffToken, ticketNext.ticketQr).expect(409);
    expect(early.body.code).toBe('EVENT_CHECKIN_NOT_OPEN');
    expect(early.body.message).toMatch(/这张门票是 \d+月\d+日 周. \d\d:\d\d 场次的/);
    const wrong = await checkIn(s, here.staffToken, ticketNext.ticketQr, { eventId: e.id, sessionId: today.id }).expect(
      409,
    );
    expect(wrong.body.code).toBe('EVENT_TICKET_OTHER_EVENT');
    const before = await pointsOf(s, m.member.id);
    const ok = await checkIn(s, here.staffToken, ticketToday.ticketQr, { eventId: e.id, sessionId: today.id }).expect(
      200,
    );
    expect(ok.body).toMatchObject({
      session: { id: today.id },
      duplicate: false,
      reward: { points: 30 },
      counters: { capacity: 4, checkedInParties: 1, signedUpParties: 2 },
    });
    expect(await pointsOf(s, m.member.id)).toBe(before + 30);
    const again = await checkIn(s, here.staffToken, ticketToday.ticketQr).expect(200);
    expect(again.body).toMatchObject({ duplicate: true, session: { id: today.id } });
    // A member card at the door finds today's session's sign-up (the other one is next week).
    const card = await cardCode(s, late.token);
    expect(
      (await checkIn(s, here.staffToken, card, { eventId: e.id, sessionId: today.id }).expect(200)).body,
    ).toMatchObject({ session: { id: today.id }, member: { memberNo: expect.any(String) } });
    // A walk-in takes a seat of today's session (named by the door); without a session it is refused.
    const walker = await loginMember(s);
    const walkIn = (body: Record<string, unknown>) =>
      s.http
        .post(`/api/v1/staff/events/${e.id}/walk-ins`)
        .set(bearer(here.staffToken))
        .send({ memberNo: walker.member.memberNo, companions: 0, requestId: rid('W'), ...body });
    expect((await walkIn({}).expect(400)).body.code).toBe('EVENT_SESSION_REQUIRED');
    expect((await walkIn({ sessionId: today.id }).expect(201)).body).toMatchObject({
      walkIn: true,
      session: { id: today.id },
      payment: null,
      counters: { capacity: 4, seatsTaken: 3, walkInParties: 1, checkedInParties: 3 },
    });
    const counters = await s.http
      .get(`/api/v1/staff/events/${e.id}/counters?sessionId=${nextWeek.id}`)
      .set(bearer(here.staffToken))
      .expect(200);
    expect(counters.body).toMatchObject({ capacity: 4, signedUpParties: 1, checkedInParties: 0 });

    // After today's session, its no-shows are counted; next week's ticket is still valid.
    const third = await loginMember(s);
    s.clock.setNow(new Date(Date.parse(today.endsAt) + 10 * 60_000));
    const noShowBefore = await s.app
      .get(DataSource)
      .query("SELECT COUNT(*) AS n FROM event_signup WHERE event_id = ? AND status = 'NO_SHOW'", [e.id]);
    expect(Number(noShowBefore[0].n)).toBe(0);
    await signUp(s, third.token, e.id, { sessionId: today.id }).expect(409);
    const absent = await signUp(s, third.token, e.id, { sessionId: nextWeek.id }).expect(201);
    await s.app.get(EventNoShowJob).sweep();
    const ev = await adminEvent(e.id);
    expect(
      ev.sessions.map((x) => [x.counters.checkedInParties, x.counters.noShowParties, x.counters.signedUpParties]),
    ).toEqual([
      [3, 0, 3],
      [0, 0, 2],
    ]);
    expect(absent.body.signup.status).toBe('CONFIRMED');
    // Next week, nobody comes: the sweep after that session records its two no-shows, once.
    s.clock.setNow(new Date(Date.parse(nextWeek.endsAt) + 10 * 60_000));
    await s.app.get(EventNoShowJob).sweep();
    await s.app.get(EventNoShowJob).sweep();
    expect((await adminEvent(e.id)).sessions[1].counters).toMatchObject({ noShowParties: 2, checkedInParties: 0 });
    const mine = (await s.http.get('/api/v1/me/events?tab=PAST').set(bearer(m.token)).expect(200)).body.items as {
      signup: { status: string; session: { id: number } };
    }[];
    expect(mine.map((i) => [i.signup.session.id, i.signup.status]).sort()).toEqual(
      [
        [today.id, 'CHECKED_IN'],
        [nextWeek.id, 'NO_SHOW'],
      ].sort(),
    );
  });

  it('cancelling the event ends every session’s sign-ups and frees each session’s seats', async () => {
    const e = await publishedEvent(s, admin, sessionEvent(weekly(2, 2), { feeKind: 'POINTS', feePoints: 50 }));
    const [a, b] = (await adminEvent(e.id)).sessions;
    const m = await loginMember(s);
    await givePoints(s, m.member.id, 500);
    const start = await pointsOf(s, m.member.id);
    await signUp(s, m.token, e.id, { sessionId: a.id }).expect(201);
    await signUp(s, m.token, e.id, { sessionId: b.id, companions: 1 }).expect(201);
    const w = await loginMember(s);
    await signUp(s, w.token, e.id, { sessionId: b.id }).expect(201);
    expect(await pointsOf(s, m.member.id)).toBe(start - 150);
    const live = await adminEvent(e.id);
    await s.http
      .post(`/api/v1/admin/events/${e.id}/cancel`)
      .set(bearer(admin))
      .send({ version: live.version, reason: '场地维修，本期课程取消' })
      .expect(200);
    expect(await pointsOf(s, m.member.id)).toBe(start);
    const after = await adminEvent(e.id);
    expect(after.status).toBe('CANCELLED');
    expect(after.sessions.map((x) => x.counters.seatsTaken)).toEqual([0, 0]);
    const rows = await s.app
      .get(DataSource)
      .query('SELECT status FROM event_session WHERE event_id = ? ORDER BY id', [e.id]);
    expect(rows.map((r: { status: string }) => r.status)).toEqual(['CANCELLED', 'CANCELLED']);
    expect((await signUp(s, w.token, e.id, { sessionId: a.id }).expect(409)).body.code).toBe('EVENT_CLOSED');
  });

  it('a burst on two sessions fills each exactly and numbers each waitlist in arrival order', async () => {
    const e = await publishedEvent(s, admin, sessionEvent(weekly(2, 5), { maxCompanions: 0 }));
    const [a, b] = (await adminEvent(e.id)).sessions;
    const people = await Promise.all(Array.from({ length: 24 }, () => loginMember(s)));
    const answers = await Promise.all(
      people.map((p, i) => signUp(s, p.token, e.id, { sessionId: i % 2 ? b.id : a.id })),
    );
    const tally = (sessionId: number) =>
      answers
        .filter((r) => r.body.signup?.session?.id === sessionId)
        .reduce<Record<string, number>>(
          (t, r) => ({ ...t, [r.body.signup.status]: (t[r.body.signup.status] ?? 0) + 1 }),
          {},
        );
    expect(answers.every((r) => r.status === 201)).toBe(true);
    expect(tally(a.id)).toEqual({ CONFIRMED: 5, WAITLISTED: 7 });
    expect(tally(b.id)).toEqual({ CONFIRMED: 5, WAITLISTED: 7 });
    await expectEventInvariants(s);
  });
});
