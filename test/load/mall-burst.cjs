// A points-mall burst on the built server (`npm run load -- --scenario mall-burst --members 1000`, and the CI
// check in mall-burst.load.ts with 300): members sign up through the API (their sign-up bonus credited by the
// outbox), then all redeem one unit of a goods with stock = members / 10 at the same moment. Exactly `stock`
// orders may succeed, the rest must be told 已兑完; afterwards stock is 0, Σ order quantities = stock taken,
// every order's points are in the ledger, and the mall's and the ledger's invariant checkers are clean.
const os = require('node:os');
const { join } = require('node:path');
const { randomBytes } = require('node:crypto');
const { createPool } = require('mysql2/promise');
const { httpClient } = require('./http.cjs');
const { pool, signUp } = require('./scenarios/purchase.cjs');
const { startServer } = require('./server-process.cjs');

const ROOT = join(__dirname, '..', '..');
const PRICE = 60; // below the sign-up bonus (100): every member can pay for exactly one

/** The mall's invariant checker (server/src/modules/mall/mall-invariants.ts, built) on the run's database. */
async function checkMall(sql) {
  const { checkMallInvariants } = require(join(ROOT, 'server', 'dist', 'modules', 'mall', 'mall-invariants.js'));
  const r = await checkMallInvariants((text, params) => sql.query(text, params).then(([rows]) => rows));
  return { ok: r.violations.length === 0, goods: r.goods, orders: r.orders, violations: r.violations.slice(0, 20) };
}

/** A sign-up, tried again when the sandbox's WeChat login times out on a busy machine (setup, not measured). */
async function signUpRetrying(http) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await signUp(http);
    } catch (error) {
      if (attempt >= 3 || !/WECHAT_UNAVAILABLE/.test(String(error))) throw error;
    }
  }
}

/**
 * @param {{ members?: number, stock?: number, databaseUrl?: string, log?: (s: string) => void }} opts
 */
async function runMallBurst(opts = {}) {
  const o = {
    members: 1000,
    databaseUrl: process.env.DATABASE_URL,
    log: (s) => console.log(`[load] ${s}`),
    ...opts,
  };
  const stock = o.stock ?? Math.max(1, Math.floor(o.members / 10));
  if (!o.databaseUrl || !/^mysql|^mariadb/.test(o.databaseUrl)) {
    throw new Error('the mall burst runs on MariaDB/MySQL: set DATABASE_URL=mysql://root@127.0.0.1:3306/test');
  }
  const result = {
    scenario: 'mall-burst',
    operation: 'POST /api/v1/me/mall/orders (every member at once)',
    startedAt: new Date().toISOString(),
    machine: { cpus: os.cpus().length, loadavg: os.loadavg().map((x) => Number(x.toFixed(2))), node: process.version },
    members: o.members,
    stock,
  };
  // The outbox worker on: the sign-up bonuses are credited as in production.
  const server = await startServer({ databaseUrl: o.databaseUrl, env: { OUTBOX_ENABLED: 'true' } });
  const sql = createPool({ uri: server.databaseUrl, connectionLimit: 4, timezone: 'Z', supportBigNumbers: true });
  try {
    const http = server.http;
    const admin = (await http.json('POST', '/api/v1/admin/auth/login', server.admin)).token;
    const code = 'B' + randomBytes(3).toString('hex');
    const store = await http.json('POST', '/api/v1/admin/stores', { name: `压测门店${code}`, code }, admin);
    const goods = await http.json(
      'POST',
      '/api/v1/admin/mall/goods',
      {
        kind: 'PHYSICAL',
        name: '压测限量周边',
        categoryId: null,
        description: '',
        imageIds: [],
        pointsPrice: PRICE,
        cashFen: 0,
        stock,
        perMemberLimit: 1,
        limitPeriod: 'TOTAL',
        tierCodes: null,
        pickupStoreIds: [store.id],
        pickupDays: 7,
        couponTemplateId: null,
        saleStartsAt: null,
        saleEndsAt: null,
        sortOrder: 1,
        featured: false,
      },
      admin,
    );
    await http.json('POST', `/api/v1/admin/mall/goods/${goods.id}/status`, { status: 'ON_SALE', version: 0 }, admin);
    let t = performance.now();
    const people = await pool(Array.from({ length: o.members }), 8, () => signUpRetrying(http));
    const ids = people.map((p) => p.memberId);
    for (const deadline = Date.now() + 60_000; ;) {
      const [[{ n }]] = await sql.query(
        `SELECT COUNT(*) AS n FROM ledger_account WHERE kind = 'POINTS' AND balance >= ? AND member_id IN (?)`,
        [PRICE, ids],
      );
      if (Number(n) === ids.length) break;
      if (Date.now() > deadline) throw new Error(`sign-up bonuses: ${n} of ${ids.length} credited after 60 s`);
      await new Promise((r) => setTimeout(r, 100));
    }
    result.setupSeconds = Number(((performance.now() - t) / 1000).toFixed(2));
    o.log(`${o.members} members signed up with their bonus in ${result.setupSeconds} s`);

    // Everyone at once over 256 keep-alive sockets (thousands of fresh connections would overflow the backlog).
    const burst = httpClient(server.url, 256);
    t = performance.now();
    const answers = await Promise.all(
      people.map(async (p, i) => {
        const res = await burst.send(
          'POST',
          '/api/v1/me/mall/orders',
          { goodsId: goods.id, quantity: 1, pickupStoreId: store.id, requestId: `burst-${i}` },
          p.token,
        );
        return `${res.status} ${res.status === 201 ? 'ordered' : res.body?.code}`;
      }),
    );
    burst.close();
    result.burstSeconds = Number(((performance.now() - t) / 1000).toFixed(2));
    result.answers = answers.reduce((m, a) => ({ ...m, [a]: (m[a] ?? 0) + 1 }), {});
    o.log(`${o.members} redemptions in ${result.burstSeconds} s → ${JSON.stringify(result.answers)}`);

    const [[g]] = await sql.query('SELECT stock, sold_count, stock_total FROM mall_goods WHERE id = ?', [goods.id]);
    const [[orders]] = await sql.query(
      'SELECT COUNT(*) AS n, COALESCE(SUM(quantity), 0) AS q, COALESCE(SUM(points_total), 0) AS p FROM mall_order WHERE goods_id = ?',
      [goods.id],
    );
    const [[debits]] = await sql.query(
      `SELECT COUNT(*) AS n, COALESCE(-SUM(e.amount), 0) AS p FROM ledger_entry e JOIN ledger_account a ON a.id = e.account_id
        WHERE a.kind = 'POINTS' AND a.member_id IS NOT NULL AND e.biz_type = 'MALL_ORDER' AND e.entry_type = 'DEBIT'`,
    );
    const [[spent]] = await sql.query(
      `SELECT COUNT(*) AS n FROM ledger_account WHERE kind = 'POINTS' AND member_id IN (?) AND balance < ?`,
      [ids, PRICE],
    );
    result.goods = { stock: Number(g.stock), soldCount: Number(g.sold_count), stockTotal: Number(g.stock_total) };
    result.orders = { count: Number(orders.n), quantity: Number(orders.q), points: Number(orders.p) };
    result.ledger = { debits: Number(debits.n), points: Number(debits.p), membersDebited: Number(spent.n) };
    result.mallInvariants = await checkMall(sql);
    result.invariants = server.checkLedger();
    result.ok =
      result.answers['201 ordered'] === stock &&
      Object.keys(result.answers).every((k) => k === '201 ordered' || k === '409 MALL_OUT_OF_STOCK') &&
      result.goods.stock === 0 &&
      result.goods.soldCount === stock &&
      result.orders.count === stock &&
      result.orders.quantity === stock &&
      result.ledger.debits === stock &&
      result.ledger.points === stock * PRICE &&
      result.ledger.membersDebited === stock &&
      result.mallInvariants.ok &&
      result.invariants.ok;
    return result;
  } finally {
    await sql.end();
    await server.stop();
  }
}

module.exports = { runMallBurst, checkMall };
