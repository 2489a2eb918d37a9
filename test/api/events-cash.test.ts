import type { EventSignupResult, MyEventSignup } from '@member/shared';
import { DataSource } from 'typeorm';
import { JobRunner } from '../../server/src/jobs/job-runner.service';
import { cancelSignup, eventBody, expectEventInvariants, publishedEvent, rid, signUp } from './event-support';
import {
  bearer,
  loginMember,
  loginOperator,
  makeStaff,
  startTestServer,
  waitForOutbox,
  type TestServer,
} from './support';

jest.setTimeout(240_000);

// Cash event fees through the sandbox WeChat Pay: seats held while the fee is waited for, a payment confirms
// the sign-up once, the deadline passing unpaid frees the seats and promotes the waitlist, cancellations and
// a cancelled event refund the cash in full, and a payment after we closed it is refunded and flagged.
describe('member events: cash fees through WeChat Pay', () => {
  let s: TestServer;
  let admin: string;
  let storeId: number;
  let staffToken: string;
  let ds: DataSource;

  beforeAll(async () => {
    s = await startTestServer();
    admin = await loginOperator(s);
    ds = s.app.get(DataSource);
    const staff = await makeStaff(s, admin);
    storeId = staff.store.id;
    staffToken = staff.staffToken;
  });
  afterEach(() => s.clock.reset());
  afterAll(async () => {
    await expectEventInvariants(s);
    await s.close();
  });

  const pickInput = (v: Record<string, unknown>) => {
    const keys = Object.keys(eventBody(s, storeId));
    return { ...Object.fromEntries(keys.map((k) => [k, v[k]])), version: v.version };
  };
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const sync = () => s.app.get(JobRunner).runNow('event-pay-sync');
  const member = async () => {
    const m = await loginMember(s);
    return { token: m.token, id: m.member.id as number, memberNo: m.member.memberNo as string };
  };
  const cashEvent = (over: Record<string, unknown> = {}) =>
    publishedEvent(s, admin, eventBody(s, storeId, { feeKind: 'CASH', feeFen: 3_990, capacity: 2, ...over }));
  const mine = async (token: string, eventId: number): Promise<MyEventSignup | null> =>
    (await s.http.get(`/api/v1/events/${eventId}`).set(bearer(token)).expect(200)).body.mySignup;
  const seatsTaken = async (eventId: number) =>
    Number((await ds.query(`SELECT seats_taken FROM event WHERE id = ?`, [eventId]))[0].seats_taken);
  const paymentOf = async (signupId: number) =>
    (
      await ds.query(
        `SELECT out_trade_no, status, amount_fen, transaction_id, late, shipping_status, refund_status, refund_cause
           FROM event_payment WHERE signup_id = ?`,
        [signupId],
      )
    )[0] as
      | {
          out_trade_no: string;
          status: string;
          amount_fen: unknown;
          transaction_id: string | null;
          late: unknown;
          shipping_status: string | null;
          refund_status: string | null;
          refund_cause: string | null;
        }
      | undefined;
  const anomalies = async (outTradeNo: string) =>
    ((await ds.query(`SELECT kind FROM pay_anomaly WHERE out_trade_no = ?`, [outTradeNo])) as { kind: string }[]).map(
      (a) => a.kind,
    );
  const pay = (outTradeNo: string, body: Record<string, unknown> = {}) =>
    s.http.post(`/sandbox/pay/transactions/${outTradeNo}/pay`).send(body).expect(200);
  const waitFor = async (what: string, ok: () => Promise<boolean>) => {
    for (let i = 0; i < 400; i++) {
      if (await ok()) return;
      await sleep(25);
    }
    throw new Error(`timed out waiting for ${what}`);
  };
  const waitStatus = (token: string, eventId: number, status: string) =>
    waitFor(`sign-up ${status}`, async () => (await mine(token, eventId))?.status === status);

  it('holds the seats until paid; the payment confirms the sign-up once and uploads virtual shipping', async () => {
    const e = await cashEvent({ maxCompanions: 1 });
    const m = await member();
    const requestId = rid('cash');
    const first = (await signUp(s, m.token, e.id, { companions: 1, requestId }).expect(201)).body as EventSignupResult;
    expect(first.signup).toMatchObject({
      status: 'PENDING_PAYMENT',
      ticketCode: null,
      partySize: 2,
      canCancel: true,
      payment: { amountFen: 7_980, status: 'PENDING', refundStatus: null },
    });
    expect(first.pay).toMatchObject({ appId: s.config.wechat.appId, package: expect.stringMatching(/^prepay_id=/) });
    expect(Date.parse(first.signup.payment!.payUntil) - s.clock.nowMs()).toBeLessThanOrEqual(
      s.config.events.payMinutes * 60_000,
    );
    expect(await seatsTaken(e.id)).toBe(2);
    // The same request id answers the same sign-up with fresh pay params; 去支付 too.
    const again = (await signUp(s, m.token, e.id, { companions: 1, requestId }).expect(201)).body as EventSignupResult;
    expect(again).toMatchObject({ replayed: true, signup: { id: first.signup.id }, pay: { signType: 'RSA' } });
    const payAgain = await s.http.post(`/api/v1/me/events/${e.id}/signups/pay`).set(bearer(m.token)).expect(200);
    expect(payAgain.body).toMatchObject({ signup: { id: first.signup.id }, pay: { appId: s.config.wechat.appId } });
    const tab = (await s.http.get('/api/v1/me/events?tab=UPCOMING').set(bearer(m.token)).expect(200)).body;
    expect(tab.items[0].signup).toMatchObject({ status: 'PENDING_PAYMENT', payment: { status: 'PENDING' } });

    const p = (await paymentOf(first.signup.id))!;
    expect(p.out_trade_no).toMatch(/^E\d{18}$/);
    await pay(p.out_trade_no, { duplicates: 3 });
    await waitStatus(m.token, e.id, 'CONFIRMED');
    const confirmed = (await mine(m.token, e.id))!;
    expect(confirmed).toMatchObject({ ticketCode: expect.any(String), payment: { status: 'PAID' } });
    expect(await seatsTaken(e.id)).toBe(2);
    const late = await s.http.post(`/api/v1/me/events/${e.id}/signups/pay`).set(bearer(m.token)).expect(409);
    expect(late.body).toMatchObject({ code: 'EVENT_NOT_PAYABLE', message: expect.stringContaining('支付') });

    await waitForOutbox(s);
    const paid = (await paymentOf(first.signup.id))!;
    expect(paid).toMatchObject({ status: 'PAID', shipping_status: 'UPLOADED', refund_status: null });
    const shipped = (await s.http.get(`/sandbox/wx/shipping/${paid.transaction_id}`).expect(200)).body;
    expect(shipped).toMatchObject({ state: 'uploaded', uploads: 1, last: { logisticsType: 3 } });
    // The console sees the payment on the sign-up.
    const rows = (await s.http.get(`/api/v1/admin/events/${e.id}/signups`).set(bearer(admin)).expect(200)).body;
    expect(rows.items[0].payment).toMatchObject({ status: 'PAID', amountFen: 7_980, outTradeNo: p.out_trade_no });
  });

  it('a walk-in at the door holds the seats until the member pays on their phone, then the ticket checks in', async () => {
    const e = await cashEvent({ capacity: 3, maxCompanions: 1, rewardPoints: 10 });
    const m = await member();
    const memberNo = m.memberNo;
    // The event has started: check-in (and walk-ins) run until its end, past the sign-up window.
    s.clock.setNow(new Date(Date.parse(e.startsAt) + 10 * 60_000));
    const body = { memberNo, companions: 1, requestId: rid('W') };
    const walkIn = () => s.http.post(`/api/v1/staff/events/${e.id}/walk-ins`).set(bearer(staffToken)).send(body);
    const held = (await walkIn().expect(201)).body;
    expect(held).toMatchObject({
      walkIn: true,
      checkedInAt: null,
      reward: { points: 0 },
      payment: { amountFen: 7_980 },
      counters: { seatsTaken: 2, checkedInParties: 0 },
    });
    const payUntil = Date.parse(held.payment.payUntil);
    expect(payUntil).toBeLessThanOrEqual(
      Math.min(s.clock.nowMs() + s.config.events.payMinutes * 60_000, Date.parse(e.endsAt)),
    );
    expect((await walkIn().expect(201)).body).toMatchObject({ duplicate: true, payment: { amountFen: 7_980 } });
    expect(await seatsTaken(e.id)).toBe(2);

    // The member pays in 我的活动 (去支付 works after the start: the walk-in's deadline is the end).
    const waiting = (await mine(m.token, e.id))!;
    expect(waiting).toMatchObject({ status: 'PENDING_PAYMENT', ticketCode: null, payment: { status: 'PENDING' } });
    await s.http.post(`/api/v1/me/events/${e.id}/signups/pay`).set(bearer(m.token)).expect(200);
    await pay((await paymentOf(waiting.id))!.out_trade_no);
    await waitStatus(m.token, e.id, 'CONFIRMED');
    const ticket = (await mine(m.token, e.id))!;
    const checked = await s.http
      .post('/api/v1/staff/events/checkins')
      .set(bearer(staffToken))
      .send({ code: ticket.ticketQr, eventId: e.id, requestId: rid('K') })
      .expect(200);
    expect(checked.body).toMatchObject({ walkIn: true, payment: null, reward: { points: 10 }, partySize: 2 });
    expect(checked.body.checkedInAt).toEqual(expect.any(String));
  });

  it('a walk-in left unpaid frees its seats at its deadline', async () => {
    const e = await cashEvent({ capacity: 2 });
    const m = await member();
    const memberNo = m.memberNo;
    s.clock.setNow(new Date(Date.parse(e.startsAt) - 20 * 60_000));
    const held = await s.http
      .post(`/api/v1/staff/events/${e.id}/walk-ins`)
      .set(bearer(staffToken))
      .send({ memberNo, companions: 0, requestId: rid('W') })
      .expect(201);
    expect(await seatsTaken(e.id)).toBe(1);
    s.clock.setNow(new Date(Date.parse(held.body.payment.payUntil) + 60_000));
    await sync();
    await waitFor('seats freed', async () => (await seatsTaken(e.id)) === 0);
    expect((await mine(m.token, e.id))?.status ?? 'CANCELLED').toBe('CANCELLED');
  });

  it('an event renamed after the sign-up still answers 去支付 (the order keeps the description it opened with)', async () => {
    const e = await cashEvent();
    const m = await member();
    const r = (await signUp(s, m.token, e.id).expect(201)).body as EventSignupResult;
    expect(r.pay).toMatchObject({ signType: 'RSA' });
    const live = (await s.http.get(`/api/v1/admin/events/${e.id}`).set(bearer(admin)).expect(200)).body;
    const renamed = await s.http
      .put(`/api/v1/admin/events/${e.id}`)
      .set(bearer(admin))
      .send({ ...pickInput(live), title: `${e.title}（更新）` });
    expect(renamed.status).toBe(200);
    const again = await s.http.post(`/api/v1/me/events/${e.id}/signups/pay`).set(bearer(m.token)).expect(200);
    // Without the stored description WeChat would answer OUT_TRADE_NO_USED (and the member could not pay).
    expect(again.body.pay).toMatchObject({ package: expect.stringMatching(/^prepay_id=/) });
  });

  it('frees the seats at the deadline and promotes the waitlist, whose member pays within their own deadline', async () => {
    const e = await cashEvent({ capacity: 1 });
    const a = await member();
    const b = await member();
    const ra = (await signUp(s, a.token, e.id).expect(201)).body as EventSignupResult;
    const rb = (await signUp(s, b.token, e.id).expect(201)).body as EventSignupResult;
    expect(rb.signup).toMatchObject({ status: 'WAITLISTED', payment: null });
    expect(rb.pay).toBeNull();
    // Within the deadline the job asks WeChat and leaves it.
    s.clock.advance(3 * 60);
    await sync();
    expect((await mine(a.token, e.id))!.status).toBe('PENDING_PAYMENT');
    s.clock.setNow(new Date(Date.parse(ra.signup.payment!.payUntil) + 1_000));
    expect((await sync()).status).toBe('done');
    const aCancelled = (await s.http.get('/api/v1/me/events?tab=CANCELLED').set(bearer(a.token)).expect(200)).body;
    expect(aCancelled.items[0].signup).toMatchObject({ status: 'CANCELLED', endReason: '支付超时' });
    expect(aCancelled.items[0].signup.payment).toMatchObject({ status: 'CLOSED' });
    const pa = (await paymentOf(ra.signup.id))!;
    expect((await s.http.get(`/sandbox/pay/transactions/${pa.out_trade_no}`).expect(200)).body.tradeState).toBe(
      'CLOSED',
    );
    // B was promoted in the same transaction: seats held, a payment of their own, told through the outbox.
    const promoted = (await mine(b.token, e.id))!;
    expect(promoted).toMatchObject({ status: 'PENDING_PAYMENT', promotedAt: expect.any(String) });
    expect(promoted.payment).toMatchObject({ status: 'PENDING', amountFen: 3_990 });
    expect(await seatsTaken(e.id)).toBe(1);
    await waitForOutbox(s);
    const [notice] = await ds.query(`SELECT kind, payload_json FROM event_notice WHERE signup_id = ?`, [rb.signup.id]);
    expect(notice.kind).toBe('PROMOTED');
    expect(JSON.parse(notice.payload_json)).toMatchObject({ cashFen: 3_990, payUntil: promoted.payment!.payUntil });
    // B pays through 去支付.
    const payB = (await s.http.post(`/api/v1/me/events/${e.id}/signups/pay`).set(bearer(b.token)).expect(200))
      .body as EventSignupResult;
    expect(payB.pay).toMatchObject({ package: expect.stringMatching(/^prepay_id=/) });
    await pay((await paymentOf(rb.signup.id))!.out_trade_no);
    await waitStatus(b.token, e.id, 'CONFIRMED');
    await expectEventInvariants(s);
  });

  it('a paid sign-up cancelled before the deadline is refunded in full once; an unpaid one just frees the seats', async () => {
    const e = await cashEvent({ capacity: 1 });
    const a = await member();
    const c = await member();
    const ra = (await signUp(s, a.token, e.id).expect(201)).body as EventSignupResult;
    const rc = (await signUp(s, c.token, e.id).expect(201)).body as EventSignupResult;
    const pa = (await paymentOf(ra.signup.id))!;
    await pay(pa.out_trade_no);
    await waitStatus(a.token, e.id, 'CONFIRMED');
    const cancels = await Promise.all(Array.from({ length: 4 }, () => cancelSignup(s, a.token, e.id)));
    expect(cancels.map((r) => r.status).sort()).toEqual([200, 404, 404, 404]);
    const ok = cancels.find((r) => r.status === 200)!.body as EventSignupResult;
    expect(ok.signup).toMatchObject({ status: 'CANCELLED', payment: { status: 'PAID', refundStatus: 'PROCESSING' } });
    // The seat went to C (pending payment) in the same transaction.
    expect((await mine(c.token, e.id))!.status).toBe('PENDING_PAYMENT');
    expect(await seatsTaken(e.id)).toBe(1);
    await waitForOutbox(s);
    const refunding = (await paymentOf(ra.signup.id))!;
    expect(refunding).toMatchObject({ refund_status: 'PROCESSING', refund_cause: 'SIGNUP_CANCELLED' });
    const outRefundNo = `${pa.out_trade_no}R`;
    const atWechat = (await s.http.get(`/sandbox/pay/refunds/${outRefundNo}`).expect(200)).body;
    expect(atWechat).toMatchObject({ status: 'PROCESSING' });
    await s.http
      .post(`/sandbox/pay/refunds/${outRefundNo}/settle`)
      .send({ status: 'SUCCESS', duplicates: 2 })
      .expect(200);
    await waitFor('the refund', async () => (await paymentOf(ra.signup.id))!.refund_status === 'SUCCESS');
    const history = (await s.http.get('/api/v1/me/events?tab=CANCELLED').set(bearer(a.token)).expect(200)).body;
    expect(history.items[0].signup.payment).toMatchObject({ refundStatus: 'SUCCESS', refundFen: 3_990 });

    // C opens WeChat Pay (去支付) but cancels before paying: the payment closes, the seat is free, no refund.
    await s.http.post(`/api/v1/me/events/${e.id}/signups/pay`).set(bearer(c.token)).expect(200);
    const cc = (await cancelSignup(s, c.token, e.id).expect(200)).body as EventSignupResult;
    expect(cc.signup).toMatchObject({ status: 'CANCELLED', payment: { status: 'CLOSED', refundStatus: null } });
    expect(await seatsTaken(e.id)).toBe(0);
    expect((await paymentOf(rc.signup.id))!).toMatchObject({ status: 'CLOSED', refund_status: null });
    // The order is closed at WeChat too; if WeChat lets it be paid anyway, it is refunded and flagged.
    const pc = (await paymentOf(rc.signup.id))!;
    expect((await s.http.get(`/sandbox/pay/transactions/${pc.out_trade_no}`).expect(200)).body.tradeState).toBe(
      'CLOSED',
    );
    await pay(pc.out_trade_no, { force: true });
    await waitFor('the late refund', async () => (await paymentOf(rc.signup.id))!.refund_status !== null);
    expect(await anomalies(pc.out_trade_no)).toContain('PAID_AFTER_CLOSE');
    await expectEventInvariants(s);
  });

  it('a cancelled event refunds every paid fee and closes unpaid ones', async () => {
    const e = await cashEvent({ capacity: 3 });
    const members = await Promise.all([member(), member(), member(), member()]);
    const results: EventSignupResult[] = [];
    for (const m of members) results.push((await signUp(s, m.token, e.id).expect(201)).body);
    expect(results.map((r) => r.signup.status)).toEqual([
      'PENDING_PAYMENT',
      'PENDING_PAYMENT',
      'PENDING_PAYMENT',
      'WAITLISTED',
    ]);
    for (const r of results.slice(0, 2)) await pay((await paymentOf(r.signup.id))!.out_trade_no);
    await waitStatus(members[0].token, e.id, 'CONFIRMED');
    await waitStatus(members[1].token, e.id, 'CONFIRMED');
    const live = (await s.http.get(`/api/v1/admin/events/${e.id}`).set(bearer(admin)).expect(200)).body;
    const cancelled = await s.http
      .post(`/api/v1/admin/events/${e.id}/cancel`)
      .set(bearer(admin))
      .send({ version: live.version, reason: '场地临时维修' })
      .expect(200);
    expect(cancelled.body).toMatchObject({ status: 'CANCELLED' });
    const after = await Promise.all(results.map((r) => paymentOf(r.signup.id)));
    expect(after.map((p) => p && [p.status, p.refund_status, p.refund_cause])).toEqual([
      ['PAID', 'PROCESSING', 'EVENT_CANCELLED'],
      ['PAID', 'PROCESSING', 'EVENT_CANCELLED'],
      ['CLOSED', null, null],
      undefined,
    ]);
    await waitForOutbox(s);
    for (const p of after.slice(0, 2)) {
      const r = (await s.http.get(`/sandbox/pay/refunds/${p!.out_trade_no}R`).expect(200)).body;
      expect(r).toMatchObject({ status: 'PROCESSING' });
    }
    const [audit] = await ds.query(
      `SELECT after_json FROM audit_log WHERE action = 'event.cancelled' AND target_id = ? ORDER BY id DESC`,
      [String(e.id)],
    );
    expect(JSON.parse(audit.after_json)).toMatchObject({ cashRefundedFen: 7_980 });
  });

  it('a burst: 200 members for 20 seats, some paying, some expiring — exact seats, every payment a seat or refunded', async () => {
    const e = await cashEvent({ capacity: 20, feeFen: 1_000 });
    const members: { token: string; id: number }[] = [];
    for (let i = 0; i < 200; i += 20) members.push(...(await Promise.all(Array.from({ length: 20 }, () => member()))));
    const signed = await Promise.all(members.map((m) => signUp(s, m.token, e.id)));
    expect(signed.every((r) => r.status === 201)).toBe(true);
    const byStatus = (st: string) => signed.filter((r) => (r.body as EventSignupResult).signup.status === st);
    expect(byStatus('PENDING_PAYMENT')).toHaveLength(20);
    expect(byStatus('WAITLISTED')).toHaveLength(180);
    expect(await seatsTaken(e.id)).toBe(20);
    const pending = byStatus('PENDING_PAYMENT').map((r) => (r.body as EventSignupResult).signup);
    const trade = async (id: number) => (await paymentOf(id))!.out_trade_no;
    // 15 pay (with WeChat's duplicate notifications), 5 never do.
    await Promise.all(pending.slice(0, 15).map(async (p) => pay(await trade(p.id), { duplicates: 2 })));
    const confirmedCount = async () =>
      Number(
        (
          await ds.query(`SELECT COUNT(*) AS n FROM event_signup WHERE event_id = ? AND status = 'CONFIRMED'`, [e.id])
        )[0].n,
      );
    await waitFor('15 confirmed', async () => (await confirmedCount()) === 15);
    // The deadline passes: the 5 are freed, the next 5 in arrival order promoted.
    s.clock.setNow(new Date(Date.parse(pending[0].payment!.payUntil) + 1_000));
    const run = await sync();
    expect(run.status).toBe('done');
    const promoted = (await ds.query(
      `SELECT id, waitlist_seq FROM event_signup WHERE event_id = ? AND status = 'PENDING_PAYMENT' ORDER BY waitlist_seq`,
      [e.id],
    )) as { id: unknown; waitlist_seq: unknown }[];
    expect(promoted.map((r) => Number(r.waitlist_seq))).toEqual([1, 2, 3, 4, 5]);
    expect(await seatsTaken(e.id)).toBe(20);
    // The promoted pay (each asks 去支付 first), and 3 of the expired pay late anyway — refunded and flagged.
    const promotedMembers = byStatus('WAITLISTED')
      .map((r) => r.body as EventSignupResult)
      .filter((r) => promoted.some((p) => Number(p.id) === r.signup.id));
    const tokenOf = new Map(signed.map((r, i) => [(r.body as EventSignupResult).signup.id, members[i].token]));
    await Promise.all(
      promotedMembers.map(async (r) => {
        await s.http
          .post(`/api/v1/me/events/${e.id}/signups/pay`)
          .set(bearer(tokenOf.get(r.signup.id)!))
          .expect(200);
        await pay(await trade(r.signup.id));
      }),
    );
    const expired = pending.slice(15);
    await Promise.all(expired.slice(0, 3).map(async (p) => pay(await trade(p.id), { force: true })));
    await waitFor('20 confirmed', async () => (await confirmedCount()) === 20);
    await waitFor(
      '3 late refunds',
      async () =>
        Number(
          (
            await ds.query(
              `SELECT COUNT(*) AS n FROM event_payment WHERE event_id = ? AND late = 1 AND refund_status IS NOT NULL`,
              [e.id],
            )
          )[0].n,
        ) === 3,
    );
    const sums = (await ds.query(
      `SELECT status, COUNT(*) AS n, SUM(refund_status IS NOT NULL) AS refunded FROM event_payment WHERE event_id = ?
         GROUP BY status ORDER BY status`,
      [e.id],
    )) as { status: string; n: unknown; refunded: unknown }[];
    expect(sums.map((r) => [r.status, Number(r.n), Number(r.refunded)])).toEqual([
      ['CLOSED', 5, 3],
      ['PAID', 20, 0],
    ]);
    expect(await seatsTaken(e.id)).toBe(20);
    await expectEventInvariants(s);
  });
});
