// Principal refunds' invariants as a few queries, for tests after a scenario (beside checkWalletInvariants and
// the ledger's own checker). Plain SQL by table name: it checks what is stored, whatever the services believe.
import type { RowQuery, WalletViolation } from './wallet-invariants';

const n = (v: unknown) => Number(v ?? 0);
/** Σ of the member legs of one refund part with this biz type and entry type. */
const leg = (bizType: string, entryType: string) =>
  `(SELECT COALESCE(SUM(e.amount), 0) FROM ledger_entry e
     WHERE e.account_id = e.journal_account_id AND e.biz_type = '${bizType}' AND e.biz_id = r.out_refund_no
       AND e.entry_type = '${entryType}')`;

/**
 * - every refund part has one principal debit of its principal_fen and one bonus debit of its forfeit (none
 *   when 0); a CLOSED part has both reversed in full, any other none;
 * - every paid order's refunded_fen = Σ principal of its parts not CLOSED, ≤ pay_fen, and the order is
 *   REFUNDED exactly when all of it is refunded.
 */
export async function checkWalletRefundInvariants(
  query: RowQuery,
): Promise<{ refunds: number; violations: WalletViolation[] }> {
  const violations: WalletViolation[] = [];
  const add = (rule: string, detail: string) => violations.push({ rule, detail });
  const parts = await query(
    `SELECT r.out_refund_no, r.status, r.principal_fen, r.bonus_forfeited_fen,
            ${leg('WALLET_REFUND', 'DEBIT')} AS p_debit, ${leg('WALLET_REFUND_FORFEIT', 'DEBIT')} AS b_debit,
            ${leg('WALLET_REFUND_CLOSED', 'REVERSAL')} AS p_back, ${leg('WALLET_REFUND_FORFEIT_CLOSED', 'REVERSAL')} AS b_back
       FROM wallet_refund r`,
  );
  for (const r of parts) {
    const no = String(r.out_refund_no);
    if (-n(r.p_debit) !== n(r.principal_fen))
      add('principal debited', `${no}: ${n(r.p_debit)} for ${n(r.principal_fen)}`);
    if (-n(r.b_debit) !== n(r.bonus_forfeited_fen))
      add('bonus forfeited', `${no}: ${n(r.b_debit)} for ${n(r.bonus_forfeited_fen)}`);
    const closed = r.status === 'CLOSED';
    if (n(r.p_back) !== (closed ? n(r.principal_fen) : 0) || n(r.b_back) !== (closed ? n(r.bonus_forfeited_fen) : 0))
      add('closed refund restored', `${no} (${String(r.status)}): back ${n(r.p_back)} + ${n(r.b_back)}`);
  }
  for (const o of await query(
    `SELECT o.out_trade_no, o.status, o.pay_fen, o.refunded_fen,
            (SELECT COALESCE(SUM(r.principal_fen), 0) FROM wallet_refund r
              WHERE r.topup_order_id = o.id AND r.status <> 'CLOSED') AS parts
       FROM topup_order o WHERE o.status IN ('PAID', 'REFUNDED')`,
  )) {
    const no = String(o.out_trade_no);
    if (n(o.refunded_fen) !== n(o.parts)) add('order refunded = parts', `${no}: ${n(o.refunded_fen)} vs ${n(o.parts)}`);
    if (n(o.refunded_fen) > n(o.pay_fen)) add('refunded within paid', `${no}: ${n(o.refunded_fen)} > ${n(o.pay_fen)}`);
    if ((o.status === 'REFUNDED') !== (n(o.refunded_fen) === n(o.pay_fen)))
      add('REFUNDED when all refunded', `${no}: ${String(o.status)} with ${n(o.refunded_fen)} of ${n(o.pay_fen)}`);
  }
  return { refunds: parts.length, violations };
}
