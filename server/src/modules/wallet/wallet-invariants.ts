// The wallet's invariants as a few queries, for tests after a scenario (and load runs). Plain SQL by table
// name on purpose: it checks what is stored, whatever the services believe. The ledger's own checker
// (checkLedgerInvariants) covers Σ member WALLET balances = − Σ WALLET system legs; run both.

export interface WalletViolation {
  rule: string;
  detail: string;
}

export interface WalletCheckResult {
  paidOrders: number;
  violations: WalletViolation[];
}

/** Runs one statement and answers its rows: TypeORM's `ds.query`, or a mysql2 pool wrapped to drop the fields. */
export type RowQuery = (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

const n = (v: unknown) => Number(v ?? 0);
const PAID = `('PAID', 'REFUNDED')`;
/** Member legs of top-up credits on the order's member's WALLET account. */
const legs = (bizType: string, what: string) =>
  `(SELECT ${what} FROM ledger_entry e JOIN ledger_account a ON a.id = e.account_id
     WHERE e.account_id = e.journal_account_id AND a.member_id = o.member_id AND a.kind = 'WALLET'
       AND e.entry_type = 'CREDIT' AND e.biz_type = '${bizType}' AND e.biz_id = o.out_trade_no)`;

/**
 * - every paid order has exactly one principal credit of its pay_fen and, when it has a bonus, exactly one
 *   bonus credit of its bonus_fen (none otherwise), on its member's wallet;
 * - no top-up credit without a paid order of that out_trade_no;
 * - a plan's paid_count = its paid orders.
 */
export async function checkWalletInvariants(query: RowQuery): Promise<WalletCheckResult> {
  const violations: WalletViolation[] = [];
  const add = (rule: string, detail: string) => violations.push({ rule, detail });

  const orders = await query(
    `SELECT o.out_trade_no, o.pay_fen, o.bonus_fen,
            ${legs('WALLET_TOPUP', 'COUNT(*)')} AS p_n, ${legs('WALLET_TOPUP', 'COALESCE(SUM(e.amount), 0)')} AS p_sum,
            ${legs('WALLET_TOPUP_BONUS', 'COUNT(*)')} AS b_n, ${legs('WALLET_TOPUP_BONUS', 'COALESCE(SUM(e.amount), 0)')} AS b_sum
       FROM topup_order o WHERE o.status IN ${PAID}`,
  );
  for (const o of orders) {
    const no = String(o.out_trade_no);
    if (n(o.p_n) !== 1 || n(o.p_sum) !== n(o.pay_fen))
      add('principal credited once', `${no}: ${n(o.p_n)} credits of ${n(o.p_sum)}, paid ${n(o.pay_fen)}`);
    const bonusLegs = n(o.bonus_fen) > 0 ? 1 : 0;
    if (n(o.b_n) !== bonusLegs || n(o.b_sum) !== n(o.bonus_fen))
      add('bonus credited once', `${no}: ${n(o.b_n)} credits of ${n(o.b_sum)}, bonus ${n(o.bonus_fen)}`);
  }

  for (const e of await query(
    `SELECT e.id, e.biz_type, e.biz_id FROM ledger_entry e
      WHERE e.account_id = e.journal_account_id AND e.entry_type = 'CREDIT'
        AND e.biz_type IN ('WALLET_TOPUP', 'WALLET_TOPUP_BONUS')
        AND NOT EXISTS (SELECT 1 FROM topup_order o WHERE o.out_trade_no = e.biz_id AND o.status IN ${PAID})
      LIMIT 20`,
  ))
    add('credit has a paid order', `entry ${n(e.id)}: ${String(e.biz_type)} ${String(e.biz_id)}`);

  for (const p of await query(
    `SELECT p.id, p.paid_count, (SELECT COUNT(*) FROM topup_order o WHERE o.plan_id = p.id AND o.status IN ${PAID}) AS paid
       FROM topup_plan p`,
  ))
    if (n(p.paid_count) !== n(p.paid))
      add('plan paid count', `plan ${n(p.id)}: paid_count ${n(p.paid_count)}, paid orders ${n(p.paid)}`);

  return { paidOrders: orders.length, violations };
}
