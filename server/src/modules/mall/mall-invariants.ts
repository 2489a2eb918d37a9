// The points mall's invariants as a few GROUP BY queries, for tests after a scenario and for `npm run load`
// (test/load requires the built copy, server/dist/modules/mall/mall-invariants.js). Plain SQL by table name
// on purpose: it checks what is stored, whatever the services believe.
import { checkMallPayInvariants } from './mall-pay-invariants';

export interface MallViolation {
  rule: string;
  detail: string;
}

export interface MallCheckResult {
  goods: number;
  orders: number;
  violations: MallViolation[];
}

/** Runs one statement and answers its rows: TypeORM's `ds.query`, or a mysql2 pool wrapped to drop the fields. */
export type RowQuery = (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

const n = (v: unknown) => Number(v ?? 0);
const LIVE = "('PENDING_PAYMENT', 'READY', 'DONE')";

/**
 * - per goods: stock never below 0; sold_count = Σ quantity of its live orders (not cancelled or expired);
 *   a limited goods' stock + sold_count = stock_total (what was ever provisioned);
 * - per member, goods and period: the quota taken = Σ quantity of the live orders that took from it;
 * - every order with points has exactly its DEBIT in the ledger (MALL_ORDER / order no., −points), and an
 *   ended one exactly one REVERSAL (order no.:return, +points) against it, a live one none;
 * - a READY order has a pickup code and no other order does.
 */
export async function checkMallInvariants(query: RowQuery): Promise<MallCheckResult> {
  const violations: MallViolation[] = [];
  const add = (rule: string, detail: string) => violations.push({ rule, detail });

  const goods = await query(
    `SELECT g.id, g.stock, g.stock_total, g.sold_count, COALESCE(o.q, 0) AS live
       FROM mall_goods g LEFT JOIN (SELECT goods_id, SUM(quantity) AS q FROM mall_order WHERE status IN ${LIVE}
         GROUP BY goods_id) o ON o.goods_id = g.id`,
  );
  for (const g of goods) {
    if (g.stock !== null && n(g.stock) < 0) add('stock ≥ 0', `goods ${n(g.id)}: stock ${n(g.stock)}`);
    if (n(g.sold_count) !== n(g.live))
      add('sold = Σ live orders', `goods ${n(g.id)}: sold_count ${n(g.sold_count)}, live orders ${n(g.live)}`);
    if (g.stock !== null && n(g.stock) + n(g.sold_count) !== n(g.stock_total))
      add('stock + sold = provisioned', `goods ${n(g.id)}: ${n(g.stock)} + ${n(g.sold_count)} ≠ ${n(g.stock_total)}`);
  }

  const quotas = await query(
    `SELECT q.goods_id, q.member_id, q.period_key, q.taken, COALESCE(o.q, 0) AS live
       FROM mall_member_quota q LEFT JOIN (SELECT goods_id, member_id, quota_key, SUM(quantity) AS q FROM mall_order
         WHERE status IN ${LIVE} AND quota_key IS NOT NULL GROUP BY goods_id, member_id, quota_key) o
         ON o.goods_id = q.goods_id AND o.member_id = q.member_id AND o.quota_key = q.period_key
      WHERE q.taken <> COALESCE(o.q, 0)`,
  );
  for (const q of quotas)
    add(
      'quota = Σ live orders',
      `goods ${n(q.goods_id)} member ${n(q.member_id)} ${String(q.period_key)}: ${n(q.taken)} ≠ ${n(q.live)}`,
    );

  const orders = await query(
    `SELECT o.id, o.status, o.points_total, o.pickup_code, o.points_entry_id, o.points_hold_id, d.amount AS debit, d.biz_type, d.biz_id = o.order_no AS own,
            (SELECT COUNT(*) FROM ledger_entry r WHERE r.reverses_entry_id = o.points_entry_id AND r.entry_type = 'REVERSAL'
               AND r.account_id = d.account_id) AS reversals,
            (SELECT COALESCE(SUM(r.amount), 0) FROM ledger_entry r WHERE r.reverses_entry_id = o.points_entry_id
               AND r.entry_type = 'REVERSAL' AND r.account_id = d.account_id) AS returned
       FROM mall_order o LEFT JOIN ledger_entry d ON d.id = o.points_entry_id`,
  );
  for (const o of orders) {
    const id = `order ${n(o.id)}`;
    const ended = o.status === 'CANCELLED' || o.status === 'EXPIRED';
    // Points + cash never paid: the points were only held (mall-pay-invariants.ts checks the hold).
    const onlyHeld = o.points_entry_id == null && o.points_hold_id != null;
    if (n(o.points_total) > 0 && !onlyHeld) {
      if (o.debit == null || n(o.debit) !== -n(o.points_total) || o.biz_type !== 'MALL_ORDER' || !n(o.own))
        add('points debited', `${id}: debit ${String(o.debit)} for ${n(o.points_total)} points`);
      const want = ended ? 1 : 0;
      if (n(o.reversals) !== want || n(o.returned) !== want * n(o.points_total))
        add(
          'points returned once when ended',
          `${id} (${String(o.status)}): ${n(o.reversals)} reversals, ${n(o.returned)} points`,
        );
    }
    if ((o.status === 'READY') !== (o.pickup_code != null))
      add('pickup code only while READY', `${id} (${String(o.status)})`);
  }
  violations.push(...(await checkMallPayInvariants(query)));
  return { goods: goods.length, orders: orders.length, violations };
}
