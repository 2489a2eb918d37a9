import { Injectable } from '@nestjs/common';
import type { CouponStatus } from '@member/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { execute, hydrate, insertRows, sqlName, sqlValue } from '../../database/raw-sql';
import { isUniqueViolation } from '../../database/transaction-runner';
import { CouponMemberQuota } from './entities/coupon-member-quota.entity';
import { CouponTemplate } from './entities/coupon-template.entity';
import { Coupon } from './entities/coupon.entity';

type Reader = DataSource | EntityManager;

/**
 * The coupon statements that must hold under bursts, in plain SQL: stock and per-member quota are
 * guarded updates (`issued + n <= total_stock`, `taken < limit`), status changes are guarded by the
 * status the coupon must be in. Nothing here reads and then writes.
 */
@Injectable()
export class CouponsRepository {
  constructor(private readonly ds: DataSource) {}

  /** One template, by plain SQL (the claim path reads it on every claim; findOneBy costs more CPU). */
  async template(id: number, reader: Reader = this.ds): Promise<CouponTemplate | null> {
    const em = reader instanceof DataSource ? reader.manager : reader;
    const [row] = (await em.query(`SELECT * FROM ${sqlName(em, CouponTemplate)} WHERE id = ?`, [id])) as (
      Record<string, unknown> | undefined
    )[];
    return row ? hydrate(em, CouponTemplate, row) : null;
  }

  /** Takes `n` of the template's stock; false when fewer are left (or the template is not ACTIVE). */
  async takeStock(em: EntityManager, templateId: number, n: number): Promise<boolean> {
    const t = sqlName(em, CouponTemplate);
    return (
      (await execute(
        em,
        `UPDATE ${t} SET issued = issued + ? WHERE id = ? AND status = 'ACTIVE' AND (total_stock IS NULL OR issued + ? <= total_stock)`,
        [n, templateId, n],
      )) === 1
    );
  }

  /**
   * Takes one of the member's claims of a template; false at the limit. The row is created on the first
   * claim: a concurrent first claim waits on the insert and then counts against the committed row.
   */
  async takeQuota(em: EntityManager, templateId: number, memberId: number, limit: number): Promise<boolean> {
    const q = sqlName(em, CouponMemberQuota);
    const take = () =>
      execute(em, `UPDATE ${q} SET taken = taken + 1 WHERE template_id = ? AND member_id = ? AND taken < ?`, [
        templateId,
        memberId,
        limit,
      ]);
    if ((await take()) === 1) return true;
    if (limit < 1) return false;
    const ignore = em.connection.options.type === 'better-sqlite3' ? 'INSERT OR IGNORE' : 'INSERT IGNORE';
    const inserted = await execute(em, `${ignore} INTO ${q} (template_id, member_id, taken) VALUES (?, ?, 1)`, [
      templateId,
      memberId,
    ]);
    if (inserted === 1) return true;
    // Another claim created the row first (and committed): count against it.
    return (await take()) === 1;
  }

  /** How many of each template the member has claimed. */
  async taken(memberId: number, templateIds: number[], reader: Reader = this.ds): Promise<Map<number, number>> {
    if (!templateIds.length) return new Map();
    const rows = await reader
      .getRepository(CouponMemberQuota)
      .createQueryBuilder('q')
      .where('q.memberId = :memberId AND q.templateId IN (:...templateIds)', { memberId, templateIds })
      .getMany();
    return new Map(rows.map((r) => [r.templateId, r.taken]));
  }

  /**
   * Inserts a coupon. Returns its id, or null when its source key was already issued (the occasion has
   * its coupon). A code collision (random 15 digits) draws a new code.
   */
  async insertCoupon(
    em: EntityManager,
    row: Omit<Coupon, 'id' | 'code'>,
    newCode: () => string,
  ): Promise<Coupon | null> {
    for (let attempt = 0; ; attempt++) {
      const coupon = { ...row, code: newCode() } as Coupon;
      try {
        coupon.id = await insertRows(em, Coupon, [coupon]);
        return coupon;
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        if (row.sourceKey && String((error as Error).message).includes('source_key')) return null;
        if (attempt >= 3) throw error;
      }
    }
  }

  /** Which of `keys` already have their coupon (a batch chunk leaves those members out). */
  async existingSourceKeys(em: EntityManager, keys: string[]): Promise<Set<string>> {
    if (!keys.length) return new Set();
    const rows = (await em.query(
      `SELECT source_key AS k FROM ${sqlName(em, Coupon)} WHERE source_key IN (${keys.map(() => '?').join(', ')})`,
      keys,
    )) as { k: string }[];
    return new Set(rows.map((r) => r.k));
  }

  /**
   * Inserts many coupons in one statement. The statement succeeds or fails whole: a code collision (random
   * 15 digits) draws new codes for all and tries again; a source key already issued fails the caller's
   * transaction (callers leave those out first, so it only happens under a race, and then nothing commits).
   */
  async insertCoupons(em: EntityManager, rows: Omit<Coupon, 'id' | 'code'>[], newCode: () => string): Promise<void> {
    if (!rows.length) return;
    for (let attempt = 0; ; attempt++) {
      try {
        await insertRows(
          em,
          Coupon,
          rows.map((r) => ({ ...r, code: newCode() })),
        );
        return;
      } catch (error) {
        if (!isUniqueViolation(error) || String((error as Error).message).includes('source_key') || attempt >= 3)
          throw error;
      }
    }
  }

  /**
   * Takes up to `n` of the stock under the template row's lock and answers how many it took: all `n` while
   * enough is left, what is left when less, 0 when the stock is gone or the template no longer ACTIVE.
   */
  async takeStockUpTo(em: EntityManager, templateId: number, n: number): Promise<number> {
    const t = sqlName(em, CouponTemplate);
    const lock = em.connection.options.type === 'better-sqlite3' ? '' : ' FOR UPDATE';
    const [row] = (await em.query(`SELECT issued, total_stock AS total, status FROM ${t} WHERE id = ?${lock}`, [
      templateId,
    ])) as { issued: unknown; total: unknown; status: string }[];
    if (!row || row.status !== 'ACTIVE') return 0;
    const left = row.total == null ? n : Math.max(0, Number(row.total) - Number(row.issued));
    const take = Math.min(n, left);
    if (take > 0 && !(await this.takeStock(em, templateId, take))) throw new Error('stock moved under its lock');
    return take;
  }

  async deleteBySourceKeys(em: EntityManager, keys: string[]): Promise<void> {
    if (!keys.length) return;
    await execute(
      em,
      `DELETE FROM ${sqlName(em, Coupon)} WHERE source_key IN (${keys.map(() => '?').join(', ')})`,
      keys,
    );
  }

  async deleteCoupon(em: EntityManager, couponId: number): Promise<void> {
    await execute(em, `DELETE FROM ${sqlName(em, Coupon)} WHERE id = ?`, [couponId]);
  }

  /** Guarded status change; true when this call made it. */
  async setStatus(
    em: EntityManager,
    couponId: number,
    from: CouponStatus,
    to: CouponStatus,
    extra: Partial<
      Pick<Coupon, 'memberId' | 'source' | 'usedAt' | 'usedStoreId' | 'usedStaffId' | 'purchaseId' | 'discountFen'>
    > = {},
  ): Promise<boolean> {
    const props = Object.keys(extra) as (keyof typeof extra)[];
    const sets = props.map((p) => `, ${sqlName(em, Coupon, p)} = ?`).join('');
    const params = [to, ...props.map((p) => sqlValue(em, Coupon, p, extra[p])), couponId, from];
    return (
      (await execute(em, `UPDATE ${sqlName(em, Coupon)} SET status = ?${sets} WHERE id = ? AND status = ?`, params)) ===
      1
    );
  }
}
