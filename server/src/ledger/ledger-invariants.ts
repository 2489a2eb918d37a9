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

/**
 * Asserts the ledger's invariants for every account (architecture §4) with a few GROUP BY queries:
 * Σ entries = balance = Σ lot remaining, balance ≥ 0, 0 ≤ remaining ≤ amount for each lot, allocations of
 * every DEBIT/EXPIRE/REVERSAL entry add up to |amount|, and reversals never exceed what they reverse.
 * Used by the `check:ledger` command and by tests after every scenario.
 */
export async function checkLedgerInvariants(ds: DataSource): Promise<LedgerCheckResult> {
  const violations: LedgerViolation[] = [];
  const accounts: Row[] = await ds.query(`
    SELECT a.id, a.balance, COALESCE(e.total, 0) AS entries_total, COALESCE(l.total, 0) AS lots_total
      FROM ledger_account a
      LEFT JOIN (SELECT account_id, SUM(amount) AS total FROM ledger_entry GROUP BY account_id) e
        ON e.account_id = a.id
      LEFT JOIN (SELECT account_id, SUM(remaining) AS total FROM ledger_lot GROUP BY account_id) l
        ON l.account_id = a.id`);
  for (const a of accounts) {
    const [id, balance, entries, lots] = [num(a.id), num(a.balance), num(a.entries_total), num(a.lots_total)];
    if (balance < 0) violations.push({ accountId: id, rule: 'balance >= 0', detail: `balance ${balance}` });
    if (entries !== balance) {
      violations.push({
        accountId: id,
        rule: 'Σ entries = balance',
        detail: `Σ entries ${entries}, balance ${balance}`,
      });
    }
    if (lots !== balance) {
      violations.push({ accountId: id, rule: 'Σ lots = balance', detail: `Σ remaining ${lots}, balance ${balance}` });
    }
  }
  const lots: Row[] = await ds.query(
    `SELECT id, account_id, amount, remaining FROM ledger_lot WHERE remaining < 0 OR remaining > amount`,
  );
  for (const l of lots) {
    violations.push({
      accountId: num(l.account_id),
      rule: '0 <= remaining <= amount',
      detail: `lot ${l.id}: remaining ${l.remaining} of ${l.amount}`,
    });
  }
  const allocations: Row[] = await ds.query(`
    SELECT e.id, e.account_id, e.amount, COALESCE(SUM(al.amount), 0) AS allocated
      FROM ledger_entry e LEFT JOIN ledger_allocation al ON al.entry_id = e.id
     WHERE e.entry_type IN ('DEBIT', 'EXPIRE', 'REVERSAL')
     GROUP BY e.id, e.account_id, e.amount
    HAVING COALESCE(SUM(al.amount), 0) <> ABS(e.amount)`);
  for (const e of allocations) {
    violations.push({
      accountId: num(e.account_id),
      rule: 'Σ allocations = |amount|',
      detail: `entry ${e.id}: amount ${e.amount}, allocated ${e.allocated}`,
    });
  }
  const reversals: Row[] = await ds.query(`
    SELECT o.id, o.account_id, o.amount, SUM(ABS(r.amount)) AS reversed
      FROM ledger_entry r JOIN ledger_entry o ON o.id = r.reverses_entry_id
     GROUP BY o.id, o.account_id, o.amount
    HAVING SUM(ABS(r.amount)) > ABS(o.amount)`);
  for (const o of reversals) {
    violations.push({
      accountId: num(o.account_id),
      rule: 'Σ reversals <= |amount|',
      detail: `entry ${o.id}: amount ${o.amount}, reversed ${o.reversed}`,
    });
  }
  return { accounts: accounts.length, violations };
}
