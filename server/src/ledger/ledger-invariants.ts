import type { DataSource } from 'typeorm';

export interface LedgerViolation {
  accountId: number;
  rule: string;
  detail: string;
}

export interface LedgerCheckResult {
  accounts: number;
  violations: LedgerViolation[];
}

type Row = Record<string, number | string | null>;
const num = (v: number | string | null | undefined) => Number(v ?? 0);

// A member leg is the entry on the account that numbers its journal; the other legs are system legs.
const MEMBER_LEG = 'e.account_id = e.journal_account_id';

/**
 * Asserts the ledger's invariants (architecture §4) with a few GROUP BY queries, for the `check:ledger`
 * command and for tests after every scenario:
 * - every journal has one member leg and ≥ 1 system leg, and sums to zero;
 * - per member account: Σ legs = balance = Σ lot remaining ≥ 0, seq = its number of journals, and the
 *   balance_after chain is unbroken (each leg = the previous leg's balance_after + its amount);
 * - system accounts keep no cached balance; per kind Σ member balances = − Σ system legs;
 * - lots stay within 0 ≤ remaining ≤ amount; what every entry moved is accounted for by allocations and
 *   the lots it created; reversals never exceed what they reverse;
 * - holds match their debits (pending and posted: unreversed; voided: fully reversed);
 * - points debt ≥ 0, and debt > 0 ⇒ the member's points balance = 0.
 */
export async function checkLedgerInvariants(ds: DataSource): Promise<LedgerCheckResult> {
  const violations: LedgerViolation[] = [];
  const add = (accountId: unknown, rule: string, detail: string) =>
    violations.push({ accountId: num(accountId as number), rule, detail });

  const accounts: Row[] = await ds.query(`
    SELECT a.id, a.balance, a.seq, a.system_code, COALESCE(e.total, 0) AS entries_total, COALESCE(e.n, 0) AS legs,
           COALESCE(e.max_seq, 0) AS max_seq, COALESCE(l.total, 0) AS lots_total
      FROM ledger_account a
      LEFT JOIN (SELECT account_id, SUM(amount) AS total, COUNT(*) AS n, MAX(journal_seq) AS max_seq
                   FROM ledger_entry GROUP BY account_id) e ON e.account_id = a.id
      LEFT JOIN (SELECT account_id, SUM(remaining) AS total FROM ledger_lot GROUP BY account_id) l
        ON l.account_id = a.id`);
  for (const a of accounts) {
    const [balance, entries, lots, seq] = [num(a.balance), num(a.entries_total), num(a.lots_total), num(a.seq)];
    if (a.system_code !== null) {
      if (balance !== 0 || seq !== 0) add(a.id, 'system accounts keep no balance', `balance ${balance}, seq ${seq}`);
      continue;
    }
    if (balance < 0) add(a.id, 'balance >= 0', `balance ${balance}`);
    if (entries !== balance) add(a.id, 'Σ entries = balance', `Σ entries ${entries}, balance ${balance}`);
    if (lots !== balance) add(a.id, 'Σ lots = balance', `Σ remaining ${lots}, balance ${balance}`);
    if (seq !== num(a.legs) || seq !== num(a.max_seq)) {
      add(a.id, 'seq = journals', `seq ${seq}, ${a.legs} legs, last journal ${a.max_seq}`);
    }
  }

  const journals: Row[] = await ds.query(`
    SELECT e.journal_account_id, e.journal_seq, SUM(e.amount) AS total, COUNT(*) AS legs,
           SUM(CASE WHEN ${MEMBER_LEG} THEN 1 ELSE 0 END) AS member_legs
      FROM ledger_entry e
     GROUP BY e.journal_account_id, e.journal_seq
    HAVING SUM(e.amount) <> 0 OR COUNT(*) < 2 OR SUM(CASE WHEN ${MEMBER_LEG} THEN 1 ELSE 0 END) <> 1`);
  for (const j of journals) {
    add(
      j.journal_account_id,
      'journal: one member leg, Σ = 0',
      `journal ${j.journal_seq}: Σ ${j.total} over ${j.legs} legs (${j.member_legs} member legs)`,
    );
  }

  const chain: Row[] = await ds.query(`
    SELECT e.id, e.account_id, e.journal_seq, e.amount, e.balance_after, p.balance_after AS previous
      FROM ledger_entry e
      LEFT JOIN ledger_entry p
        ON p.journal_account_id = e.account_id AND p.account_id = e.account_id AND p.journal_seq = e.journal_seq - 1
     WHERE ${MEMBER_LEG}
       AND (e.balance_after IS NULL OR (e.journal_seq > 1 AND p.id IS NULL)
            OR COALESCE(p.balance_after, 0) + e.amount <> e.balance_after)`);
  for (const e of chain) {
    add(
      e.account_id,
      'balance_after chain',
      `entry ${e.id} (journal ${e.journal_seq}): previous ${e.previous ?? '—'} + ${e.amount} ≠ ${e.balance_after}`,
    );
  }

  const kinds: Row[] = await ds.query(`
    SELECT a.kind,
           SUM(CASE WHEN a.system_code IS NULL THEN a.balance ELSE 0 END) AS members,
           COALESCE(SUM(s.total), 0) AS systems
      FROM ledger_account a
      LEFT JOIN (SELECT account_id, SUM(amount) AS total FROM ledger_entry GROUP BY account_id) s
        ON s.account_id = a.id AND a.system_code IS NOT NULL
     GROUP BY a.kind`);
  for (const k of kinds) {
    if (num(k.members) !== -num(k.systems)) {
      add(0, 'per kind Σ members = − Σ system legs', `${k.kind}: members ${k.members}, system legs ${k.systems}`);
    }
  }

  // Points debt: owed only while the member holds no points (a credit settles it first).
  const debts: Row[] = await ds.query(`
    SELECT d.id, d.balance AS debt, p.balance
      FROM ledger_account d JOIN ledger_account p ON p.member_id = d.member_id AND p.kind = 'POINTS'
     WHERE d.kind = 'POINTS_DEBT' AND d.balance > 0 AND p.balance <> 0`);
  for (const d of debts) add(d.id, 'debt > 0 ⇒ balance = 0', `debt ${d.debt}, points ${d.balance}`);

  const lots: Row[] = await ds.query(
    `SELECT id, account_id, amount, remaining FROM ledger_lot WHERE remaining < 0 OR remaining > amount`,
  );
  for (const l of lots)
    add(l.account_id, '0 <= remaining <= amount', `lot ${l.id}: remaining ${l.remaining} of ${l.amount}`);

  // Debits, expiries and reversals move lots by allocations; credits (and restores into new lots) create lots.
  const moved: Row[] = await ds.query(`
    SELECT e.id, e.account_id, e.entry_type, e.amount,
           COALESCE((SELECT SUM(al.amount) FROM ledger_allocation al WHERE al.entry_id = e.id), 0) AS allocated,
           COALESCE((SELECT SUM(l.amount) FROM ledger_lot l WHERE l.entry_id = e.id), 0) AS created
      FROM ledger_entry e
     WHERE ${MEMBER_LEG}`);
  for (const e of moved) {
    const [amount, allocated, created] = [Math.abs(num(e.amount)), num(e.allocated), num(e.created)];
    const ok = e.entry_type === 'CREDIT' ? created === amount && allocated === 0 : allocated + created === amount;
    if (!ok) {
      add(
        e.account_id,
        'lots account for every entry',
        `${e.entry_type} ${e.id}: amount ${e.amount}, allocated ${allocated}, new lots ${created}`,
      );
    }
  }

  const reversals: Row[] = await ds.query(`
    SELECT o.id, o.account_id, o.amount, SUM(ABS(r.amount)) AS reversed
      FROM ledger_entry r JOIN ledger_entry o ON o.id = r.reverses_entry_id
     WHERE r.account_id = r.journal_account_id
     GROUP BY o.id, o.account_id, o.amount
    HAVING SUM(ABS(r.amount)) > ABS(o.amount)`);
  for (const o of reversals) {
    add(o.account_id, 'Σ reversals <= |amount|', `entry ${o.id}: amount ${o.amount}, reversed ${o.reversed}`);
  }

  const holds: Row[] = await ds.query(`
    SELECT h.id, h.account_id, h.status, h.amount, d.amount AS debit,
           COALESCE((SELECT SUM(r.amount) FROM ledger_entry r
                      WHERE r.reverses_entry_id = h.entry_id AND r.account_id = r.journal_account_id), 0) AS returned
      FROM ledger_hold h LEFT JOIN ledger_entry d ON d.id = h.entry_id`);
  for (const h of holds) {
    const expected = h.status === 'voided' ? num(h.amount) : 0;
    if (num(h.debit) !== -num(h.amount) || num(h.returned) !== expected) {
      add(
        h.account_id,
        'holds match their debits',
        `hold ${h.id} (${h.status}): debit ${h.debit}, returned ${h.returned}`,
      );
    }
  }
  return { accounts: accounts.length, violations };
}
