import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createPool, type Pool } from 'mysql2/promise';
import { DataSource, type EntitySubscriberInterface } from 'typeorm';
import { checkLedgerInvariants } from '../../server/src/ledger/ledger-invariants';
import { TokenService, type StaffPrincipal } from '../../server/src/modules/auth/token.service';
import { MemberCodesService } from '../../server/src/modules/members/member-codes.service';
import { CheckoutsService } from '../../server/src/modules/sales/checkouts.service';
import { loginMember, loginOperator, makeStaff, startTestServer, type TestServer } from '../api/support';

// `npm run load` (MariaDB: DATABASE_URL must be set). Purchases/second and p99 at 50 concurrent clients
// through the API, against the same writes issued directly through mysql2 (the floor). The HTTP clients
// run in a forked process (purchase-clients.cjs) so the API numbers measure the server, not the load
// generator sharing its event loop; the raw mysql2 clients run here while the server is idle.
const CLIENTS = Number(process.env.LOAD_CLIENTS ?? 50);
const PER_CLIENT = Number(process.env.LOAD_PER_CLIENT ?? 20);

interface Stats {
  label: string;
  count: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
}

function stats(label: string, latencies: number[], seconds: number): Stats {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { label, count: sorted.length, seconds, perSecond: sorted.length / seconds, p50: at(0.5), p99: at(0.99) };
}

interface ClientReport {
  latencies: number[];
  seconds: number;
  failures: string[];
}

/** Runs the API burst in a child process and waits for its latencies. */
function apiBurst(url: string, token: string, checkouts: number[][], run: string): Promise<ClientReport> {
  return new Promise((resolve, reject) => {
    const child = fork(join(__dirname, 'purchase-clients.cjs'), [], { stdio: 'inherit' });
    let report: ClientReport | null = null;
    child.once('message', (m) => (report = m as ClientReport));
    child.once('error', reject);
    child.once('exit', (code) =>
      report ? resolve(report) : reject(new Error(`load client process exited with ${code} and no report`)),
    );
    child.send({ url, token, checkouts, run });
  });
}

/** Counts the SQL statements (each one round trip) the server sends while `counting` is on. */
function countQueries(ds: DataSource): { on: () => void; off: () => number } {
  let counting = false;
  let n = 0;
  const subscriber: EntitySubscriberInterface = {
    afterQuery: () => {
      if (counting) n++;
    },
  };
  ds.subscribers.push(subscriber);
  return {
    on: () => {
      n = 0;
      counting = true;
    },
    off: () => {
      counting = false;
      ds.subscribers.splice(ds.subscribers.indexOf(subscriber), 1);
      return n;
    },
  };
}

async function burst(
  clients: number,
  perClient: number,
  one: (client: number, i: number) => Promise<void>,
): Promise<{ latencies: number[]; seconds: number }> {
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let i = 0; i < perClient; i++) {
        const t = performance.now();
        await one(client, i);
        latencies.push(performance.now() - t);
      }
    }),
  );
  return { latencies, seconds: (performance.now() - started) / 1000 };
}

/** The purchase's writes without the framework: checkout close, locked account, entry, lot, purchase row. */
async function rawPurchase(
  pool: Pool,
  issuedId: number,
  accountId: number,
  checkout: { id: number; storeId: number; staffId: number },
  receipt: string,
  points: number,
): Promise<void> {
  const conn = await pool.getConnection();
  try {
    await conn.beginTransaction();
    const now = new Date();
    // The same guarded close as the API's: open → closed, only by its clerk at its store, before expiry.
    const [closed] = await conn.query(
      `UPDATE checkout SET status = 'closed', closed_at = ?, receipt_no = ?
        WHERE id = ? AND store_id = ? AND staff_id = ? AND status = 'open' AND expires_at > ?`,
      [now, receipt, checkout.id, checkout.storeId, checkout.staffId, now],
    );
    if ((closed as { affectedRows: number }).affectedRows !== 1) throw new Error('checkout not open');
    // Double entry: the member's leg and the system leg in one INSERT, numbered by the account's seq.
    const [[account]] = (await conn.query('SELECT balance, seq FROM ledger_account WHERE id = ? FOR UPDATE', [
      accountId,
    ])) as unknown as [[{ balance: number; seq: number }]];
    const balance = Number(account.balance) + points;
    const seq = Number(account.seq) + 1;
    const [entry] = await conn.query(
      `INSERT INTO ledger_entry (account_id, journal_account_id, journal_seq, amount, balance_after, entry_type,
         biz_type, biz_id, reason, created_at)
       VALUES (?, ?, ?, ?, ?, 'CREDIT', 'raw', ?, 'raw', ?), (?, ?, ?, ?, NULL, 'CREDIT', 'raw', ?, 'raw', ?)`,
      [accountId, accountId, seq, points, balance, receipt, now, issuedId, accountId, seq, -points, receipt, now],
    );
    await conn.query('UPDATE ledger_account SET balance = ?, seq = ?, updated_at = ? WHERE id = ? AND seq = ?', [
      balance,
      seq,
      now,
      accountId,
      seq - 1,
    ]);
    await conn.query(
      `INSERT INTO ledger_lot (account_id, entry_id, amount, remaining, expires_at, lot_kind, created_at) VALUES (?, ?, ?, ?, ?, 'STANDARD', ?)`,
      [
        accountId,
        (entry as { insertId: number }).insertId,
        points,
        points,
        new Date(now.getTime() + 365 * 86_400_000),
        now,
      ],
    );
    await conn.query(
      `INSERT INTO purchase (store_id, receipt_no, member_id, staff_id, amount_fen, points_used, deduction_fen, payable_fen,
         points_earned, growth_earned, rules_version, created_at) VALUES (0, ?, 0, 0, 2000, 0, 0, 2000, ?, 20, 1, ?)`,
      [receipt, points, now],
    );
    // The answer kept for retries (the one idempotency mechanism).
    await conn.query(
      `INSERT INTO idempotency_record (scope, operation, idem_key, fingerprint, status_code, response_json, created_at)
       VALUES ('store:0', 'purchase', ?, ?, 200, '{}', ?)`,
      [receipt, 'f'.repeat(64), now],
    );
    await conn.commit();
  } catch (error) {
    await conn.rollback();
    throw error;
  } finally {
    conn.release();
  }
}

describe('purchase throughput', () => {
  let s: TestServer;
  beforeAll(async () => {
    if (!process.env.DATABASE_URL) throw new Error('the load test measures MariaDB/MySQL: set DATABASE_URL');
    s = await startTestServer();
  });
  afterAll(() => s?.close());

  it(`API vs raw SQL at ${CLIENTS} concurrent clients`, async () => {
    const { staffToken } = await makeStaff(s, await loginOperator(s));
    const members = await Promise.all(Array.from({ length: CLIENTS }, () => loginMember(s)));
    // One checkout per purchase, opened before the burst as a scan would (code issued, then consumed).
    const staff = s.app.get(TokenService).verify(staffToken) as StaffPrincipal;
    const codes = s.app.get(MemberCodesService);
    const checkouts = s.app.get(CheckoutsService);
    const open = async (memberId: number) =>
      (await checkouts.open(staff, (await codes.issue(memberId)).code)).checkoutId;
    const openAll = () =>
      Promise.all(members.map((m) => Promise.all(Array.from({ length: PER_CLIENT }, () => open(m.member.id)))));
    const apiCheckouts = await openAll();

    const run = randomBytes(3).toString('hex');
    const ds = s.app.get(DataSource);
    const queries = countQueries(ds);
    queries.on();
    const cpuBefore = process.cpuUsage();
    const api = await apiBurst(s.url, staffToken, apiCheckouts, run);
    const cpu = process.cpuUsage(cpuBefore);
    const statements = queries.off();
    if (api.failures.length) throw new Error(`purchases failed: ${api.failures.join('\n')}`);

    const pool = createPool({ uri: s.db.url, connectionLimit: CLIENTS, timezone: 'Z' });
    const accounts = await Promise.all(
      members.map((m) =>
        ds.query('SELECT id FROM ledger_account WHERE member_id = ? AND kind = ?', [m.member.id, 'POINTS']),
      ),
    );
    const rawCheckouts = await openAll();
    const [issued] = await ds.query(`SELECT id FROM ledger_account WHERE system_code = 'POINTS:ISSUED'`);
    const raw = await burst(CLIENTS, PER_CLIENT, (c, i) =>
      rawPurchase(
        pool,
        Number(issued.id),
        accounts[c][0].id,
        { id: rawCheckouts[c][i], storeId: staff.storeId, staffId: staff.staffId },
        `S${run}-${c}-${i}`,
        20,
      ),
    );
    await pool.end();

    const rows = [
      stats('API  POST /staff/purchases', api.latencies, api.seconds),
      stats('raw  mysql2 same writes', raw.latencies, raw.seconds),
    ];
    const fmt = (r: Stats) =>
      `${r.label.padEnd(30)} ${String(r.count).padStart(5)} purchases  ${r.perSecond.toFixed(0).padStart(6)}/s  p50 ${r.p50.toFixed(1).padStart(7)} ms  p99 ${r.p99.toFixed(1).padStart(7)} ms`;
    console.log(
      [
        `purchase load, ${CLIENTS} clients × ${PER_CLIENT}`,
        ...rows.map(fmt),
        `ratio API/raw: throughput ${(rows[0].perSecond / rows[1].perSecond).toFixed(2)}×, p99 ${(rows[0].p99 / rows[1].p99).toFixed(2)}×`,
        `SQL round trips per API purchase (incl. auth guard, transaction control): ${(statements / api.latencies.length).toFixed(1)}`,
        // Less sensitive to other load on the machine than throughput: what one purchase costs the server.
        `server CPU per API purchase: ${((cpu.user + cpu.system) / 1000 / api.latencies.length).toFixed(2)} ms`,
      ].join('\n'),
    );
    const check = await checkLedgerInvariants(ds);
    console.log(`ledger invariants: ${check.violations.length} violations in ${check.accounts} accounts`);
    expect(check.violations).toEqual([]);
  }, 300_000);
});
