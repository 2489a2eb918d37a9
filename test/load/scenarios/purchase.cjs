// Load scenario: a purchase at the counter (POST /api/v1/staff/purchases), one checkout per purchase.
// A scenario is a small module (see ../harness.cjs): setup (once, through the API), prepare (the items
// one phase consumes, here open checkouts inserted in one statement), api (one operation as an HTTP
// request) and raw (the same statements through mysql2: the floor).
const { randomBytes } = require('node:crypto');

const AMOUNT_FEN = 2000;
const CHECKOUT_TTL_MS = 3_600_000;

/** Signs a member up through the sandbox as the mini-program does (login, consent to the privacy policy). */
async function signUp(http) {
  const openid = 'o' + randomBytes(20).toString('base64url').slice(0, 27);
  const { code } = await http.json('POST', '/sandbox/wx/login-code', { openid });
  const login = await http.json('POST', '/api/v1/auth/wechat/login', { code });
  const m = login.member;
  if (m.currentPrivacyVersion !== undefined && m.privacyVersion !== m.currentPrivacyVersion) {
    await http.json('POST', '/api/v1/me/privacy-consent', { version: m.currentPrivacyVersion }, login.token);
  }
  return { token: login.token, memberId: m.id };
}

/** Runs `fn` over `items` with at most `limit` at a time. */
async function pool(items, limit, fn) {
  const out = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i], i);
      }
    }),
  );
  return out;
}

module.exports = {
  signUp,
  pool,
  name: 'purchase',
  operation: 'POST /api/v1/staff/purchases',
  // A warm server (the JIT done): the CPU per purchase of a node that has been up for a while.
  warmUp: 2000,

  /** One store and clerk, `members` members (each client rings up its own member in the closed loop). */
  async setup({ http, sql, admin, members }) {
    const adminToken = (await http.json('POST', '/api/v1/admin/auth/login', admin)).token;
    const code = 'L' + randomBytes(3).toString('hex');
    const store = await http.json('POST', '/api/v1/admin/stores', { name: `压测门店${code}`, code }, adminToken);
    const invite = await http.json(
      'POST',
      '/api/v1/admin/staff-invites',
      { storeId: store.id, role: 'clerk' },
      adminToken,
    );
    const clerk = await signUp(http);
    const session = await http.json(
      'POST',
      '/api/v1/staff/invites/redeem',
      { inviteCode: invite.inviteCode },
      clerk.token,
    );
    const people = await pool(Array.from({ length: members }), 8, () => signUp(http));
    const ids = people.map((p) => p.memberId);
    // The raw path credits the same POINTS accounts the API does.
    const [accounts] = await sql.query(
      `SELECT id, member_id FROM ledger_account WHERE kind = 'POINTS' AND member_id IN (?)`,
      [ids],
    );
    const accountOf = new Map(accounts.map((a) => [Number(a.member_id), Number(a.id)]));
    const [[issued]] = await sql.query(`SELECT id FROM ledger_account WHERE system_code = 'POINTS:ISSUED'`);
    const [[{ v }]] = await sql.query('SELECT VERSION() AS v');
    return {
      staffToken: session.token,
      staffId: session.staff.staffId,
      storeId: session.staff.storeId,
      members: ids.map((id) => ({ memberId: id, accountId: accountOf.get(id) })),
      issuedAccountId: issued ? Number(issued.id) : null,
      mariadb: /mariadb/i.test(String(v)),
      run: randomBytes(3).toString('hex'),
    };
  },

  /**
   * Items for one phase: `count` open checkouts, item i for member i mod members (a scan would open
   * them one by one; one INSERT keeps setup to milliseconds).
   */
  async prepare({ sql, state, count, phase }) {
    const now = new Date();
    const expires = new Date(now.getTime() + CHECKOUT_TTL_MS);
    const rows = Array.from({ length: count }, (_, i) => {
      const m = state.members[i % state.members.length];
      return [m.memberId, state.storeId, state.staffId, 'open', now, expires];
    });
    const [res] = await sql.query(
      'INSERT INTO checkout (member_id, store_id, staff_id, status, created_at, expires_at) VALUES ?',
      [rows],
    );
    // Auto-increment ids of one multi-row INSERT are consecutive (innodb_autoinc_lock_mode 1 or 2 without
    // interleaving: nothing else inserts checkouts during setup).
    return rows.map((r, i) => ({
      checkoutId: res.insertId + i,
      member: state.members[i % state.members.length],
      receiptNo: `${phase}${state.run}-${i}`,
    }));
  },

  /** After the warm-up (each member's first purchase opens their POINTS and GROWTH accounts): their ids. */
  async ready({ sql, state }) {
    const ids = state.members.map((m) => m.memberId);
    const [rows] = await sql.query(
      `SELECT id, member_id, kind FROM ledger_account WHERE kind IN ('POINTS', 'GROWTH') AND member_id IN (?)`,
      [ids],
    );
    const [system] = await sql.query(
      `SELECT id, system_code FROM ledger_account WHERE system_code IN ('POINTS:ISSUED', 'GROWTH:ISSUED')`,
    );
    const find = (memberId, kind) => Number(rows.find((r) => Number(r.member_id) === memberId && r.kind === kind)?.id);
    const sys = (code) => Number(system.find((r) => r.system_code === code).id);
    return {
      ...state,
      members: state.members.map((m) => ({
        ...m,
        pointsAccountId: find(m.memberId, 'POINTS'),
        growthAccountId: find(m.memberId, 'GROWTH'),
      })),
      pointsIssuedId: sys('POINTS:ISSUED'),
      growthIssuedId: sys('GROWTH:ISSUED'),
    };
  },

  api(item, state) {
    return {
      method: 'POST',
      path: '/api/v1/staff/purchases',
      token: state.staffToken,
      body: { checkoutId: item.checkoutId, amountFen: AMOUNT_FEN, receiptNo: item.receiptNo },
    };
  },

  /**
   * The floor: the statements the API sends for one purchase of a warmed-up member (trace them with
   * `npm run load -- --trace`), hand-written, one round trip each: the guarded checkout close, the sale
   * context (with the clerk's binding, which the staff guard leaves to the sale), both ledger accounts
   * locked in one read, one journal (all legs in one INSERT, ids by RETURNING on MariaDB), both balances
   * in one guarded UPDATE, both lots in one INSERT; the purchase row, its audit row and the stored answer
   * (idempotency); COMMIT.
   */
  async raw(db, item, state) {
    const now = new Date();
    const m = item.member;
    const points = AMOUNT_FEN / 100;
    await db.query('START TRANSACTION');
    const [closed] = await db.query(
      `UPDATE checkout SET status = 'closed', closed_at = ?, receipt_no = ?
        WHERE id = ? AND store_id = ? AND staff_id = ? AND status = 'open' AND expires_at > ?`,
      [now, item.receiptNo, item.checkoutId, state.storeId, state.staffId, now],
    );
    if (closed.affectedRows !== 1) throw new Error(`checkout ${item.checkoutId} not open`);
    await db.query(
      `SELECT m.id, m.nickname, m.birthday, m.member_no, mt.pinned, mt.tier_id, sm.nickname AS clerk_nickname,
              sm.member_no AS clerk_member_no, st.id AS staff_id, st.store_id, st.role, st.active, so.active AS store_active,
              (SELECT COUNT(*) FROM purchase p WHERE p.staff_id = c.staff_id AND p.created_at > ?) AS clerk_sales
         FROM checkout c JOIN member m ON m.id = c.member_id LEFT JOIN member_tier mt ON mt.member_id = c.member_id
         LEFT JOIN staff st ON st.id = c.staff_id LEFT JOIN member sm ON sm.id = st.member_id
         LEFT JOIN store so ON so.id = st.store_id WHERE c.id = ?`,
      [new Date(now.getTime() - 3_600_000), item.checkoutId],
    );
    const bizId = `${state.storeId}:${item.receiptNo}`;
    const [accounts] = await db.query(
      `SELECT a.*, COALESCE((SELECT SUM(l.remaining) FROM ledger_lot l
                WHERE l.account_id = a.id AND l.remaining > 0 AND l.expires_at <= ?), 0) AS due,
              CASE WHEN a.kind = 'POINTS' THEN (SELECT d.balance FROM ledger_account d
                WHERE d.member_id = a.member_id AND d.kind = 'POINTS_DEBT') END AS debt
         FROM ledger_account a WHERE a.member_id = ? AND a.kind IN ('GROWTH', 'POINTS') FOR UPDATE`,
      [now, m.memberId],
    );
    const inAYear = new Date(now.getTime() + 365 * 86_400_000);
    const legs = [
      { id: m.pointsAccountId, system: state.pointsIssuedId, reason: '压测 获得积分' },
      { id: m.growthAccountId, system: state.growthIssuedId, reason: '压测 成长值' },
    ].map((leg) => {
      const account = accounts.find((a) => Number(a.id) === leg.id);
      return { ...leg, balance: Number(account.balance) + points, seq: Number(account.seq) + 1 };
    });
    const member = (l) => [l.id, l.id, l.seq, points, l.balance, bizId, l.reason, state.staffId, state.storeId, now];
    const system = (l) => [l.system, l.id, l.seq, -points, null, bizId, l.reason, state.staffId, state.storeId, now];
    const [inserted] = await db.query(
      `INSERT INTO ledger_entry (account_id, journal_account_id, journal_seq, amount, balance_after, entry_type,
         biz_type, biz_id, reason, actor_type, actor_id, store_id, reverses_entry_id, created_at)
       VALUES ${legs.map(() => "(?, ?, ?, ?, ?, 'CREDIT', 'purchase', ?, ?, 'staff', ?, ?, NULL, ?)").join(', ')},
              ${legs.map(() => "(?, ?, ?, ?, ?, 'CREDIT', 'purchase', ?, ?, 'staff', ?, ?, NULL, ?)").join(', ')}
       ${state.mariadb ? 'RETURNING id' : ''}`,
      [...legs.flatMap(member), ...legs.flatMap(system)],
    );
    // MySQL has no RETURNING: the server reads the member legs back by the journal's unique key.
    const [entries] = state.mariadb
      ? [inserted]
      : await db.query(
          `SELECT id FROM ledger_entry WHERE (journal_account_id, journal_seq, account_id) IN ((?, ?, ?), (?, ?, ?))
            ORDER BY FIELD(account_id, ?, ?)`,
          [...legs.flatMap((l) => [l.id, l.seq, l.id]), ...legs.map((l) => l.id)],
        );
    const [updated] = await db.query(
      `UPDATE ledger_account SET balance = CASE id WHEN ? THEN ? WHEN ? THEN ? END,
              seq = CASE id WHEN ? THEN ? WHEN ? THEN ? END, updated_at = ?
        WHERE (id = ? AND balance = ? AND seq = ?) OR (id = ? AND balance = ? AND seq = ?)`,
      [
        ...legs.flatMap((l) => [l.id, l.balance]),
        ...legs.flatMap((l) => [l.id, l.seq]),
        now,
        ...legs.flatMap((l) => [l.id, l.balance - points, l.seq - 1]),
      ],
    );
    if (updated.affectedRows !== 2) throw new Error(`accounts moved under their lock`);
    await db.query(
      `INSERT INTO ledger_lot (account_id, entry_id, amount, remaining, expires_at, lot_kind, created_at)
       VALUES (?, ?, ?, ?, ?, 'STANDARD', ?), (?, ?, ?, ?, ?, 'STANDARD', ?)`,
      legs.flatMap((l, i) => [l.id, Number(entries[i].id), points, points, inAYear, now]),
    );
    const [purchase] = await db.query(
      `INSERT INTO purchase (store_id, receipt_no, member_id, staff_id, amount_fen, points_used, deduction_fen,
         payable_fen, points_earned, growth_earned, rules_version, refunded_fen, promoted_from_tier_id,
         promoted_to_tier_id, created_at)
       VALUES (?, ?, ?, ?, ?, 0, 0, ?, ?, ?, 1, 0, NULL, NULL, ?)`,
      [state.storeId, item.receiptNo, m.memberId, state.staffId, AMOUNT_FEN, AMOUNT_FEN, points, points, now],
    );
    const answer = JSON.stringify({ purchaseId: purchase.insertId, receiptNo: item.receiptNo, pointsEarned: points });
    await db.query(
      `INSERT INTO audit_log (actor_type, actor_id, actor_name, actor_role, store_id, action, target_type, target_id,
         before_json, after_json, reason, created_at)
       VALUES ('staff', ?, '压测', 'clerk', ?, 'purchase.recorded', 'member', ?, NULL, ?, NULL, ?)`,
      [state.staffId, state.storeId, String(m.memberId), answer, now],
    );
    await db.query(
      `INSERT INTO idempotency_record (scope, operation, idem_key, fingerprint, status_code, response_json, created_at)
       VALUES (?, 'purchase', ?, ?, 200, ?, ?)`,
      [`store:${state.storeId}`, item.receiptNo, 'f'.repeat(64), answer, now],
    );
    await db.query('COMMIT');
  },
};
