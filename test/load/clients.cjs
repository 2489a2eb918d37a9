// The load generator, forked by the harness into its own process so that request building, JSON and
// latency bookkeeping do not compete with the server (or the harness) for an event loop. One phase per
// process: it receives the scenario, its state and one item per operation, runs them through the API or
// through raw mysql2 (the floor), closed or open loop, and answers with the latencies.
//
// Closed loop: `clients` workers, each doing its items back to back (item i belongs to worker i mod clients).
// Open loop: item k is due at start + k/rate seconds and is sent then whatever is still in flight; its
// latency counts from that scheduled time, not from when it was actually sent, so a stalled server shows
// up as latency instead of as fewer requests (no coordinated omission).
const { createPool } = require('mysql2/promise');
const { httpClient } = require('./http.cjs');

/** A connection wrapper that counts round trips, so the floor's statements per operation are reported too. */
function counted(conn, counter) {
  return {
    query: (sql, params) => {
      counter.n++;
      return conn.query(sql, params);
    },
  };
}

async function main(msg) {
  const scenario = require(msg.scenarioPath);
  const { state, items, target, mode, clients, rate } = msg;
  const http = target === 'api' ? httpClient(msg.url, mode === 'closed' ? clients : 1024) : null;
  const pool =
    target === 'raw'
      ? createPool({ uri: msg.databaseUrl, connectionLimit: clients, timezone: 'Z', supportBigNumbers: true })
      : null;
  const counter = { n: 0 };
  const failures = [];
  let failed = 0;
  const fail = (text) => {
    failed++;
    if (failures.length < 5) failures.push(text);
  };

  const one = async (item) => {
    try {
      if (http) {
        const r = scenario.api(item, state);
        const res = await http.send(r.method, r.path, r.body, r.token, r.headers);
        if (res.status < 200 || res.status >= 300) fail(`${res.status} ${res.text.slice(0, 300)}`);
        return;
      }
      const conn = await pool.getConnection();
      try {
        await scenario.raw(counted(conn, counter), item, state);
      } catch (error) {
        await conn.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        conn.release();
      }
    } catch (error) {
      fail(String(error?.message ?? error));
    }
  };

  const latencies = new Array(items.length);
  let maxSendLag = null;
  const started = performance.now();
  if (mode === 'closed') {
    await Promise.all(
      Array.from({ length: clients }, async (_, c) => {
        for (let i = c; i < items.length; i += clients) {
          const t = performance.now();
          await one(items[i]);
          latencies[i] = performance.now() - t;
        }
      }),
    );
  } else {
    const interval = 1000 / rate;
    const inflight = [];
    let next = 0;
    // How late this process sent: a busy generator shows here (its lateness is counted in the latencies).
    maxSendLag = 0;
    while (next < items.length) {
      const now = performance.now();
      while (next < items.length && started + next * interval <= now) {
        const i = next++;
        const scheduled = started + i * interval;
        maxSendLag = Math.max(maxSendLag, now - scheduled);
        inflight.push(one(items[i]).then(() => (latencies[i] = performance.now() - scheduled)));
      }
      if (next < items.length) {
        await new Promise((r) => setTimeout(r, Math.max(0, started + next * interval - performance.now())));
      }
    }
    await Promise.all(inflight);
  }
  const seconds = (performance.now() - started) / 1000;
  http?.close();
  await pool?.end();
  return { latencies, seconds, failures, failed, maxSendLag, statements: target === 'raw' ? counter.n : null };
}

process.once('message', (msg) => {
  main(msg).then(
    (report) => process.send(report, () => process.exit(0)),
    (error) => process.send({ error: String(error?.stack ?? error) }, () => process.exit(1)),
  );
});
