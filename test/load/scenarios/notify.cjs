// Load scenario: WeChat Pay's payment notifications (POST /api/v1/pay/wechat/notify) for top-ups — each
// one verified (RSA-SHA256 over the raw body with the platform key, ±300 s, AES-256-GCM with the APIv3 key),
// compared with its order and credited exactly once: 30 % of each phase's notifications repeat a payment
// already in the phase, in shuffled order, as WeChat's retries and duplicates arrive. Orders are NOTPAY
// top-ups of one plan (充 ¥10 送 ¥1) inserted in bulk before each phase; notifications are built here from
// the documented format with the server's sandbox keys (<dataDir>/sandbox-keys), as test/api/wallet-support.ts
// builds them. The run ends with the scenario's checks: every notified order PAID and credited once.
const { createCipheriv, createSign, randomBytes, randomInt } = require('node:crypto');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const YAML = require('yaml');
const { PRIVACY_POLICY_VERSION, WALLET_POLICY_VERSION } = require('@member/shared');
const { insertMembers, rowsOf } = require('../bulk-members.cjs');

const MEMBERS = 200;
const PAY_FEN = 1000;
const BONUS_FEN = 100;
const DUPLICATE_SHARE = 0.3;

/** appid and mchid as the server reads them (config/default.yaml, env overrides). */
function payIdentity() {
  const config = YAML.parse(readFileSync(join(__dirname, '..', '..', '..', 'config', 'default.yaml'), 'utf8'));
  return {
    appid: process.env.WECHAT_APP_ID || config.wechat.appId,
    mchid: process.env.WECHATPAY_MCH_ID || String(config.wechatPay.mchId),
  };
}

/** The sandbox's WeChat Pay keys the server generated on its first start (file names: README). */
function sandboxKeys(dataDir) {
  const dir = join(dataDir, 'sandbox-keys');
  const read = (name) => readFileSync(join(dir, name), 'utf8');
  return {
    platformKey: read('platform-key.pem'),
    platformKeyId: read('platform-key-id.txt').trim(),
    apiV3Key: read('apiv3.key').trim(),
  };
}

/** A signed, encrypted TRANSACTION.SUCCESS notification: headers and the raw body. */
function notification(state, order) {
  const resource = JSON.stringify({
    mchid: state.mchid,
    appid: state.appid,
    out_trade_no: order.outTradeNo,
    transaction_id: order.transactionId,
    trade_type: 'JSAPI',
    trade_state: 'SUCCESS',
    trade_state_desc: '支付成功',
    bank_type: 'OTHERS',
    attach: '',
    success_time: new Date().toISOString().replace(/\.\d+Z$/, '+00:00'),
    payer: { openid: order.openid },
    amount: { total: PAY_FEN, payer_total: PAY_FEN, currency: 'CNY', payer_currency: 'CNY' },
  });
  const nonce = randomBytes(6).toString('hex');
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(state.keys.apiV3Key, 'utf8'), Buffer.from(nonce, 'utf8'));
  cipher.setAAD(Buffer.from('transaction', 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(resource, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  const body = JSON.stringify({
    id: randomBytes(16).toString('hex'),
    create_time: new Date().toISOString(),
    resource_type: 'encrypt-resource',
    event_type: 'TRANSACTION.SUCCESS',
    summary: '支付成功',
    resource: {
      original_type: 'transaction',
      algorithm: 'AEAD_AES_256_GCM',
      ciphertext: ciphertext.toString('base64'),
      associated_data: 'transaction',
      nonce,
    },
  });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const headerNonce = randomBytes(16).toString('hex');
  const signature = createSign('RSA-SHA256')
    .update(`${timestamp}\n${headerNonce}\n${body}\n`)
    .sign(state.keys.platformKey, 'base64');
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
      'wechatpay-timestamp': timestamp,
      'wechatpay-nonce': headerNonce,
      'wechatpay-serial': state.keys.platformKeyId,
      'wechatpay-signature': signature,
      'wechatpay-signature-type': 'WECHATPAY2-SHA256-RSA2048',
    },
  };
}

function shuffle(items) {
  for (let i = items.length - 1; i > 0; i--) {
    const j = randomInt(0, i + 1);
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

const digits = (n) => Array.from({ length: n }, () => randomInt(0, 10)).join('');

/** `n` NOTPAY top-ups of the plan, one statement (as members would have left them before paying). */
async function insertOrders(sql, state, phase, n) {
  const now = new Date();
  const expires = new Date(now.getTime() + 30 * 60_000);
  const orders = Array.from({ length: n }, (_, i) => {
    const member = state.members[(state.nextMember + i) % state.members.length];
    return {
      outTradeNo: `T${phase}${state.run}${String(state.nextMember + i).padStart(6, '0')}`.slice(0, 32),
      transactionId: `4200${digits(24)}`,
      memberId: member.id,
      openid: member.openid,
    };
  });
  state.nextMember += n;
  const values = orders.flatMap((o) => [
    o.outTradeNo,
    o.memberId,
    state.planId,
    PAY_FEN,
    BONUS_FEN,
    `load-${o.outTradeNo}`,
    'f'.repeat(64),
    WALLET_POLICY_VERSION,
    o.openid,
    expires,
    now,
    now,
  ]);
  await sql.query(
    `INSERT INTO topup_order (out_trade_no, member_id, plan_id, pay_fen, bonus_fen, status, request_id, request_hash,
       policy_version, openid, expires_at, created_at, updated_at)
     VALUES ${orders.map(() => "(?, ?, ?, ?, ?, 'NOTPAY', ?, ?, ?, ?, ?, ?, ?)").join(', ')}`,
    values,
  );
  const [rows] = await sql.query(
    `SELECT id, out_trade_no FROM topup_order WHERE out_trade_no IN (${orders.map(() => '?').join(', ')})`,
    orders.map((o) => o.outTradeNo),
  );
  const ids = new Map(rows.map((r) => [r.out_trade_no, Number(r.id)]));
  return orders.map((o) => ({ ...o, id: ids.get(o.outTradeNo) }));
}

module.exports = {
  name: 'notify',
  operation: 'POST /api/v1/pay/wechat/notify',

  /** A plan on sale (充 ¥10 送 ¥1), 200 members in bulk SQL, the sandbox's keys and our appid/mchid. */
  async setup({ http, sql, admin, dataDir }) {
    if (!dataDir) throw new Error('the notify scenario needs the server data dir (harness passes dataDir)');
    const adminToken = (await http.json('POST', '/api/v1/admin/auth/login', admin)).token;
    const plan = await http.json(
      'POST',
      '/api/v1/admin/wallet/plans',
      {
        name: '压测充10送1',
        payFen: PAY_FEN,
        bonusFen: BONUS_FEN,
        startsAt: null,
        endsAt: null,
        perMemberLimit: null,
        sortOrder: 0,
      },
      adminToken,
    );
    await http.json('POST', `/api/v1/admin/wallet/plans/${plan.id}/status`, { status: 'ACTIVE' }, adminToken);
    const people = await insertMembers(rowsOf(sql), { count: MEMBERS, privacyVersion: PRIVACY_POLICY_VERSION });
    const [[{ v }]] = await sql.query('SELECT VERSION() AS v');
    const [[cash]] = await sql.query(`SELECT id FROM ledger_account WHERE system_code = 'WALLET:CASH_RECEIVED'`);
    const [[bonus]] = await sql.query(`SELECT id FROM ledger_account WHERE system_code = 'WALLET:BONUS_GRANTED'`);
    return {
      ...payIdentity(),
      mariadb: /mariadb/i.test(String(v)),
      keys: sandboxKeys(dataDir),
      planId: plan.id,
      members: people.map((m) => ({ id: m.id, openid: m.openid })),
      cashAccountId: Number(cash.id),
      bonusAccountId: Number(bonus.id),
      run: randomBytes(3).toString('hex'),
      nextMember: 0,
      notified: [],
    };
  },

  /** `count` notifications: 70 % first reports of fresh orders, 30 % repeats of them, shuffled. */
  async prepare({ sql, state, count, phase }) {
    // The lone operations (phase T) are first reports: their statements are the credit's, not a duplicate's.
    const fresh = phase === 'T' ? count : Math.max(1, Math.round(count * (1 - DUPLICATE_SHARE)));
    const orders = await insertOrders(sql, state, phase, fresh);
    state.notified.push(...orders.map((o) => o.outTradeNo));
    const picks = [...orders, ...Array.from({ length: count - fresh }, () => orders[randomInt(0, orders.length)])];
    return shuffle(picks).map((o) => ({ order: o, ...notification(state, o) }));
  },

  api(item) {
    return { method: 'POST', path: '/api/v1/pay/wechat/notify', body: item.body, headers: item.headers };
  },

  /**
   * The floor: the statements the API sends for one notification (traced with `npm run load -- --scenario
   * notify --trace`), hand-written, one round trip each, without the verification's CPU: the order; then in
   * one transaction the member's wallet account locked (created on the member's first top-up), the guarded
   * NOTPAY → PAID update (a duplicate finds it PAID, tries CLOSED → PAID, and commits nothing else), the
   * live balance (the cap check), principal and bonus — each a two-leg journal INSERT, the balance's guarded
   * UPDATE and a lot — the plan's paid count, the shipping upload marked pending with its outbox row, the
   * plan's coupon templates, COMMIT.
   */
  async raw(db, item, state) {
    const o = item.order;
    const now = new Date();
    await db.query('SELECT * FROM topup_order WHERE out_trade_no = ?', [o.outTradeNo]);
    await db.query('START TRANSACTION');
    const lock = () =>
      db.query(`SELECT id, balance, seq FROM ledger_account WHERE member_id = ? AND kind = 'WALLET' FOR UPDATE`, [
        o.memberId,
      ]);
    let [[account]] = await lock();
    if (!account) {
      await db.query(
        `INSERT IGNORE INTO ledger_account (member_id, kind, balance, seq, created_at, updated_at) VALUES (?, 'WALLET', 0, 0, ?, ?)`,
        [o.memberId, now, now],
      );
      [[account]] = await lock();
    }
    const paid = `UPDATE topup_order SET status = 'PAID', transaction_id = ?, paid_at = ?, confirmed_by = 'NOTIFY', updated_at = ?
      WHERE id = ? AND status = ?`;
    const [first] = await db.query(paid, [o.transactionId, now, now, o.id, 'NOTPAY']);
    if (first.affectedRows !== 1) {
      await db.query(paid, [o.transactionId, now, now, o.id, 'CLOSED']);
      await db.query('COMMIT');
      return;
    }
    await db.query(
      `SELECT a.balance - COALESCE((SELECT SUM(l.remaining) FROM ledger_lot l WHERE l.account_id = a.id AND l.remaining > 0
          AND l.expires_at <= ?), 0) AS live FROM ledger_account a WHERE a.member_id = ? AND a.kind = 'WALLET'`,
      [now, o.memberId],
    );
    let balance = Number(account.balance);
    let seq = Number(account.seq);
    const leg = async (amount, bizType, reason, contraId, lotKind) => {
      const row = (accountId, amt, after) => [
        accountId,
        account.id,
        seq + 1,
        amt,
        after,
        'CREDIT',
        bizType,
        o.outTradeNo,
        reason,
        'system',
        null,
        null,
        null,
        now,
      ];
      const [entry] = await db.query(
        `INSERT INTO ledger_entry (account_id, journal_account_id, journal_seq, amount, balance_after, entry_type, biz_type,
           biz_id, reason, actor_type, actor_id, store_id, reverses_entry_id, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?), (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [...row(account.id, amount, balance + amount), ...row(contraId, -amount, null)],
      );
      const [moved] = await db.query(
        'UPDATE ledger_account SET balance = ?, seq = ?, updated_at = ? WHERE id = ? AND balance = ? AND seq = ?',
        [balance + amount, seq + 1, now, account.id, balance, seq],
      );
      if (moved.affectedRows !== 1) throw new Error(`account ${account.id} changed under its lock`);
      balance += amount;
      seq += 1;
      await db.query(
        'INSERT INTO ledger_lot (account_id, entry_id, amount, remaining, expires_at, lot_kind, created_at) VALUES (?, ?, ?, ?, NULL, ?, ?)',
        [account.id, entry.insertId, amount, amount, lotKind, now],
      );
    };
    await leg(PAY_FEN, 'WALLET_TOPUP', '储值充值', state.cashAccountId, 'PRINCIPAL');
    await leg(BONUS_FEN, 'WALLET_TOPUP_BONUS', '充值赠送', state.bonusAccountId, 'BONUS');
    await db.query('UPDATE topup_plan SET paid_count = paid_count + 1 WHERE id = ?', [state.planId]);
    await db.query(
      `UPDATE topup_order SET shipping_status = 'PENDING', shipping_error = NULL, updated_at = ? WHERE id = ? AND shipping_status IS NULL`,
      [now, o.id],
    );
    await db.query(
      `INSERT IGNORE INTO outbox (kind, outbox_key, payload_json, status, attempts, version, available_at, claimed_by,
         lease_until, last_error, created_at, updated_at, finished_at)
       VALUES ('wallet.shipping-upload', ?, ?, 'pending', 0, 0, ?, NULL, NULL, NULL, ?, ?, NULL)`,
      [o.outTradeNo, JSON.stringify({ outTradeNo: o.outTradeNo }), now, now, now],
    );
    await db.query('SELECT id, coupon_template_ids FROM topup_plan WHERE id = ?', [state.planId]);
    await db.query('COMMIT');
  },

  /** Every notified order PAID, with one principal and one bonus credit, and the plan's count matching. */
  async verify({ sql, state }) {
    const marks = state.notified.map(() => '?').join(', ');
    const [[orders]] = await sql.query(
      `SELECT COUNT(*) AS n, SUM(status = 'PAID') AS paid FROM topup_order WHERE out_trade_no IN (${marks})`,
      state.notified,
    );
    const [legs] = await sql.query(
      `SELECT e.biz_id, COUNT(*) AS n FROM ledger_entry e JOIN ledger_account a ON a.id = e.account_id
        WHERE a.member_id IS NOT NULL AND e.biz_type IN ('WALLET_TOPUP', 'WALLET_TOPUP_BONUS')
          AND e.biz_id IN (${marks}) GROUP BY e.biz_id`,
      state.notified,
    );
    const [[plan]] = await sql.query('SELECT paid_count FROM topup_plan WHERE id = ?', [state.planId]);
    const notCreditedTwice = legs.filter((l) => Number(l.n) !== 2).map((l) => l.biz_id);
    const result = {
      orders: Number(orders.n),
      paid: Number(orders.paid),
      credited: legs.length,
      wrongLegCount: notCreditedTwice.slice(0, 10),
      planPaidCount: Number(plan.paid_count),
    };
    return {
      ok:
        result.orders === state.notified.length &&
        result.paid === result.orders &&
        result.credited === result.orders &&
        notCreditedTwice.length === 0 &&
        result.planPaidCount === result.orders,
      ...result,
    };
  },
};
