// Load scenario: members redeeming points-mall goods (POST /api/v1/me/mall/orders). Every redemption
// succeeds (stock far above the run, a per-member limit of 1,000, 1 point each against the sign-up bonus),
// so each one takes the member's quota, debits their points through the ledger, inserts the order with a
// pickup code and takes the goods' stock: the hot row every redemption of a drop goes through.
const { randomBytes, randomInt } = require('node:crypto');
const { join } = require('node:path');
const { pool, signUp } = require('./purchase.cjs');

const PRICE = 1;
const GOODS = (storeId) => ({
  kind: 'PHYSICAL',
  name: '压测兑换商品',
  categoryId: null,
  description: '',
  imageIds: [],
  pointsPrice: PRICE,
  cashFen: 0,
  stock: 10_000_000,
  perMemberLimit: 1000,
  limitPeriod: 'TOTAL',
  tierCodes: null,
  pickupStoreIds: [storeId],
  pickupDays: 7,
  couponTemplateId: null,
  saleStartsAt: null,
  saleEndsAt: null,
  sortOrder: 1,
  featured: false,
});

module.exports = {
  name: 'mall',
  operation: 'POST /api/v1/me/mall/orders',

  /** A store and goods on sale, and `members` members signed up through the API (sign-up bonus: 100 points). */
  async setup({ http, sql, admin, members }) {
    const adminToken = (await http.json('POST', '/api/v1/admin/auth/login', admin)).token;
    const code = 'M' + randomBytes(3).toString('hex');
    const store = await http.json('POST', '/api/v1/admin/stores', { name: `压测门店${code}`, code }, adminToken);
    const goods = await http.json('POST', '/api/v1/admin/mall/goods', GOODS(store.id), adminToken);
    await http.json(
      'POST',
      `/api/v1/admin/mall/goods/${goods.id}/status`,
      { status: 'ON_SALE', version: 0 },
      adminToken,
    );
    const people = await pool(Array.from({ length: Math.max(members, 50) }), 8, () => signUp(http));
    const [[{ v }]] = await sql.query('SELECT VERSION() AS v');
    const [[redeemed]] = await sql.query(`SELECT id FROM ledger_account WHERE system_code = 'POINTS:REDEEMED'`);
    return {
      mariadb: /mariadb/i.test(String(v)),
      goodsId: goods.id,
      storeId: store.id,
      members: people,
      redeemedAccountId: redeemed ? Number(redeemed.id) : null,
      run: randomBytes(3).toString('hex'),
    };
  },

  /** After the warm-up (every member redeemed once: a quota row, their POINTS account): the account ids. */
  async ready({ sql, state }) {
    const ids = state.members.map((m) => m.memberId);
    const [rows] = await sql.query(
      `SELECT id, member_id FROM ledger_account WHERE kind = 'POINTS' AND member_id IN (?)`,
      [ids],
    );
    await sql.query(
      `INSERT IGNORE INTO mall_member_quota (goods_id, member_id, period_key, taken) VALUES ${ids.map(() => "(?, ?, 'TOTAL', 0)").join(', ')}`,
      ids.flatMap((id) => [state.goodsId, id]),
    );
    const [[redeemed]] = await sql.query(`SELECT id FROM ledger_account WHERE system_code = 'POINTS:REDEEMED'`);
    const accountOf = new Map(rows.map((r) => [Number(r.member_id), Number(r.id)]));
    return {
      ...state,
      redeemedAccountId: Number(redeemed.id),
      members: state.members.map((m) => ({ ...m, pointsAccountId: accountOf.get(m.memberId) })),
    };
  },

  /** `count` redemptions, member i mod members, each with its own request id. */
  async prepare({ state, count, phase }) {
    return Array.from({ length: count }, (_, i) => ({
      member: state.members[i % state.members.length],
      requestId: `${phase}${state.run}-${i}`,
    }));
  },

  api(item, state) {
    return {
      method: 'POST',
      path: '/api/v1/me/mall/orders',
      token: item.member.token,
      body: { goodsId: state.goodsId, quantity: 1, pickupStoreId: state.storeId, requestId: item.requestId },
    };
  },

  /**
   * The floor: the statements the API sends for one redemption of a warmed-up member (trace them with
   * `npm run load -- --scenario mall --trace`), hand-written, one round trip each: the member guard's status
   * read and the use check; the goods and the pickup store; the guarded quota; the points account locked; its
   * live lots; the debit journal (both legs in one INSERT), the guarded balance, the lot drawn and its
   * allocation; the order; the guarded stock; the stored answer (idempotency); COMMIT.
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
    await db.query('SELECT * FROM mall_goods WHERE id = ?', [state.goodsId]);
    await db.query('SELECT id, name, address, active FROM store WHERE id IN (?)', [state.storeId]);
    const [quota] = await db.query(
      `UPDATE mall_member_quota SET taken = taken + ? WHERE goods_id = ? AND member_id = ? AND period_key = 'TOTAL'
          AND taken + ? <= ?`,
      [1, state.goodsId, m.memberId, 1, 1000],
    );
    if (quota.affectedRows !== 1) throw new Error(`member ${m.memberId}: no quota row or limit reached`);
    const [[account]] = await db.query(
      `SELECT a.*, COALESCE((SELECT SUM(l.remaining) FROM ledger_lot l
                WHERE l.account_id = a.id AND l.remaining > 0 AND l.expires_at <= ?), 0) AS due,
              (SELECT d.balance FROM ledger_account d WHERE d.member_id = a.member_id AND d.kind = 'POINTS_DEBT') AS debt
         FROM ledger_account a WHERE a.member_id = ? AND a.kind = 'POINTS' FOR UPDATE`,
      [now, m.memberId],
    );
    const [lots] = await db.query(
      `SELECT id, remaining, expires_at, lot_kind FROM ledger_lot WHERE account_id = ? AND remaining > 0
          AND (expires_at IS NULL OR expires_at > ?) ORDER BY expires_at IS NULL, expires_at, id`,
      [m.pointsAccountId, now],
    );
    const lot = lots[0];
    const balance = Number(account.balance) - PRICE;
    const seq = Number(account.seq) + 1;
    const orderNo = `M${randomInt(0, 1e9)}${randomInt(0, 1e9)}`;
    const leg = (accountId, amount, after) => [
      accountId,
      m.pointsAccountId,
      seq,
      amount,
      after,
      orderNo,
      '压测 积分兑换',
      m.memberId,
      now,
    ];
    const [inserted] = await db.query(
      `INSERT INTO ledger_entry (account_id, journal_account_id, journal_seq, amount, balance_after, entry_type,
         biz_type, biz_id, reason, actor_type, actor_id, store_id, reverses_entry_id, created_at)
       VALUES (?, ?, ?, ?, ?, 'DEBIT', 'MALL_ORDER', ?, ?, 'member', ?, NULL, NULL, ?),
              (?, ?, ?, ?, ?, 'DEBIT', 'MALL_ORDER', ?, ?, 'member', ?, NULL, NULL, ?)
       ${state.mariadb ? 'RETURNING id' : ''}`,
      [...leg(m.pointsAccountId, -PRICE, balance), ...leg(state.redeemedAccountId, PRICE, null)],
    );
    const entryId = state.mariadb
      ? Number(inserted[0].id)
      : Number(
          (
            await db.query(
              'SELECT id FROM ledger_entry WHERE journal_account_id = ? AND journal_seq = ? AND account_id = ?',
              [m.pointsAccountId, seq, m.pointsAccountId],
            )
          )[0][0].id,
        );
    const [updated] = await db.query(
      'UPDATE ledger_account SET balance = ?, seq = ?, updated_at = ? WHERE id = ? AND balance = ? AND seq = ?',
      [balance, seq, now, m.pointsAccountId, balance + PRICE, seq - 1],
    );
    if (updated.affectedRows !== 1) throw new Error('account moved under its lock');
    await db.query('UPDATE ledger_lot SET remaining = remaining - ? WHERE id = ? AND remaining >= ?', [
      PRICE,
      lot.id,
      PRICE,
    ]);
    await db.query('INSERT INTO ledger_allocation (entry_id, lot_id, amount) VALUES (?, ?, ?)', [
      entryId,
      lot.id,
      PRICE,
    ]);
    const until = new Date(now.getTime() + 8 * 86_400_000).toISOString().slice(0, 10);
    // A READY order's pickup code: six random digits, drawn again on the rare collision (as the server does).
    const insertOrder = () =>
      db.query(
        `INSERT INTO mall_order (order_no, member_id, goods_id, kind, goods_name, quantity, points_total, cash_fen, status,
         quota_key, pickup_store_id, pickup_until, points_entry_id, coupon_id, picked_up_by_staff_id, done_at,
         cancelled_at, end_reason, out_trade_no, transaction_id, prepay_id, pay_until, points_hold_id, shipping_status,
         shipping_error, created_at, updated_at, pickup_code)
       VALUES (?, ?, ?, 'PHYSICAL', '压测兑换商品', 1, ?, 0, 'READY', 'TOTAL', ?, ?, ?, NULL, NULL, NULL, NULL, NULL,
         NULL, NULL, NULL, NULL, NULL, NULL, NULL, ?, ?, ?)`,
        [
          orderNo,
          m.memberId,
          state.goodsId,
          PRICE,
          state.storeId,
          until,
          entryId,
          now,
          now,
          String(randomInt(0, 1_000_000)).padStart(6, '0'),
        ],
      );
    let order;
    for (let attempt = 0; !order; attempt++) {
      try {
        [order] = await insertOrder();
      } catch (error) {
        if (error.code !== 'ER_DUP_ENTRY' || !/pickup_code/.test(error.message) || attempt >= 8) throw error;
      }
    }
    const [stock] = await db.query(
      `UPDATE mall_goods SET stock = stock - ?, sold_count = sold_count + ?
          WHERE id = ? AND status = 'ON_SALE' AND (stock IS NULL OR stock >= ?)`,
      [1, 1, state.goodsId, 1],
    );
    if (stock.affectedRows !== 1) throw new Error('stock gone');
    const answer = JSON.stringify({ order: { id: order.insertId, orderNo }, pay: null, pointsBalance: balance });
    await db.query(
      `${state.mariadb ? 'SET STATEMENT innodb_lock_wait_timeout=5 FOR ' : ''}INSERT INTO idempotency_record
         (scope, operation, idem_key, fingerprint, status_code, response_json, created_at)
       VALUES (?, 'mall-redeem', ?, ?, 201, ?, ?)`,
      [`member:${m.memberId}`, item.requestId, 'f'.repeat(64), answer, now],
    );
    await db.query('COMMIT');
  },

  /** The mall's invariants after the run (the raw path's orders count too: they took stock and quota alike). */
  async verify({ sql }) {
    const { checkMallInvariants } = require(
      join(__dirname, '..', '..', '..', 'server', 'dist', 'modules', 'mall', 'mall-invariants.js'),
    );
    const r = await checkMallInvariants((text, params) => sql.query(text, params).then(([rows]) => rows));
    return { ok: r.violations.length === 0, goods: r.goods, orders: r.orders, violations: r.violations.slice(0, 20) };
  },
};
