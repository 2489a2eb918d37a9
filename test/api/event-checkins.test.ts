import { DataSource } from 'typeorm';
import { cardCode } from './checkout-support';
import { activeTemplate } from './coupon-support';
import { checkIn, eventBody, expectEventInvariants, pointsOf, publishedEvent, rid, signUp } from './event-support';
import { bearer, loginMember, loginOperator, makeStaff, startTestServer, type TestServer } from './support';

describe('member events: check-in at the door, walk-ins, counters', () => {
  let s: TestServer;
  let admin: string;
  let here: Awaited<ReturnType<typeof makeStaff>>;
  let there: Awaited<ReturnType<typeof makeStaff>>;
  beforeAll(async () => {
    s = await startTestServer();
    admin = await loginOperator(s);
    here = await makeStaff(s, admin);
    there = await makeStaff(s, admin);
  });
  afterEach(() => s.clock.reset());
  afterAll(async () => {
    await expectEventInvariants(s);
    await s.close();
  });

  /** Moves the clock to half an hour before the event's start (check-in opens an hour before). */
  const atTheDoor = (e: { startsAt: string }) => s.clock.setNow(new Date(Date.parse(e.startsAt) - 30 * 60_000));

  it('checks a ticket in once, credits the reward once, and flags a second scan as 重复签到', async () => {
    const tpl = await activeTemplate(s, admin, { trigger: 'MANUAL', perMemberLimit: 5 });
    const e = await publishedEvent(
      s,
      admin,
      eventBody(s, here.store.id, { rewardPoints: 20, rewardCouponTemplateId: tpl.id }),
    );
    const m = await loginMember(s);
    const ticket = (await signUp(s, m.token, e.id, { companions: 1 }).expect(201)).body.signup;
    const before = await pointsOf(s, m.member.id);
    // Too early: check-in opens an hour before the start.
    expect((await checkIn(s, here.staffToken, ticket.ticketQr).expect(409)).body.code).toBe('EVENT_CHECKIN_NOT_OPEN');
    atTheDoor(e);
    // Another store's clerk is refused.
    expect((await checkIn(s, there.staffToken, ticket.ticketQr).expect(403)).body.code).toBe(
      'EVENT_CHECKIN_OTHER_STORE',
    );
    // The door of another event of this store refuses the ticket instead of counting it for its own event.
    const next = await publishedEvent(s, admin, eventBody(s, here.store.id));
    expect((await checkIn(s, here.staffToken, ticket.ticketQr, { eventId: next.id }).expect(409)).body.code).toBe(
      'EVENT_TICKET_OTHER_EVENT',
    );
    const first = await checkIn(s, here.staffToken, ticket.ticketQr, { requestId: 'door-1', eventId: e.id }).expect(
      200,
    );
    expect(first.body).toMatchObject({
      signupId: ticket.id,
      partySize: 2,
      duplicate: false,
      walkIn: false,
      reward: { points: 20 },
      counters: { checkedInParties: 1, checkedInPeople: 2 },
    });
    expect(first.body.reward.couponId).toEqual(expect.any(Number));
    expect(await pointsOf(s, m.member.id)).toBe(before + 20);
    // The same request again answers its first answer; another scan answers the first check-in, flagged.
    const replay = await checkIn(s, here.staffToken, ticket.ticketQr, { requestId: 'door-1', eventId: e.id }).expect(
      200,
    );
    expect(replay.body).toMatchObject({ signupId: ticket.id, duplicate: true, checkedInAt: first.body.checkedInAt });
    const second = await checkIn(s, here.staffToken, ticket.ticketCode.toLowerCase()).expect(200);
    expect(second.body).toMatchObject({
      duplicate: true,
      checkedInAt: first.body.checkedInAt,
      reward: first.body.reward,
    });
    expect(await pointsOf(s, m.member.id)).toBe(before + 20);
    const [{ k }] = await s.app
      .get(DataSource)
      .query("SELECT COUNT(*) AS k FROM coupon WHERE member_id = ? AND source = 'EVENT'", [m.member.id]);
    expect(Number(k)).toBe(1);
    expect((await checkIn(s, here.staffToken, 'EVT:ABCDEFGHJKLM').expect(404)).body.code).toBe('EVENT_TICKET_UNKNOWN');
    expect((await checkIn(s, here.staffToken, 'hello world').expect(404)).body.code).toBe('EVENT_TICKET_UNKNOWN');
  });

  it('checks a member card in for the one event of this store happening now', async () => {
    const e = await publishedEvent(s, admin, eventBody(s, here.store.id));
    const m = await loginMember(s);
    const waiting = await loginMember(s);
    await signUp(s, m.token, e.id).expect(201);
    atTheDoor(e);
    const res = await checkIn(s, here.staffToken, await cardCode(s, m.token)).expect(200);
    expect(res.body).toMatchObject({ event: { id: e.id }, member: { memberNo: m.member.memberNo }, duplicate: false });
    // A member without a ticket here: no sign-up to check in (the card code is not spent by the refusal).
    const code = await cardCode(s, waiting.token);
    expect((await checkIn(s, here.staffToken, code).expect(404)).body.code).toBe('EVENT_SIGNUP_NOT_FOUND');
    const staffView = (await s.http.get('/api/v1/staff/events/today').set(bearer(here.staffToken)).expect(200)).body;
    expect(staffView.find((t: { event: { id: number } }) => t.event.id === e.id)).toMatchObject({
      checkinOpen: true,
      counters: { checkedInParties: 1 },
    });
    expect(
      (await s.http.get(`/api/v1/staff/events/${e.id}/counters`).set(bearer(there.staffToken)).expect(403)).body.code,
    ).toBe('EVENT_CHECKIN_OTHER_STORE');
  });

  it('promotes on a freed seat, answers EVENT_FULL to a walk-in at a full event, adds one once seats are added', async () => {
    const e = await publishedEvent(s, admin, eventBody(s, here.store.id, { capacity: 3, rewardPoints: 5 }));
    const holder = await loginMember(s);
    const waiting = await loginMember(s);
    await signUp(s, holder.token, e.id, { companions: 1 }).expect(201);
    // Fill the last seat, then the waiting member queues.
    const filler = await loginMember(s);
    await signUp(s, filler.token, e.id).expect(201);
    expect((await signUp(s, waiting.token, e.id).expect(201)).body.signup.status).toBe('WAITLISTED');
    // A freed seat goes to the waiting member at once (promotion in the cancellation's transaction).
    await s.http
      .post(`/api/v1/me/events/${e.id}/signups/cancel`)
      .set(bearer(filler.token))
      .send({ requestId: rid('C') })
      .expect(200);
    const promoted = (await s.http.get(`/api/v1/events/${e.id}`).set(bearer(waiting.token)).expect(200)).body;
    expect(promoted.mySignup.status).toBe('CONFIRMED');
    atTheDoor(e);
    const walker = await loginMember(s);
    const full = await s.http
      .post(`/api/v1/staff/events/${e.id}/walk-ins`)
      .set(bearer(here.staffToken))
      .send({ memberNo: walker.member.memberNo, companions: 0, requestId: rid('W') })
      .expect(409);
    expect(full.body.code).toBe('EVENT_FULL');
    // Raise the capacity: a walk-in by card code is checked in at once, rewarded.
    const current = (await s.http.get(`/api/v1/admin/events/${e.id}`).set(bearer(admin)).expect(200)).body;
    s.clock.reset();
    await s.http
      .put(`/api/v1/admin/events/${e.id}`)
      .set(bearer(admin))
      .send({
        ...eventBody(s, here.store.id, { capacity: 4, rewardPoints: 5 }),
        ...pick(current),
        version: current.version,
      })
      .expect(200);
    atTheDoor(e);
    const before = await pointsOf(s, walker.member.id);
    const walked = await s.http
      .post(`/api/v1/staff/events/${e.id}/walk-ins`)
      .set(bearer(here.staffToken))
      .send({ memberCode: await cardCode(s, walker.token), companions: 0, requestId: rid('W') })
      .expect(201);
    expect(walked.body).toMatchObject({ walkIn: true, duplicate: false, counters: { seatsLeft: 0, walkInParties: 1 } });
    expect(await pointsOf(s, walker.member.id)).toBe(before + 5);
    const other = await s.http
      .post(`/api/v1/staff/events/${e.id}/walk-ins`)
      .set(bearer(there.staffToken))
      .send({ memberNo: walker.member.memberNo, companions: 0, requestId: rid('W') })
      .expect(403);
    expect(other.body.code).toBe('EVENT_CHECKIN_OTHER_STORE');
  });
});

/** The timing fields of an event as stored (an edit keeps them). */
function pick(e: Record<string, unknown>) {
  const keys = ['title', 'startsAt', 'endsAt', 'signupStartsAt', 'signupEndsAt', 'cancelDeadline'];
  return Object.fromEntries(keys.map((k) => [k, e[k]]));
}
