// The points + cash orders' invariants (part of checkMallInvariants). Plain SQL by table name, like it.
import type { MallViolation, RowQuery } from './mall-invariants';

const n = (v: unknown) => Number(v ?? 0);

/**
 * - an order's points hold is pending exactly while it waits for payment, voided once it left PENDING_PAYMENT
 *   (paid: the points are then its MALL_ORDER debit; unpaid: given back);
 * - a paid order that is live has no refund; one that ended (or was paid after we closed it) has exactly one,
 *   for its cash amount.
 */
export async function checkMallPayInvariants(query: RowQuery): Promise<MallViolation[]> {
  const violations: MallViolation[] = [];
  const rows = await query(
    `SELECT o.id, o.status, o.cash_fen, o.transaction_id, o.points_hold_id, h.status AS hold_status,
            r.refund_fen, r.id AS refund_id
       FROM mall_order o LEFT JOIN ledger_hold h ON h.id = o.points_hold_id LEFT JOIN mall_refund r ON r.order_id = o.id
      WHERE o.cash_fen > 0`,
  );
  for (const o of rows) {
    const id = `order ${n(o.id)} (${String(o.status)})`;
    if (o.points_hold_id != null) {
      const want = o.status === 'PENDING_PAYMENT' ? 'pending' : 'voided';
      if (o.hold_status !== want)
        violations.push({ rule: 'hold pending only while unpaid', detail: `${id}: hold ${String(o.hold_status)}` });
    }
    const ended = o.status === 'CANCELLED' || o.status === 'EXPIRED';
    const wantRefund = ended && o.transaction_id != null;
    if (wantRefund !== (o.refund_id != null) || (wantRefund && n(o.refund_fen) !== n(o.cash_fen)))
      violations.push({ rule: 'paid and ended → refunded once', detail: `${id}: refund ${String(o.refund_fen)}` });
    if ((o.status === 'READY' || o.status === 'DONE') && o.transaction_id == null)
      violations.push({ rule: 'fulfilled only when paid', detail: id });
  }
  return violations;
}
