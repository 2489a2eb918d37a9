// Birthday greetings at scale (`npm run load -- --scenario notices --members 100000`; the CI version is the
// 5,000-member API test test/api/notices-batch.test.ts): members inserted in bulk SQL with today's birthday,
// each holding one grant of the birthday template (WeChat's side through the sandbox, ours in notice_grant)
// and marketing consent. The built server's birthday batch plans the notices in keyset chunks, is run a
// second time (a resumed run must add nothing), then several sender runs race over the due notices. Reported:
// plan and send time, the server's peak memory, and the sandbox's delivery counts (zero duplicates).
const os = require('node:os');
const { createPool } = require('mysql2/promise');
const { PRIVACY_POLICY_VERSION } = require('@member/shared');
const { insertMembers, rowsOf } = require('./bulk-members.cjs');
const { startServer } = require('./server-process.cjs');

const BIRTHDAY_TEMPLATE = 'mI7jbQjS6PEjxyxVKS84ZWxHG0LvZho06ptaInmoWT8';
const CHUNK = 5000;

/**
 * @param {{ members?: number, engines?: number, sendsPerSecond?: number, databaseUrl?: string, log?: (s: string) => void }} opts
 */
async function runNoticeBatch(opts = {}) {
  const o = {
    members: 100_000,
    engines: 3,
    sendsPerSecond: 2000,
    databaseUrl: process.env.DATABASE_URL,
    log: (s) => console.log(`[load] ${s}`),
    ...opts,
  };
  if (!o.databaseUrl || !/^mysql|^mariadb/.test(o.databaseUrl)) {
    throw new Error('the notice batch is measured on MariaDB/MySQL: set DATABASE_URL=mysql://root@127.0.0.1:3306/test');
  }
  const result = {
    scenario: 'notices',
    operation: 'birthday batch (plan, rerun) then racing sender runs until every notice is decided',
    startedAt: new Date().toISOString(),
    machine: { cpus: os.cpus().length, loadavg: os.loadavg().map((x) => Number(x.toFixed(2))), node: process.version },
    members: o.members,
    engines: o.engines,
    sendsPerSecond: o.sendsPerSecond,
  };
  // Scheduled jobs off: the run drives the batch and the senders itself.
  const server = await startServer({
    databaseUrl: o.databaseUrl,
    env: { JOBS_ENABLED: 'false', NOTICES_SENDS_PER_SECOND: String(o.sendsPerSecond) },
  });
  const sql = createPool({ uri: server.databaseUrl, connectionLimit: 4, timezone: 'Z', supportBigNumbers: true });
  const q = rowsOf(sql);
  try {
    // 10:00 in Shanghai today: marketing notices go (outside the quiet hours).
    const day = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    await server.http.json('POST', '/sandbox/clock', {
      now: new Date(Date.parse(`${day}T02:00:00.000Z`)).toISOString(),
    });
    let t = performance.now();
    const members = await insertMembers(q, { count: o.members, privacyVersion: PRIVACY_POLICY_VERSION });
    const stamp = new Date().toISOString().replace('T', ' ').replace('Z', '');
    for (let i = 0; i < members.length; i += CHUNK) {
      const slice = members.slice(i, i + CHUNK);
      const ids = slice.map((m) => m.id);
      await q(`UPDATE member SET birthday = ? WHERE id IN (${ids.join(',')})`, [`1990-${day.slice(5)}`]);
      await server.http.json('POST', '/sandbox/wx/subscribe/bulk', {
        openids: slice.map((m) => m.openid),
        templateId: BIRTHDAY_TEMPLATE,
      });
      await q(
        `INSERT INTO notice_grant (member_id, template_id, remaining, updated_at) VALUES ${slice.map(() => '(?, ?, 1, ?)').join(', ')}`,
        slice.flatMap((m) => [m.id, BIRTHDAY_TEMPLATE, stamp]),
      );
      await q(
        `INSERT INTO notice_preference (member_id, kind, enabled, updated_at) VALUES ${slice.map(() => "(?, 'MARKETING', 1, ?)").join(', ')}`,
        slice.flatMap((m) => [m.id, stamp]),
      );
    }
    result.setupSeconds = Number(((performance.now() - t) / 1000).toFixed(2));
    o.log(`${o.members} members with a birthday today, a grant and consent, in ${result.setupSeconds} s`);

    t = performance.now();
    const first = await server.http.json('POST', '/sandbox/jobs/notices-birthday/run');
    result.planSeconds = Number(((performance.now() - t) / 1000).toFixed(2));
    const rerun = await server.http.json('POST', '/sandbox/jobs/notices-birthday/run');
    result.planned = first.result?.planned ?? null;
    result.plannedOnRerun = rerun.result?.planned ?? null;
    o.log(`planned ${result.planned} in ${result.planSeconds} s; a rerun planned ${result.plannedOnRerun}`);

    t = performance.now();
    let open = o.members;
    let lastLog = 0;
    while (open > 0) {
      // Several sender runs at once, as several nodes would claim batches side by side.
      await Promise.all(
        Array.from({ length: o.engines }, (_, i) =>
          new Promise((r) => setTimeout(r, i * 3)).then(() =>
            server.http.send('POST', '/sandbox/jobs/notices-sender/run'),
          ),
        ),
      );
      const [row] = await q("SELECT COUNT(*) AS n FROM notice WHERE status IN ('PLANNED', 'DEFERRED', 'SENDING')");
      open = Number(row.n);
      if (performance.now() - lastLog > 10_000) {
        lastLog = performance.now();
        o.log(`${o.members - open}/${o.members} decided`);
      }
    }
    const seconds = (performance.now() - t) / 1000;
    const byStatus = await q('SELECT status, COUNT(*) AS n FROM notice GROUP BY status');
    const counts = await server.http.json('GET', `/sandbox/wx/messages/counts?templateId=${BIRTHDAY_TEMPLATE}`);
    const [grants] = await q('SELECT COALESCE(SUM(remaining), 0) AS n FROM notice_grant');
    const stats = server.procStats();
    Object.assign(result, {
      sendSeconds: Number(seconds.toFixed(2)),
      sentPerSecond: Number((counts.total / seconds).toFixed(0)),
      statuses: Object.fromEntries(byStatus.map((r) => [r.status, Number(r.n)])),
      delivered: counts,
      grantsLeft: Number(grants.n),
      serverPeakRssMb: Number((stats.maxRssBytes / 1048576).toFixed(0)),
      serverCpuSeconds: Number((stats.cpuMs / 1000).toFixed(1)),
    });
    result.ok =
      result.planned === o.members &&
      result.plannedOnRerun === 0 &&
      counts.total === o.members &&
      counts.repeated === 0 &&
      result.statuses.SENT === o.members;
    o.log(
      `sent ${counts.total} in ${result.sendSeconds} s (${result.sentPerSecond}/s), repeated ${counts.repeated}, ` +
        `server peak RSS ${result.serverPeakRssMb} MB — ${result.ok ? 'OK' : 'NOT OK'}`,
    );
    return result;
  } finally {
    await sql.end();
    await server.stop();
  }
}

module.exports = { runNoticeBatch };
