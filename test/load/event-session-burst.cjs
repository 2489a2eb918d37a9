// Sign-up bursts on a recurring event's sessions (场次) on the built server (`npm run load -- --scenario
// event-session-burst --members 1000`, and the CI check in event-session-burst.load.ts with 300): members
// (inserted in bulk SQL) sign in through the API, then
//   1. all sign up at the same moment, alternately for each of `sessions` sessions of `seats` each → exactly
//      `seats` CONFIRMED per session (each session's seat counter is its own hot row), the rest WAITLISTED with
//      arrival numbers 1…n per session (no gaps or duplicates) in the order they got through the session row
//      (sign-up ids increase with the numbers);
//   2. `cancels` seat holders of every session cancel at the same moment → in each session exactly the first
//      `cancels` of its own waitlist promoted, once each (one promotion notice each), every session full again;
// and the events' and the ledger's invariant checkers are clean.
const os = require('node:os');
const { randomBytes } = require('node:crypto');
const { createPool } = require('mysql2/promise');
const { PRIVACY_POLICY_VERSION } = require('@member/shared');
const { insertMembers, rowsOf } = require('./bulk-members.cjs');
const { checkEvents, loginRetrying, tally } = require('./event-burst.cjs');
const { httpClient } = require('./http.cjs');
const { pool } = require('./scenarios/purchase.cjs');
const { startServer } = require('./server-process.cjs');

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Arrival numbers of one session's waitlist in sign-up order: complete, unique and increasing. */
function queueOf(rows) {
  const seqs = rows.map((r) => Number(r.seq));
  return {
    count: seqs.length,
    distinct: new Set(seqs).size,
    min: Math.min(...seqs),
    max: Math.max(...seqs),
    increasingWithArrival: seqs.every((x, i) => i === 0 || x > seqs[i - 1]),
  };
}

/**
 * @param {{ members?: number, sessions?: number, seats?: number, cancels?: number, databaseUrl?: string,
 *   log?: (s: string) => void }} opts
 */
async function runEventSessionBurst(opts = {}) {
  const o = {
    members: 1000,
    sessions: 2,
    databaseUrl: process.env.DATABASE_URL,
    log: (s) => console.log(`[load] ${s}`),
    ...opts,
  };
  const seats = o.seats ?? Math.max(1, Math.floor(o.members / o.sessions / 5));
  const cancels = o.cancels ?? Math.max(1, Math.floor(seats / 3));
  if (!o.databaseUrl || !/^mysql|^mariadb/.test(o.databaseUrl)) {
    throw new Error('the event session burst runs on MariaDB/MySQL: set DATABASE_URL=mysql://root@127.0.0.1:3306/test');
  }
  const result = {
    scenario: 'event-session-burst',
    operation: 'POST /api/v1/me/events/:id/signups {sessionId}, …/signups/cancel {sessionId} (at once)',
    startedAt: new Date().toISOString(),
    machine: { cpus: os.cpus().length, loadavg: os.loadavg().map((x) => Number(x.toFixed(2))), node: process.version },
    members: o.members,
    sessions: o.sessions,
    seats,
    cancels,
  };
  const server = await startServer({ databaseUrl: o.databaseUrl });
  const sql = createPool({ uri: server.databaseUrl, connectionLimit: 4, timezone: 'Z', supportBigNumbers: true });
  try {
    const http = server.http;
    const admin = (await http.json('POST', '/api/v1/admin/auth/login', server.admin)).token;
    const code = 'W' + randomBytes(3).toString('hex');
    const store = await http.json('POST', '/api/v1/admin/stores', { name: `压测门店${code}`, code }, admin);
    const now = Date.parse((await http.json('GET', '/sandbox/clock')).now);
    const at = (ms) => new Date(now + ms).toISOString();
    const sessions = Array.from({ length: o.sessions }, (_, i) => ({
      startsAt: at(2 * DAY + i * 7 * DAY),
      endsAt: at(2 * DAY + i * 7 * DAY + 2 * HOUR),
      capacity: seats,
    }));
    const created = await http.json(
      'POST',
      '/api/v1/admin/events',
      {
        title: '压测分场次活动',
        posterIds: [],
        description: '',
        storeId: store.id,
        address: null,
        startsAt: sessions[0].startsAt,
        endsAt: sessions[sessions.length - 1].endsAt,
        signupStartsAt: at(-HOUR),
        signupEndsAt: sessions[sessions.length - 1].startsAt,
        capacity: seats,
        tierCodes: null,
        feeKind: 'FREE',
        feePoints: 0,
        feeFen: 0,
        maxCompanions: 0,
        cancelDeadline: at(DAY),
        rewardPoints: 0,
        rewardCouponTemplateId: null,
        sessions,
      },
      admin,
    );
    await http.json('POST', `/api/v1/admin/events/${created.id}/publish`, { version: created.version }, admin);
    const sessionIds = created.sessions.map((x) => x.id);
    let t = performance.now();
    const rows = await insertMembers(rowsOf(sql), { count: o.members, privacyVersion: PRIVACY_POLICY_VERSION });
    const people = await pool(rows, 8, async (m) => ({ memberId: m.id, token: await loginRetrying(http, m.openid) }));
    result.setupSeconds = Number(((performance.now() - t) / 1000).toFixed(2));
    o.log(`${o.members} members inserted and signed in in ${result.setupSeconds} s`);

    // 1. Everyone at once, member i for session i mod n, over 256 keep-alive sockets.
    const burst = httpClient(server.url, 256);
    const sessionOf = (i) => sessionIds[i % sessionIds.length];
    t = performance.now();
    const signed = await Promise.all(
      people.map((p, i) =>
        burst.send(
          'POST',
          `/api/v1/me/events/${created.id}/signups`,
          { companions: 0, sessionId: sessionOf(i), requestId: `s-${i}` },
          p.token,
        ),
      ),
    );
    result.signupSeconds = Number(((performance.now() - t) / 1000).toFixed(2));
    result.signups = {};
    result.waitlists = {};
    for (const [n, id] of sessionIds.entries()) {
      const mine = signed.filter((_, i) => sessionOf(i) === id);
      result.signups[`session ${n + 1}`] = tally(
        mine.map((r) => `${r.status} ${r.status === 201 ? r.body.signup.status : r.body?.code}`),
      );
      const [queue] = await sql.query(
        "SELECT waitlist_seq AS seq FROM event_signup WHERE session_id = ? AND status = 'WAITLISTED' ORDER BY id",
        [id],
      );
      result.waitlists[`session ${n + 1}`] = queueOf(queue);
    }
    o.log(`${o.members} sign-ups in ${result.signupSeconds} s → ${JSON.stringify(result.signups)}`);

    // 2. `cancels` seat holders of each session cancel at once (all sessions together).
    const leaving = sessionIds.flatMap((id) =>
      people
        .map((p, i) => ({ p, i }))
        .filter(
          ({ i }) => sessionOf(i) === id && signed[i].status === 201 && signed[i].body.signup.status === 'CONFIRMED',
        )
        .slice(0, cancels)
        .map(({ p }) => ({ p, id })),
    );
    t = performance.now();
    const cancelled = await Promise.all(
      leaving.map(({ p, id }, i) =>
        burst.send(
          'POST',
          `/api/v1/me/events/${created.id}/signups/cancel`,
          { requestId: `c-${i}`, sessionId: id },
          p.token,
        ),
      ),
    );
    result.cancelSeconds = Number(((performance.now() - t) / 1000).toFixed(2));
    result.cancelAnswers = tally(
      cancelled.map((r) => `${r.status} ${r.status === 200 ? r.body.signup.status : r.body?.code}`),
    );
    result.promotion = {};
    for (const [n, id] of sessionIds.entries()) {
      const [promoted] = await sql.query(
        'SELECT waitlist_seq AS seq FROM event_signup WHERE session_id = ? AND promoted_at IS NOT NULL ORDER BY waitlist_seq',
        [id],
      );
      const [[counts]] = await sql.query(
        `SELECT SUM(status = 'CONFIRMED') AS confirmed, SUM(status = 'WAITLISTED') AS waiting,
                SUM(status = 'CANCELLED') AS cancelled FROM event_signup WHERE session_id = ?`,
        [id],
      );
      const [[session]] = await sql.query('SELECT seats_taken AS taken FROM event_session WHERE id = ?', [id]);
      const seqs = promoted.map((r) => Number(r.seq));
      result.promotion[`session ${n + 1}`] = {
        promoted: seqs.length,
        firstArrivals: seqs.every((x, i) => x === i + 1),
        confirmed: Number(counts.confirmed),
        waiting: Number(counts.waiting),
        cancelled: Number(counts.cancelled),
        seatsTaken: Number(session.taken),
      };
    }
    const [[notices]] = await sql.query(
      "SELECT COUNT(*) AS n, COUNT(DISTINCT outbox_key) AS k FROM outbox WHERE kind = 'notice.event-promoted'",
    );
    result.notices = { promoted: Number(notices.n), distinct: Number(notices.k) };
    o.log(`${leaving.length} cancellations in ${result.cancelSeconds} s → ${JSON.stringify(result.promotion)}`);
    burst.close();

    result.eventInvariants = await checkEvents(sql);
    result.invariants = server.checkLedger();
    const perSession = Math.floor(o.members / o.sessions);
    const waiting = perSession - seats;
    result.ok =
      sessionIds.every((_, n) => {
        const k = `session ${n + 1}`;
        const s = result.signups[k];
        const q = result.waitlists[k];
        const p = result.promotion[k];
        return (
          s['201 CONFIRMED'] === seats &&
          s['201 WAITLISTED'] === waiting &&
          Object.keys(s).length === 2 &&
          q.count === waiting &&
          q.distinct === waiting &&
          q.min === 1 &&
          q.max === waiting &&
          q.increasingWithArrival &&
          p.promoted === cancels &&
          p.firstArrivals &&
          p.confirmed === seats &&
          p.seatsTaken === seats &&
          p.waiting === waiting - cancels
        );
      }) &&
      result.cancelAnswers['200 CANCELLED'] === cancels * o.sessions &&
      result.notices.promoted === cancels * o.sessions &&
      result.notices.distinct === cancels * o.sessions &&
      result.eventInvariants.ok &&
      result.invariants.ok;
    return result;
  } finally {
    await sql.end();
    await server.stop();
  }
}

module.exports = { runEventSessionBurst };
