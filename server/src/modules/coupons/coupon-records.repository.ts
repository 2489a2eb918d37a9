import { Injectable } from '@nestjs/common';
import type { CouponSource, CouponUseQuery } from '@member/shared';
import { DataSource } from 'typeorm';
import { shanghaiDayStart, addBizDays } from '../../common/clock';
import { sqlValue } from '../../database/raw-sql';
import { Coupon } from './entities/coupon.entity';

/** One use of a coupon as read: in a sale (receiptNo) or a stand-alone redemption (redemptionId). */
export interface CouponUseRaw {
  couponId: number;
  code: string;
  templateId: number;
  termsJson: string;
  receiptNo: string | null;
  redemptionId: number | null;
  storeId: number;
  staffId: number;
  memberNo: string;
  staffName: string;
  discountFen: number | null;
  billFen: number;
  usedAt: Date;
  voided: boolean;
}

// Uses of coupons: a coupon that is a tender of a sale (coupon.purchase_id) and every stand-alone
// redemption (coupon_redemption, voided ones too). The sales', members' and staff's tables are joined by
// name, read only (as MemberScope does): a page of records needs them in its own query.
const USES = `
  SELECT c.id AS coupon_id, c.code, c.template_id, c.terms_json, p.receipt_no, NULL AS redemption_id,
         c.used_store_id AS store_id, c.used_staff_id AS staff_id, c.member_id, c.discount_fen,
         p.amount_fen AS bill_fen, c.used_at, 0 AS voided
    FROM coupon c JOIN purchase p ON p.id = c.purchase_id
   WHERE c.status = 'USED'
  UNION ALL
  SELECT c.id, c.code, c.template_id, c.terms_json, NULL, r.id, r.store_id, r.staff_id, c.member_id,
         NULL, 0, r.created_at, CASE WHEN r.status = 'VOIDED' THEN 1 ELSE 0 END
    FROM coupon_redemption r JOIN coupon c ON c.id = r.coupon_id`;

type UseFilter = Pick<CouponUseQuery, 'templateId' | 'storeId' | 'staffId' | 'from' | 'to'>;

/** Console reads of coupons across modules: the uses list and a template's figures. */
@Injectable()
export class CouponRecordsRepository {
  constructor(private readonly ds: DataSource) {}

  private at(d: Date): unknown {
    return sqlValue(this.ds.manager, Coupon, 'usedAt', d);
  }

  private where(f: UseFilter): { sql: string; params: unknown[] } {
    const parts: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      parts.push(sql);
      params.push(value);
    };
    if (f.templateId) add('u.template_id = ?', f.templateId);
    if (f.storeId) add('u.store_id = ?', f.storeId);
    if (f.staffId) add('u.staff_id = ?', f.staffId);
    if (f.from) add('u.used_at >= ?', this.at(shanghaiDayStart(f.from)));
    if (f.to) add('u.used_at < ?', this.at(shanghaiDayStart(addBizDays(f.to, 1))));
    return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
  }

  async countUses(f: UseFilter): Promise<number> {
    const w = this.where(f);
    const [row] = (await this.ds.query(`SELECT COUNT(*) AS n FROM (${USES}) u ${w.sql}`, w.params)) as { n: unknown }[];
    return Number(row?.n ?? 0);
  }

  async uses(f: UseFilter, offset: number, limit: number): Promise<CouponUseRaw[]> {
    const w = this.where(f);
    const rows = (await this.ds.query(
      `SELECT u.*, m.member_no, sm.nickname AS staff_nickname, sm.member_no AS staff_member_no
         FROM (${USES}) u
         LEFT JOIN member m ON m.id = u.member_id
         LEFT JOIN staff st ON st.id = u.staff_id
         LEFT JOIN member sm ON sm.id = st.member_id
        ${w.sql}
        ORDER BY u.used_at DESC, u.coupon_id DESC
        LIMIT ? OFFSET ?`,
      [...w.params, limit, offset],
    )) as Record<string, unknown>[];
    const hydrate = (v: unknown) => (v instanceof Date ? v : new Date(`${String(v).replace(' ', 'T')}Z`));
    return rows.map((r) => ({
      couponId: Number(r.coupon_id),
      code: String(r.code),
      templateId: Number(r.template_id),
      termsJson: String(r.terms_json),
      receiptNo: r.receipt_no == null ? null : String(r.receipt_no),
      redemptionId: r.redemption_id == null ? null : Number(r.redemption_id),
      storeId: Number(r.store_id),
      staffId: Number(r.staff_id),
      memberNo: String(r.member_no ?? ''),
      staffName: String(r.staff_nickname || r.staff_member_no || ''),
      discountFen: r.discount_fen == null ? null : Number(r.discount_fen),
      billFen: Number(r.bill_fen ?? 0),
      usedAt: hydrate(r.used_at),
      voided: Number(r.voided) === 1,
    }));
  }

  /** Coupons of a template by status, and issued by source. */
  async counts(templateId: number): Promise<{ byStatus: Map<string, number>; bySource: Map<CouponSource, number> }> {
    const rows = (await this.ds.query(
      'SELECT status, source, COUNT(*) AS n FROM coupon WHERE template_id = ? GROUP BY status, source',
      [templateId],
    )) as { status: string; source: CouponSource; n: unknown }[];
    const byStatus = new Map<string, number>();
    const bySource = new Map<CouponSource, number>();
    for (const r of rows) {
      byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + Number(r.n));
      bySource.set(r.source, (bySource.get(r.source) ?? 0) + Number(r.n));
    }
    return { byStatus, bySource };
  }

  /** What the template's used coupons took off, and the gross bills of the sales that used them. */
  async money(templateId: number): Promise<{ discountFen: number; salesFen: number }> {
    const [d] = (await this.ds.query(
      `SELECT COALESCE(SUM(discount_fen), 0) AS d FROM coupon WHERE template_id = ? AND status = 'USED'`,
      [templateId],
    )) as { d: unknown }[];
    const [s] = (await this.ds.query(
      `SELECT COALESCE(SUM(p.amount_fen), 0) AS s FROM purchase p
        WHERE p.id IN (SELECT c.purchase_id FROM coupon c WHERE c.template_id = ? AND c.status = 'USED')`,
      [templateId],
    )) as { s: unknown }[];
    return { discountFen: Number(d?.d ?? 0), salesFen: Number(s?.s ?? 0) };
  }

  /** Uses and discount per Asia/Shanghai day since `since`. */
  async usesByDay(templateId: number, since: Date): Promise<{ day: string; uses: number; discountFen: number }[]> {
    const day =
      this.ds.options.type === 'better-sqlite3'
        ? "date(used_at, '+8 hours')"
        : "DATE_FORMAT(DATE_ADD(used_at, INTERVAL 8 HOUR), '%Y-%m-%d')";
    const rows = (await this.ds.query(
      `SELECT ${day} AS day, COUNT(*) AS n, COALESCE(SUM(discount_fen), 0) AS d FROM coupon
        WHERE template_id = ? AND status = 'USED' AND used_at >= ? GROUP BY ${day} ORDER BY day`,
      [templateId, this.at(since)],
    )) as { day: string; n: unknown; d: unknown }[];
    return rows.map((r) => ({ day: String(r.day), uses: Number(r.n), discountFen: Number(r.d) }));
  }

  async usesByStore(templateId: number): Promise<{ storeId: number; uses: number; discountFen: number }[]> {
    const rows = (await this.ds.query(
      `SELECT used_store_id AS s, COUNT(*) AS n, COALESCE(SUM(discount_fen), 0) AS d FROM coupon
        WHERE template_id = ? AND status = 'USED' AND used_store_id IS NOT NULL GROUP BY used_store_id
        ORDER BY n DESC`,
      [templateId],
    )) as { s: unknown; n: unknown; d: unknown }[];
    return rows.map((r) => ({ storeId: Number(r.s), uses: Number(r.n), discountFen: Number(r.d) }));
  }
}
