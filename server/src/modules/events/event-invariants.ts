// Member events' invariants as a few GROUP BY queries, for tests after a scenario and for `npm run load`
// (test/load requires the built copy, server/dist/modules/events/event-invariants.js). Plain SQL by table
// name on purpose: it checks what is stored, whatever the services believe.

export interface EventViolation {
  rule: string;
  detail: string;
}

export interface EventCheckResult {
  events: number;
  signups: number;
  violations: EventViolation[];
}

/** Runs one statement and answers its rows: TypeORM's `ds.query`, or a mysql2 pool wrapped to drop the fields. */
export type RowQuery = (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

const n = (v: unknown) => Number(v ?? 0);
const SEATED = "('CONFIRMED', 'PENDING_PAYMENT', 'CHECKED_IN', 'NO_SHOW')";

/**
 * - per event and per session: 0 ≤ seats_taken ≤ capacity (a cancelled event: 0 ≤ seats_taken) and seats_taken
 *   = Σ party of its seated sign-ups (confirmed, pending payment, checked in, no-show) — the event row counts
 *   the sign-ups without a session (none when it has sessions), each session its own;
 * - per event and per session: waitlist numbers are unique, 1 … waitlist_seq with no gaps;
 * - a sign-up's session is one of its event's; a session carries its event's status; session_count is right;
 * - a live sign-up (not cancelled) carries its member in active_member_id, a cancelled one none;
 * - a sign-up with a fee has exactly its DEBIT (EVENT_FEE / ticket, −fee); a refunded one exactly one REVERSAL
 *   of it (EVENT_FEE_REFUND / ticket, +fee), any other none;
 * - a checked-in sign-up with a reward has exactly one EVENT_REWARD credit of it, nobody else has one;
 * - cash fees: a sign-up waiting for payment has a PENDING payment and a PENDING payment's sign-up is
 *   waiting; every paid payment (PAID, or a late payment on a CLOSED one) is either a seat (sign-up
 *   CONFIRMED / CHECKED_IN / NO_SHOW, no refund) or refunded (refund planned, sign-up not holding seats),
 *   never both; an unpaid payment has no refund; the amount is the party's fee.
 */
export async function checkEventInvariants(query: RowQuery): Promise<EventCheckResult> {
  const violations: EventViolation[] = [];
  const add = (rule: string, detail: string) => violations.push({ rule, detail });

  // Seat counters: the event rows (sign-ups without a session) and the session rows (their sign-ups).
  const seats = await query(
    `SELECT 'event' AS kind, e.id, e.status, e.capacity, e.seats_taken, COALESCE(s.p, 0) AS seated
       FROM event e LEFT JOIN (SELECT event_id, SUM(party_size) AS p FROM event_signup
         WHERE status IN ${SEATED} AND session_id = 0 GROUP BY event_id) s ON s.event_id = e.id
     UNION ALL
     SELECT 'session' AS kind, x.id, e.status, x.capacity, x.seats_taken, COALESCE(s.p, 0) AS seated
       FROM event_session x JOIN event e ON e.id = x.event_id
       LEFT JOIN (SELECT session_id, SUM(party_size) AS p FROM event_signup
         WHERE status IN ${SEATED} AND session_id <> 0 GROUP BY session_id) s ON s.session_id = x.id`,
  );
  for (const e of seats) {
    const id = `${String(e.kind)} ${n(e.id)}`;
    if (n(e.seats_taken) < 0 || (e.status !== 'CANCELLED' && n(e.seats_taken) > n(e.capacity)))
      add('0 ≤ seats ≤ capacity', `${id}: ${n(e.seats_taken)} of ${n(e.capacity)}`);
    if (e.status !== 'CANCELLED' && n(e.seats_taken) !== n(e.seated))
      add('seats = Σ seated parties', `${id}: seats_taken ${n(e.seats_taken)}, seated ${n(e.seated)}`);
  }
  const events = seats.filter((e) => e.kind === 'event');

  const queues = await query(
    `SELECT 'event' AS kind, e.id, e.waitlist_seq, COUNT(s.waitlist_seq) AS k, COUNT(DISTINCT s.waitlist_seq) AS d,
            MIN(s.waitlist_seq) AS lo, MAX(s.waitlist_seq) AS hi
       FROM event e JOIN event_signup s ON s.event_id = e.id AND s.session_id = 0 AND s.waitlist_seq IS NOT NULL
      GROUP BY e.id, e.waitlist_seq
     UNION ALL
     SELECT 'session' AS kind, x.id, x.waitlist_seq, COUNT(s.waitlist_seq) AS k, COUNT(DISTINCT s.waitlist_seq) AS d,
            MIN(s.waitlist_seq) AS lo, MAX(s.waitlist_seq) AS hi
       FROM event_session x JOIN event_signup s ON s.session_id = x.id AND s.waitlist_seq IS NOT NULL
      GROUP BY x.id, x.waitlist_seq`,
  );
  for (const q of queues) {
    if (n(q.k) !== n(q.d) || n(q.lo) !== 1 || n(q.hi) !== n(q.waitlist_seq) || n(q.d) !== n(q.waitlist_seq))
      add(
        'waitlist 1…n, no gaps or duplicates',
        `${String(q.kind)} ${n(q.id)}: ${n(q.k)} numbers, ${n(q.lo)}…${n(q.hi)} of ${n(q.waitlist_seq)}`,
      );
  }

  const sessions = await query(
    `SELECT s.id, 'sign-up in another event''s session' AS what FROM event_signup s
       LEFT JOIN event_session x ON x.id = s.session_id WHERE s.session_id <> 0 AND (x.id IS NULL OR x.event_id <> s.event_id)
     UNION ALL
     SELECT x.id, 'session status differs from its event' AS what FROM event_session x JOIN event e ON e.id = x.event_id
      WHERE x.status <> e.status
     UNION ALL
     SELECT e.id, 'session_count differs' AS what FROM event e
      WHERE e.session_count <> (SELECT COUNT(*) FROM event_session x WHERE x.event_id = e.id)`,
  );
  for (const x of sessions) add('sessions belong to their event', `${String(x.what)}: ${n(x.id)}`);

  const live = await query(
    `SELECT id, status, member_id, active_member_id FROM event_signup
      WHERE (status = 'CANCELLED' AND active_member_id IS NOT NULL)
         OR (status <> 'CANCELLED' AND (active_member_id IS NULL OR active_member_id <> member_id))`,
  );
  for (const s of live) add('live ⇔ active member', `signup ${n(s.id)}: ${String(s.status)}`);

  const fees = await query(
    `SELECT s.id, s.fee_points, s.fee_refunded,
            (SELECT COUNT(*) FROM ledger_entry d WHERE d.biz_type = 'EVENT_FEE' AND d.biz_id = s.ticket_code
               AND d.entry_type = 'DEBIT' AND d.account_id = d.journal_account_id AND d.amount = -s.fee_points) AS debits,
            (SELECT COUNT(*) FROM ledger_entry r WHERE r.biz_type = 'EVENT_FEE_REFUND' AND r.biz_id = s.ticket_code
               AND r.entry_type = 'REVERSAL' AND r.account_id = r.journal_account_id AND r.amount = s.fee_points) AS refunds
       FROM event_signup s WHERE s.fee_points > 0 OR s.fee_entry_id IS NOT NULL`,
  );
  for (const f of fees) {
    if (n(f.debits) !== 1) add('one fee debit', `signup ${n(f.id)}: ${n(f.debits)} debits of ${n(f.fee_points)}`);
    if (n(f.refunds) !== (n(f.fee_refunded) ? 1 : 0))
      add('refund once iff refunded', `signup ${n(f.id)}: ${n(f.refunds)} refunds, refunded ${n(f.fee_refunded)}`);
  }

  const rewards = await query(
    `SELECT s.id, s.status, s.reward_points,
            (SELECT COUNT(*) FROM ledger_entry c WHERE c.biz_type = 'EVENT_REWARD' AND c.biz_id = CAST(s.id AS CHAR)
               AND c.entry_type = 'CREDIT' AND c.account_id = c.journal_account_id) AS credits
       FROM event_signup s WHERE s.reward_points > 0 OR s.status = 'CHECKED_IN'`,
  );
  for (const r of rewards) {
    const want = r.status === 'CHECKED_IN' && n(r.reward_points) > 0 ? 1 : 0;
    if (n(r.credits) !== want) add('reward once at check-in', `signup ${n(r.id)}: ${n(r.credits)} reward credits`);
  }

  const cash = await query(
    `SELECT p.id, p.status, p.transaction_id, p.refund_status, p.amount_fen, s.status AS signup_status,
            s.party_size, e.fee_fen
       FROM event_payment p JOIN event_signup s ON s.id = p.signup_id JOIN event e ON e.id = p.event_id`,
  );
  const seated = new Set(['CONFIRMED', 'CHECKED_IN', 'NO_SHOW']);
  for (const p of cash) {
    const id = `payment ${n(p.id)}: ${String(p.status)}/${String(p.signup_status)}/${String(p.refund_status)}`;
    if ((p.status === 'PENDING') !== (p.signup_status === 'PENDING_PAYMENT'))
      add('pending payment ⇔ pending sign-up', id);
    if (n(p.amount_fen) !== n(p.fee_fen) * n(p.party_size)) add('amount = fee × party', id);
    const paid = p.transaction_id !== null && p.transaction_id !== undefined;
    if ((p.status === 'PAID') !== paid && !(p.status === 'CLOSED' && paid)) add('paid ⇔ transaction id', id);
    if (!paid && p.refund_status !== null) add('no refund without a payment', id);
    if (paid) {
      const seat = seated.has(String(p.signup_status));
      const refunded = p.refund_status !== null;
      if (seat === refunded) add('every payment a seat or refunded, never both', id);
    }
  }

  const [{ k }] = await query('SELECT COUNT(*) AS k FROM event_signup');
  return { events: events.length, signups: n(k), violations };
}
