// Load scenario: members claiming a coupon in 领券中心 (POST /api/v1/me/coupons/claims) — a coupon drop.
// Every claim succeeds (stock far above the run, 100 per member), so each one takes the member's quota,
// inserts the coupon and takes the template's stock: the hot row every claim of a drop goes through.
const { randomBytes } = require('node:crypto');
const { PRIVACY_POLICY_VERSION } = require('@member/shared');
const { insertMembers, rowsOf } = require('../bulk-members.cjs');
const { pool } = require('./purchase.cjs');

const MEMBERS = 200;
const TERMS = {
  kind: 'CASH_OFF',
  name: '压测满100减20',
  faceValueFen: 2000,
  minSpendFen: 10_000,
  totalStock: 10_000_000,
  perMemberLimit: 100,
  trigger: 'CLAIM',
  validity: { kind: 'RELATIVE', days: 7, startsAfterDays: 0 },
  tierIds: null,
  storeIds: null,
  stackable: false,
  giftable: false,
  instructions: '',
};

/** 15 random digits and a Luhn check digit, as the server draws a coupon code. */
function couponCode() {
  const body = Array.from({ length: 15 }, () => Math.floor(Math.random() * 10)).join('');
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = body.charCodeAt(body.length - 1 - i) - 48;
    if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return body + String((10 - (sum % 10)) % 10);
}

module.exports = {
  name: 'claim',
  operation: 'POST /api/v1/me/coupons/claims',

  /** An active template open for claiming, and 200 members (bulk SQL) with their tokens. */
  async setup({ http, sql, admin }) {
    const adminToken = (await http.json('POST', '/api/v1/admin/auth/login', admin)).token;
    const t = await http.json('POST', '/api/v1/admin/coupon-templates', TERMS, adminToken);
    await http.json('POST', `/api/v1/admin/coupon-templates/${t.id}/status`, { status: 'ACTIVE' }, adminToken);
    const people = await insertMembers(rowsOf(sql), { count: MEMBERS, privacyVersion: PRIVACY_POLICY_VERSION });
    // Each signs in through the sandbox's WeChat login (an existing member: no sign-up work).
    const tokens = await pool(people, 8, async (m) => {
      const { code } = await http.json('POST', '/sandbox/wx/login-code', { openid: m.openid });
      return (await http.json('POST', '/api/v1/auth/wechat/login', { code })).token;
    });
    const [[{ v }]] = await sql.query('SELECT VERSION() AS v');
    return {
      mariadb: /mariadb/i.test(String(v)),
      templateId: t.id,
      members: people.map((m, i) => ({ memberId: m.id, token: tokens[i] })),
      terms: JSON.stringify({ ...TERMS, storeIds: null }),
      run: randomBytes(3).toString('hex'),
    };
  },

  /** After the warm-up: every member has claimed (a quota row), so both paths take the quota by UPDATE. */
  async ready({ sql, state }) {
    await sql.query(
      `INSERT IGNORE INTO coupon_member_quota (template_id, member_id, taken) VALUES ${state.members.map(() => '(?, ?, 0)').join(', ')}`,
      state.members.flatMap((m) => [state.templateId, m.memberId]),
    );
    return state;
  },

  /** `count` claims, member i mod 200, each with its own request id. */
  async prepare({ state, count, phase }) {
    return Array.from({ length: count }, (_, i) => ({
      member: state.members[i % state.members.length],
      requestId: `${phase}${state.run}-${i}`,
    }));
  },

  api(item, state) {
    return {
      method: 'POST',
      path: '/api/v1/me/coupons/claims',
      token: item.member.token,
      body: { templateId: state.templateId, requestId: item.requestId },
    };
  },

  /**
   * The floor: the statements the API sends for one claim of a member who claimed before (trace them with
   * `npm run load -- --scenario claim --trace`), hand-written, one round trip each: the member guard's status
   * read and the use check (open deletion request and latest privacy consent, one statement); the template; the member's quota, the
   * coupon and the template's stock as guarded writes; the stored answer (idempotency); COMMIT.
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
    await db.query('SELECT * FROM coupon_template WHERE id = ?', [state.templateId]);
    const [quota] = await db.query(
      'UPDATE coupon_member_quota SET taken = taken + 1 WHERE template_id = ? AND member_id = ? AND taken < ?',
      [state.templateId, m.memberId, TERMS.perMemberLimit],
    );
    if (quota.affectedRows !== 1) throw new Error(`member ${m.memberId}: no quota row or limit reached`);
    const until = new Date(now.getTime() + 8 * 86_400_000);
    const [coupon] = await db.query(
      `INSERT INTO coupon (template_id, member_id, terms_json, valid_from, valid_until, status, source, source_key,
         issued_at, used_at, used_store_id, used_staff_id, purchase_id, discount_fen, code)
       VALUES (?, ?, ?, ?, ?, 'USABLE', 'CLAIM', NULL, ?, NULL, NULL, NULL, NULL, NULL, ?)`,
      [state.templateId, m.memberId, state.terms, now, until, now, couponCode()],
    );
    const [stock] = await db.query(
      `UPDATE coupon_template SET issued = issued + ? WHERE id = ? AND status = 'ACTIVE'
          AND (total_stock IS NULL OR issued + ? <= total_stock)`,
      [1, state.templateId, 1],
    );
    if (stock.affectedRows !== 1) throw new Error('stock gone');
    const answer = JSON.stringify({ id: coupon.insertId, templateId: state.templateId, terms: state.terms });
    await db.query(
      `${state.mariadb ? 'SET STATEMENT innodb_lock_wait_timeout=5 FOR ' : ''}INSERT INTO idempotency_record
         (scope, operation, idem_key, fingerprint, status_code, response_json, created_at)
       VALUES (?, 'coupon-claim', ?, ?, 201, ?, ?)`,
      [`member:${m.memberId}`, item.requestId, 'f'.repeat(64), answer, now],
    );
    await db.query('COMMIT');
  },
};
