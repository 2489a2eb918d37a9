// Batch issue timed (`npm run load -- --scenario batch --members 100000`, and the CI check in
// coupon-batch.load.ts with 5,000): members inserted in bulk SQL, one operator batch to everyone through the
// API, worked through by the built server's outbox worker in chunks; timed from the POST until the batch is
// DONE, then the coupon invariants and the count of coupons are checked.
const os = require('node:os');
const { createPool } = require('mysql2/promise');
const { PRIVACY_POLICY_VERSION } = require('@member/shared');
const { insertMembers, rowsOf } = require('./bulk-members.cjs');
const { checkCoupons } = require('./harness.cjs');
const { startServer } = require('./server-process.cjs');

/**
 * @param {{ members?: number, databaseUrl?: string, log?: (s: string) => void }} opts
 */
async function runBatchIssue(opts = {}) {
  const o = {
    members: 100_000,
    databaseUrl: process.env.DATABASE_URL,
    log: (s) => console.log(`[load] ${s}`),
    ...opts,
  };
  if (!o.databaseUrl || !/^mysql|^mariadb/.test(o.databaseUrl)) {
    throw new Error('the batch issue is measured on MariaDB/MySQL: set DATABASE_URL=mysql://root@127.0.0.1:3306/test');
  }
  const result = {
    scenario: 'batch',
    operation: 'POST /api/v1/admin/coupon-batches (everyone) until DONE',
    startedAt: new Date().toISOString(),
    machine: { cpus: os.cpus().length, loadavg: os.loadavg().map((x) => Number(x.toFixed(2))), node: process.version },
    members: o.members,
  };
  // The outbox worker on: chunks follow each other as they would in production.
  const server = await startServer({ databaseUrl: o.databaseUrl, env: { OUTBOX_ENABLED: 'true' } });
  const sql = createPool({ uri: server.databaseUrl, connectionLimit: 4, timezone: 'Z', supportBigNumbers: true });
  try {
    let t = performance.now();
    await insertMembers(rowsOf(sql), { count: o.members, privacyVersion: PRIVACY_POLICY_VERSION });
    result.memberSetupSeconds = Number(((performance.now() - t) / 1000).toFixed(2));
    o.log(`${o.members} members inserted in ${result.memberSetupSeconds} s`);
    const token = (await server.http.json('POST', '/api/v1/admin/auth/login', server.admin)).token;
    const template = await server.http.json(
      'POST',
      '/api/v1/admin/coupon-templates',
      {
        kind: 'CASH_OFF',
        name: '全员回馈券',
        faceValueFen: 1000,
        minSpendFen: 5000,
        totalStock: null,
        perMemberLimit: 1,
        trigger: 'MANUAL',
        validity: { kind: 'RELATIVE', days: 30, startsAfterDays: 0 },
        tierIds: null,
        storeIds: null,
        stackable: false,
        giftable: true,
        instructions: '',
      },
      token,
    );
    await server.http.json('POST', `/api/v1/admin/coupon-templates/${template.id}/status`, { status: 'ACTIVE' }, token);

    t = performance.now();
    const created = await server.http.json(
      'POST',
      '/api/v1/admin/coupon-batches',
      { templateId: template.id, target: { kind: 'ALL' }, note: '压测全员发券', requestId: `load-batch-${Date.now()}` },
      token,
    );
    let batch = created;
    let lastLog = 0;
    while (batch.status === 'RUNNING') {
      await new Promise((r) => setTimeout(r, 100));
      batch = await server.http.json('GET', `/api/v1/admin/coupon-batches/${created.id}`, undefined, token);
      if (performance.now() - lastLog > 10_000) {
        lastLog = performance.now();
        o.log(`batch ${batch.processed}/${batch.total}, ${batch.issued} issued`);
      }
    }
    const seconds = (performance.now() - t) / 1000;
    const [[{ n }]] = await sql.query('SELECT COUNT(*) AS n FROM coupon WHERE template_id = ?', [template.id]);
    Object.assign(result, {
      batch,
      seconds: Number(seconds.toFixed(2)),
      couponsPerSecond: Number((batch.issued / seconds).toFixed(0)),
      coupons: Number(n),
      couponInvariants: await checkCoupons(sql),
    });
    o.log(
      `batch to ${o.members} members: ${batch.status}, ${batch.issued} issued in ${result.seconds} s ` +
        `(${result.couponsPerSecond} coupons/s); coupon invariants ${result.couponInvariants.ok ? 'OK' : 'VIOLATED'}`,
    );
    return result;
  } finally {
    await sql.end();
    await server.stop();
  }
}

module.exports = { runBatchIssue };
