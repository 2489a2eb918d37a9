// The coupons' invariants as a few GROUP BY queries, for tests after a scenario and for `npm run load`
// (test/load requires the built copy, server/dist/modules/coupons/coupon-invariants.js). Plain SQL by table
// name on purpose: it checks what is stored, whatever the services believe.

export interface CouponViolation {
  rule: string;
  detail: string;
}

export interface CouponCheckResult {
  templates: number;
  coupons: number;
  violations: CouponViolation[];
}

/** Runs one statement and answers its rows: TypeORM's `ds.query`, or a mysql2 pool wrapped to drop the fields. */
export type RowQuery = (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

const n = (v: unknown) => Number(v ?? 0);

/**
 * - per template: the issued counter = its coupons, and issued ≤ total stock;
 * - per member and template: claims taken ≤ the per-member limit, and the member's claimed coupons ≤ taken;
 * - every USED coupon belongs to exactly one sale (purchase_id names an existing purchase, no live
 *   redemption) or exactly one live stand-alone redemption; a live redemption's coupon is USED;
 * - a batch never issued one member two coupons (unique source keys) and its counters add up.
 */
export async function checkCouponInvariants(query: RowQuery): Promise<CouponCheckResult> {
  const violations: CouponViolation[] = [];
  const add = (rule: string, detail: string) => violations.push({ rule, detail });

  const templates = await query(
    `SELECT t.id, t.issued, t.total_stock, COALESCE(c.n, 0) AS coupons
       FROM coupon_template t LEFT JOIN (SELECT template_id, COUNT(*) AS n FROM coupon GROUP BY template_id) c
         ON c.template_id = t.id`,
  );
  let coupons = 0;
  for (const t of templates) {
    coupons += n(t.coupons);
    if (n(t.issued) !== n(t.coupons))
      add('issued = coupons', `template ${n(t.id)}: issued ${n(t.issued)}, coupons ${n(t.coupons)}`);
    if (t.total_stock != null && n(t.issued) > n(t.total_stock))
      add('issued ≤ stock', `template ${n(t.id)}: issued ${n(t.issued)} > stock ${n(t.total_stock)}`);
  }

  for (const q of await query(
    `SELECT q.template_id, q.member_id, q.taken, t.per_member_limit
       FROM coupon_member_quota q JOIN coupon_template t ON t.id = q.template_id
      WHERE q.taken > t.per_member_limit LIMIT 20`,
  ))
    add(
      'taken ≤ limit',
      `template ${n(q.template_id)} member ${n(q.member_id)}: ${n(q.taken)} > ${n(q.per_member_limit)}`,
    );

  for (const c of await query(
    `SELECT c.template_id, c.member_id, COUNT(*) AS n, MAX(COALESCE(q.taken, 0)) AS taken
       FROM coupon c LEFT JOIN coupon_member_quota q ON q.template_id = c.template_id AND q.member_id = c.member_id
      WHERE c.source = 'CLAIM' GROUP BY c.template_id, c.member_id HAVING COUNT(*) > MAX(COALESCE(q.taken, 0)) LIMIT 20`,
  ))
    add(
      'claimed ≤ taken',
      `template ${n(c.template_id)} member ${n(c.member_id)}: ${n(c.n)} coupons, ${n(c.taken)} taken`,
    );

  // Each USED coupon: its sale (when purchase_id is set) and its live redemptions, counted.
  for (const c of await query(
    `SELECT c.id, c.purchase_id, (SELECT COUNT(*) FROM purchase p WHERE p.id = c.purchase_id) AS sales,
            (SELECT COUNT(*) FROM coupon_redemption r WHERE r.coupon_id = c.id AND r.status = 'REDEEMED') AS redemptions
       FROM coupon c WHERE c.status = 'USED'`,
  )) {
    const uses = n(c.sales) + n(c.redemptions);
    if (uses !== 1 || (c.purchase_id != null && n(c.sales) !== 1))
      add(
        'used once',
        `coupon ${n(c.id)}: purchase ${c.purchase_id == null ? '—' : n(c.purchase_id)} (${n(c.sales)} found), ${n(c.redemptions)} live redemptions`,
      );
  }
  for (const r of await query(
    `SELECT r.id, r.coupon_id, c.status FROM coupon_redemption r LEFT JOIN coupon c ON c.id = r.coupon_id
      WHERE r.status = 'REDEEMED' AND (c.id IS NULL OR c.status <> 'USED') LIMIT 20`,
  ))
    add('redeemed coupon used', `redemption ${n(r.id)}: coupon ${n(r.coupon_id)} is ${String(r.status ?? 'missing')}`);
  for (const c of await query(
    `SELECT c.id FROM coupon c WHERE c.status <> 'USED' AND c.purchase_id IS NOT NULL LIMIT 20`,
  ))
    add('sale link only when used', `coupon ${n(c.id)} names a purchase but is not USED`);

  const perBatch = new Map<number, number>();
  for (const c of await query(`SELECT source_key FROM coupon WHERE source_key LIKE 'batch:%'`)) {
    const id = Number(String(c.source_key).split(':')[1]);
    perBatch.set(id, (perBatch.get(id) ?? 0) + 1);
  }
  for (const b of await query('SELECT id, issued, processed, skipped FROM coupon_batch')) {
    const issued = perBatch.get(n(b.id)) ?? 0;
    if (n(b.issued) !== issued)
      add('batch issued = coupons', `batch ${n(b.id)}: issued ${n(b.issued)}, coupons ${issued}`);
    if (n(b.issued) + n(b.skipped) !== n(b.processed))
      add(
        'batch counts',
        `batch ${n(b.id)}: issued ${n(b.issued)} + skipped ${n(b.skipped)} ≠ processed ${n(b.processed)}`,
      );
  }
  return { templates: templates.length, coupons, violations };
}
