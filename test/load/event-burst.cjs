// Member-event bursts on the built server (`npm run load -- --scenario event-burst --members 1000`, and the CI
// check in event-burst.load.ts with 300): members (inserted in bulk SQL) sign in through the API, then
//   1. all sign up for one free event with seats = members / 10 at the same moment → exactly `seats`
//      CONFIRMED, the rest WAITLISTED with arrival numbers 1…n (no gaps or duplicates) in the order they
//      got through the event row (sign-up ids increase with the numbers);
//   2. `cancels` seat holders cancel at the same moment → exactly `cancels` promoted, the first `cancels`
//      arrivals, each once (one promotion notice each), seats still full;
//   3. at the door, `checkins` check-ins of one ticket at the same moment → one check-in, the others
//      answered as 重复签到, the attendance reward credited once;
// and the events' and the ledger's invariant checkers are clean.
const os = require('node:os');
const { join } = require('node:path');
const { randomBytes } = require('node:crypto');
const { createPool } = require('mysql2/promise');
const { PRIVACY_POLICY_VERSION } = require('@member/shared');
const { insertMembers, rowsOf } = require('./bulk-members.cjs');
const { httpClient } = require('./http.cjs');
const { pool, signUp } = require('./scenarios/purchase.cjs');
const { startServer } = require('./server-process.cjs');

const ROOT = join(__dirname, '..', '..');
const HOUR = 3_600_000;

/** The events' invariant checker (server/src/modules/events/event-invariants.ts, built) on the run's database. */
async function checkEvents(sql) {
  const { checkEventInvariants } = require(join(ROOT, 'server', 'dist', 'modules', 'events', 'event-invariants.js'));
  const r = await checkEventInvariants((text, params) => sql.query(text, params).then(([rows]) => rows));
  return { ok: r.violations.length === 0, events: r.events, signups: r.signups, violations: r.violations.slice(0, 20) };
}

/** A sandbox WeChat login of an inserted member, tried again when it times out on a busy machine (setup). */
async function loginRetrying(http, openid) {
  for (let attempt = 1; ; attempt++) {
    try {
      const { code } = await http.json('POST', '/sandbox/wx/login-code', { openid });
      return (await http.json('POST', '/api/v1/auth/wechat/login', { code })).token;
    } catch (error) {
      if (attempt >= 3 || !/WECHAT_UNAVAILABLE/.test(String(error))) throw error;
    }
  }
}

const tally = (answers) => answers.reduce((m, a) => ({ ...m, [a]: (m[a] ?? 0) + 1 }), {});

/**
 * @param {{ members?: number, seats?: number, cancels?: number, checkins?: number, databaseUrl?: string,
 *   log?: (s: string) => void }} opts
 */
async function runEventBurst(opts = {}) {
  const o = {
    members: 1000,
    checkins: 30,
    databaseUrl: process.env.DATABASE_URL,
    log: (s) => console.log(`[load] ${s}`),
    ...opts,
  };
  const seats = o.seats ?? Math.max(1, Math.floor(o.members / 10));
  const cancels = o.cancels ?? Math.max(1, Math.floor(seats / 2));
  if (!o.databaseUrl || !/^mysql|^mariadb/.test(o.databaseUrl)) {
    throw new Error('the event burst runs on MariaDB/MySQL: set DATABASE_URL=mysql://root@127.0.0.1:3306/test');
  }
  const result = {
    scenario: 'event-burst',
    operation: 'POST /api/v1/me/events/:id/signups, …/signups/cancel, POST /api/v1/staff/events/checkins (at once)',
    startedAt: new Date().toISOString(),
    machine: { cpus: os.cpus().length, loadavg: os.loadavg().map((x) => Number(x.toFixed(2))), node: process.version },
    members: o.members,
    seats,
    cancels,
    checkins: o.checkins,
  };
  const server = await startServer({ databaseUrl: o.databaseUrl });
  const sql = createPool({ uri: server.databaseUrl, connectionLimit: 4, timezone: 'Z', supportBigNumbers: true });
  try {
    const http = server.http;
    const admin = (await http.json('POST', '/api/v1/admin/auth/login', server.admin)).token;
    const code = 'V' + randomBytes(3).toString('hex');
    const store = await http.json('POST', '/api/v1/admin/stores', { name: `压测门店${code}`, code }, admin);
    const invite = await http.json('POST', '/api/v1/admin/staff-invites', { storeId: store.id, role: 'clerk' }, admin);
    const clerk = await signUp(http);
    const staff = await http.json(
      'POST',
      '/api/v1/staff/invites/redeem',
      { inviteCode: invite.inviteCode },
      clerk.token,
    );
    const now = Date.parse((await http.json('GET', '/sandbox/clock')).now);
    const at = (h) => new Date(now + h * HOUR).toISOString();
    const body = {
      title: '压测限额活动',
      posterIds: [],
      description: '',
      storeId: store.id,
      address: null,
      startsAt: at(48),
      endsAt: at(50),
      signupStartsAt: at(-1),
      signupEndsAt: at(24),
      capacity: seats,
      tierCodes: null,
      feeKind: 'FREE',
      feePoints: 0,
      feeFen: 0,
      maxCompanions: 0,
      cancelDeadline: at(24),
      rewardPoints: 10,
      rewardCouponTemplateId: null,
    };
    const event = await http.json('POST', '/api/v1/admin/events', body, admin);
    await http.json('POST', `/api/v1/admin/events/${event.id}/publish`, { version: event.version }, admin);
    let t = performance.now();
    // Members inserted in bulk (consent on record), each signed in once through the sandbox's WeChat login.
    const rows = await insertMembers(rowsOf(sql), { count: o.members, privacyVersion: PRIVACY_POLICY_VERSION });
    const people = await pool(rows, 8, async (m) => ({ memberId: m.id, token: await loginRetrying(http, m.openid) }));
    result.setupSeconds = Number(((performance.now() - t) / 1000).toFixed(2));
    o.log(`${o.members} members inserted and signed in in ${result.setupSeconds} s`);

    // 1. Everyone at once over 256 keep-alive sockets.
    const burst = httpClient(server.url, 256);
    t = performance.now();
    const signed = await Promise.all(
      people.map((p, i) =>
        burst.send('POST', `/api/v1/me/events/${event.id}/signups`, { companions: 0, requestId: `b-${i}` }, p.token),
      ),
    );
    result.signupSeconds = Number(((performance.now() - t) / 1000).toFixed(2));
    result.signups = tally(signed.map((r) => `${r.status} ${r.status === 201 ? r.body.signup.status : r.body?.code}`));
    o.log(`${o.members} sign-ups in ${result.signupSeconds} s → ${JSON.stringify(result.signups)}`);
    const [queue] = await sql.query(
      "SELECT id, waitlist_seq AS seq FROM event_signup WHERE event_id = ? AND status = 'WAITLISTED' ORDER BY id",
      [event.id],
    );
    const seqs = queue.map((r) => Number(r.seq));
    result.waitlist = {
      count: seqs.length,
      distinct: new Set(seqs).size,
      min: Math.min(...seqs),
      max: Math.max(...seqs),
      increasingWithArrival: seqs.every((s, i) => i === 0 || s > seqs[i - 1]),
    };

    // 2. `cancels` seat holders cancel at once.
    const holders = people.filter((_, i) => signed[i].status === 201 && signed[i].body.signup.status === 'CONFIRMED');
    const leaving = holders.slice(0, cancels);
    t = performance.now();
    const cancelled = await Promise.all(
      leaving.map((p, i) =>
        burst.send('POST', `/api/v1/me/events/${event.id}/signups/cancel`, { requestId: `c-${i}` }, p.token),
      ),
    );
    result.cancelSeconds = Number(((performance.now() - t) / 1000).toFixed(2));
    result.cancelAnswers = tally(
      cancelled.map((r) => `${r.status} ${r.status === 200 ? r.body.signup.status : r.body?.code}`),
    );
    const [promoted] = await sql.query(
      'SELECT waitlist_seq AS seq FROM event_signup WHERE event_id = ? AND promoted_at IS NOT NULL ORDER BY waitlist_seq',
      [event.id],
    );
    const [[counts]] = await sql.query(
      `SELECT SUM(status = 'CONFIRMED') AS confirmed, SUM(status = 'WAITLISTED') AS waiting,
              SUM(status = 'CANCELLED') AS cancelled FROM event_signup WHERE event_id = ?`,
      [event.id],
    );
    const [[notices]] = await sql.query(
      "SELECT COUNT(*) AS n, COUNT(DISTINCT outbox_key) AS k FROM outbox WHERE kind = 'notice.event-promoted'",
    );
    const promotedSeqs = promoted.map((r) => Number(r.seq));
    result.promotion = {
      promoted: promotedSeqs.length,
      firstArrivals: promotedSeqs.every((s, i) => s === i + 1),
      confirmed: Number(counts.confirmed),
      waiting: Number(counts.waiting),
      cancelled: Number(counts.cancelled),
      notices: Number(notices.n),
      distinctNotices: Number(notices.k),
    };
    o.log(`${cancels} cancellations in ${result.cancelSeconds} s → ${JSON.stringify(result.promotion)}`);

    // 3. At the door: one ticket scanned `checkins` times at once.
    await http.json('POST', '/sandbox/clock', { now: at(47.5) });
    const ticket = signed[people.indexOf(holders[holders.length - 1])].body.signup.ticketQr;
    t = performance.now();
    const scans = await Promise.all(
      Array.from({ length: o.checkins }, (_, i) =>
        burst.send('POST', '/api/v1/staff/events/checkins', { code: ticket, requestId: `k-${i}` }, staff.token),
      ),
    );
    result.checkinSeconds = Number(((performance.now() - t) / 1000).toFixed(2));
    result.checkinAnswers = tally(
      scans.map(
        (r) => `${r.status} ${r.status === 200 ? (r.body.duplicate ? 'duplicate' : 'checked-in') : r.body?.code}`,
      ),
    );
    const [[rewards]] = await sql.query(
      "SELECT COUNT(*) AS n, COALESCE(SUM(amount), 0) AS p FROM ledger_entry WHERE biz_type = 'EVENT_REWARD' AND entry_type = 'CREDIT' AND account_id = journal_account_id",
    );
    result.rewards = { credits: Number(rewards.n), points: Number(rewards.p) };
    o.log(
      `${o.checkins} check-ins of one ticket in ${result.checkinSeconds} s → ${JSON.stringify(result.checkinAnswers)}`,
    );
    burst.close();

    result.eventInvariants = await checkEvents(sql);
    result.invariants = server.checkLedger();
    const waiting = o.members - seats;
    result.ok =
      result.signups[`201 CONFIRMED`] === seats &&
      result.signups[`201 WAITLISTED`] === waiting &&
      Object.keys(result.signups).length === 2 &&
      result.waitlist.count === waiting &&
      result.waitlist.distinct === waiting &&
      result.waitlist.min === 1 &&
      result.waitlist.max === waiting &&
      result.waitlist.increasingWithArrival &&
      result.cancelAnswers['200 CANCELLED'] === cancels &&
      result.promotion.promoted === cancels &&
      result.promotion.firstArrivals &&
      result.promotion.confirmed === seats &&
      result.promotion.waiting === waiting - cancels &&
      result.promotion.notices === cancels &&
      result.promotion.distinctNotices === cancels &&
      result.checkinAnswers['200 checked-in'] === 1 &&
      result.checkinAnswers['200 duplicate'] === o.checkins - 1 &&
      result.rewards.credits === 1 &&
      result.eventInvariants.ok &&
      result.invariants.ok;
    return result;
  } finally {
    await sql.end();
    await server.stop();
  }
}

module.exports = { runEventBurst, checkEvents, loginRetrying, tally };
