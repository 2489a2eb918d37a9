// Load scenario: members signing up for events (POST /api/v1/me/events/:id/signups). Each phase gets its own
// free events with seats for half of the members: the first half of each event's sign-ups take seats by the
// guarded update on the event row (the hot row every sign-up of an event goes through), the second half
// join the waitlist with the next arrival number. Every item is a member's first sign-up for its event.
const { randomBytes } = require('node:crypto');
const { join } = require('node:path');
const { PRIVACY_POLICY_VERSION } = require('@member/shared');
const { insertMembers, rowsOf } = require('../bulk-members.cjs');
const { pool } = require('./purchase.cjs');

const MEMBERS = 200;
const TICKET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const ticketCode = () => 'E' + Array.from({ length: 11 }, () => TICKET[Math.floor(Math.random() * 32)]).join('');

module.exports = {
  name: 'event',
  operation: 'POST /api/v1/me/events/:id/signups',

  /** A store, and 200 members (bulk SQL) signed in through the sandbox with their tokens. */
  async setup({ http, sql, admin }) {
    const adminToken = (await http.json('POST', '/api/v1/admin/auth/login', admin)).token;
    const code = 'V' + randomBytes(3).toString('hex');
    const store = await http.json('POST', '/api/v1/admin/stores', { name: `压测门店${code}`, code }, adminToken);
    const people = await insertMembers(rowsOf(sql), { count: MEMBERS, privacyVersion: PRIVACY_POLICY_VERSION });
    const tokens = await pool(people, 8, async (m) => {
      const { code: c } = await http.json('POST', '/sandbox/wx/login-code', { openid: m.openid });
      return (await http.json('POST', '/api/v1/auth/wechat/login', { code: c })).token;
    });
    const [[{ v }]] = await sql.query('SELECT VERSION() AS v');
    return {
      mariadb: /mariadb/i.test(String(v)),
      storeId: store.id,
      members: people.map((m, i) => ({ memberId: m.id, token: tokens[i] })),
      run: randomBytes(3).toString('hex'),
    };
  },

  /**
   * `count` sign-ups: item i is member i mod 200 for event ⌊i / 200⌋ of this phase (events inserted here,
   * published, sign-up open, capacity 100, free).
   */
  async prepare({ sql, state, count }) {
    const now = Date.now();
    const events = Math.ceil(count / state.members.length);
    const at = (h) => new Date(now + h * 3_600_000);
    const [res] = await sql.query(
      `INSERT INTO event (title, poster_ids_json, description, store_id, address, starts_at, ends_at, signup_starts_at,
         signup_ends_at, capacity, seats_taken, waitlist_seq, tier_codes_json, fee_kind, fee_points, fee_fen,
         max_companions, cancel_deadline, reward_points, reward_coupon_template_id, status, cancel_reason,
         no_show_swept_at, version, created_by, created_at, updated_at, published_at, cancelled_at) VALUES ?`,
      [
        Array.from({ length: events }, () => [
          '压测活动',
          '[]',
          '',
          state.storeId,
          null,
          at(48),
          at(50),
          at(-1),
          at(24),
          state.members.length / 2,
          0,
          0,
          null,
          'FREE',
          0,
          0,
          0,
          at(24),
          0,
          null,
          'PUBLISHED',
          null,
          null,
          1,
          1,
          new Date(now),
          new Date(now),
          new Date(now),
          null,
        ]),
      ],
    );
    return Array.from({ length: count }, (_, i) => ({
      member: state.members[i % state.members.length],
      eventId: res.insertId + Math.floor(i / state.members.length),
      requestId: `${state.run}-${res.insertId}-${i}`,
    }));
  },

  api(item) {
    return {
      method: 'POST',
      path: `/api/v1/me/events/${item.eventId}/signups`,
      token: item.member.token,
      body: { companions: 0, requestId: item.requestId },
    };
  },

  /**
   * The floor: the statements the API sends for one sign-up (trace them with `npm run load -- --scenario
   * event --trace`), hand-written, one round trip each: the member guard's status read and the use check;
   * the event; the member's no-show standing; the guarded seat update, else the next waitlist number; the
   * sign-up; the waitlist position (waitlisted only); the points balance for the answer; the stored answer
   * (idempotency); COMMIT.
   */
  async raw(db, item, state) {
    const now = new Date();
    const m = item.member;
    await db.query('SELECT status FROM member WHERE id = ?', [m.memberId]);
    await db.query(
      `SELECT c.granted AS granted, c.version AS version,
              (SELECT COUNT(*) FROM deletion_request WHERE open_member_id = ?) AS open_requests
         FROM (SELECT 1 AS one) x
         LEFT JOIN member_consent c ON c.id = (SELECT MAX(id) FROM member_consent WHERE member_id = ? AND kind = 'privacy')`,
      [m.memberId, m.memberId],
    );
    await db.query('START TRANSACTION');
    await db.query('SELECT * FROM event WHERE id = ?', [item.eventId]);
    await db.query('SELECT * FROM event_member_standing WHERE member_id = ? LIMIT 1', [m.memberId]);
    const [seat] = await db.query(
      `UPDATE event SET seats_taken = seats_taken + ? WHERE id = ? AND status IN (?) AND seats_taken + ? <= capacity`,
      [1, item.eventId, 'PUBLISHED', 1],
    );
    let seq = null;
    if (seat.affectedRows !== 1) {
      const [r] = await db.query('UPDATE event SET waitlist_seq = LAST_INSERT_ID(waitlist_seq + 1) WHERE id = ?', [
        item.eventId,
      ]);
      seq = r.insertId;
    }
    const code = ticketCode();
    const [signup] = await db.query(
      `INSERT INTO event_signup (event_id, member_id, active_member_id, companions, party_size, waitlist_seq, ticket_code,
         fee_points, fee_entry_id, fee_refunded, reward_points, reward_coupon_id, walk_in, skip_note, promoted_at,
         checked_in_at, checked_in_by, cancelled_at, end_reason, created_at, updated_at, status)
       VALUES (?, ?, ?, 0, 1, ?, ?, 0, NULL, 0, 0, NULL, 0, NULL, NULL, NULL, NULL, NULL, NULL, ?, ?, ?)`,
      [item.eventId, m.memberId, m.memberId, seq, code, now, now, seq === null ? 'CONFIRMED' : 'WAITLISTED'],
    );
    if (seq !== null)
      await db.query(
        "SELECT COUNT(1) AS cnt FROM event_signup s WHERE s.event_id = ? AND s.status = 'WAITLISTED' AND s.waitlist_seq < ?",
        [item.eventId, seq],
      );
    await db.query(
      `SELECT a.id, a.member_id, a.balance - COALESCE((SELECT SUM(l.remaining) FROM ledger_lot l WHERE l.account_id = a.id
          AND l.remaining > 0 AND l.expires_at <= ?), 0) AS live FROM ledger_account a WHERE a.member_id = ? AND a.kind = ?`,
      [now, m.memberId, 'POINTS'],
    );
    const answer = JSON.stringify({
      signup: { id: signup.insertId, eventId: item.eventId, ticketCode: code },
      pointsBalance: 0,
    });
    await db.query(
      `${state.mariadb ? 'SET STATEMENT innodb_lock_wait_timeout=5 FOR ' : ''}INSERT INTO idempotency_record
         (scope, operation, idem_key, fingerprint, status_code, response_json, created_at)
       VALUES (?, 'event-signup', ?, ?, 201, ?, ?)`,
      [`member:${m.memberId}`, item.requestId, 'f'.repeat(64), answer, now],
    );
    await db.query('COMMIT');
  },

  /** The events' invariants after the run (the raw path's sign-ups count too: they took seats alike). */
  async verify({ sql }) {
    const { checkEventInvariants } = require(
      join(__dirname, '..', '..', '..', 'server', 'dist', 'modules', 'events', 'event-invariants.js'),
    );
    const r = await checkEventInvariants((text, params) => sql.query(text, params).then(([rows]) => rows));
    return {
      ok: r.violations.length === 0,
      events: r.events,
      signups: r.signups,
      violations: r.violations.slice(0, 20),
    };
  },
};
