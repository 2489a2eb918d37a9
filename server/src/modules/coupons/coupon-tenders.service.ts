import { Injectable } from '@nestjs/common';
import {
  combinedDiscount,
  couponOption,
  ErrorCode,
  rankCoupons,
  type CouponOption,
  type CouponTerms,
  type HeldCoupon,
} from '@member/shared';
import { DataSource, In, MoreThan, type EntityManager } from 'typeorm';
import { AppException } from '../../common/app-exception';
import { execute, sqlName, sqlValue } from '../../database/raw-sql';
import { CouponsRepository } from './coupons.repository';
import { Coupon } from './entities/coupon.entity';

/** A coupon as one tender of a sale: what it took off. */
export interface CouponTender {
  couponId: number;
  name: string;
  discountFen: number;
}

// A member holding more than this many usable coupons sees the soonest-expiring ones at the counter.
const MAX_OPTIONS = 50;

const held = (c: Coupon): HeldCoupon => ({
  couponId: c.id,
  terms: JSON.parse(c.termsJson) as CouponTerms,
  validFrom: c.validFrom,
  validUntil: c.validUntil,
});

/**
 * Coupons at the counter, for the sales module: which of the member's coupons fit a bill, and using
 * them inside the sale's transaction — a guarded USABLE → USED update per coupon, so a coupon pays for
 * at most one sale however many tills try at once. The refund that completes a sale gives them back.
 */
@Injectable()
export class CouponTendersService {
  constructor(
    private readonly ds: DataSource,
    private readonly repo: CouponsRepository,
  ) {}

  /** The member's usable coupons ranked for this bill, best preselected. */
  async options(
    memberId: number,
    billFen: number,
    storeId: number,
    now: Date,
  ): Promise<{ options: CouponOption[]; best: number | null }> {
    const rows = await this.ds.getRepository(Coupon).find({
      where: { memberId, status: 'USABLE', validUntil: MoreThan(now) },
      order: { validUntil: 'ASC', id: 'ASC' },
      take: MAX_OPTIONS,
    });
    return rankCoupons(rows.map(held), billFen, storeId, now);
  }

  /**
   * Uses the coupons on a bill in the sale's transaction and answers what each took off. Every coupon
   * must be the member's, usable now at this store for this bill, and the set allowed together; then each
   * is flipped USABLE → USED by a guarded update (COUPON_NOT_USABLE when another sale got there first).
   */
  async use(
    em: EntityManager,
    sale: { memberId: number; couponIds: number[]; billFen: number; storeId: number; staffId: number; now: Date },
  ): Promise<CouponTender[]> {
    const ids = [...new Set(sale.couponIds)];
    if (ids.length !== sale.couponIds.length) throw new AppException(ErrorCode.COUPON_NOT_STACKABLE);
    const rows = await em.getRepository(Coupon).findBy({ id: In(ids), memberId: sale.memberId });
    const byId = new Map(rows.map((r) => [r.id, r]));
    const coupons = ids.map((id) => {
      const row = byId.get(id);
      if (!row) throw new AppException(ErrorCode.COUPON_NOT_FOUND);
      if (row.status !== 'USABLE') throw new AppException(ErrorCode.COUPON_NOT_USABLE);
      const option = couponOption(held(row), sale.billFen, sale.storeId, sale.now);
      if (!option.usable)
        throw new AppException(
          option.reason === 'EXPIRED' ? ErrorCode.COUPON_NOT_USABLE : ErrorCode.COUPON_NOT_APPLICABLE,
          option.reasonText ? `优惠券不能用于本单：${option.reasonText}` : undefined,
        );
      return { row, terms: held(row).terms };
    });
    const combined = combinedDiscount(coupons, sale.billFen);
    if (!combined) throw new AppException(ErrorCode.COUPON_NOT_STACKABLE);
    const tenders: CouponTender[] = [];
    for (const [i, c] of coupons.entries()) {
      const discountFen = combined.perCoupon[i];
      const used = await this.repo.setStatus(em, c.row.id, 'USABLE', 'USED', {
        usedAt: sale.now,
        usedStoreId: sale.storeId,
        usedStaffId: sale.staffId,
        discountFen,
      });
      if (!used) throw new AppException(ErrorCode.COUPON_NOT_USABLE);
      tenders.push({ couponId: c.row.id, name: c.terms.name, discountFen });
    }
    return tenders;
  }

  /** Links the coupons a sale used to its purchase row (written after them). */
  async attach(em: EntityManager, couponIds: number[], purchaseId: number): Promise<void> {
    if (!couponIds.length) return;
    await execute(
      em,
      `UPDATE ${sqlName(em, Coupon)} SET purchase_id = ? WHERE id IN (${couponIds.map(() => '?').join(', ')}) AND status = 'USED'`,
      [purchaseId, ...couponIds],
    );
  }

  /**
   * The refund that completes a sale gives its coupons back: usable again while still valid, expired
   * otherwise. Partial refunds keep them used (their discount is spread over the refunds instead).
   */
  async returnForSale(em: EntityManager, purchaseId: number, now: Date): Promise<number> {
    const t = sqlName(em, Coupon);
    const at = sqlValue(em, Coupon, 'validUntil', now);
    return execute(
      em,
      `UPDATE ${t} SET status = CASE WHEN valid_until > ? THEN 'USABLE' ELSE 'EXPIRED' END, used_at = NULL, used_store_id = NULL, used_staff_id = NULL, discount_fen = NULL, purchase_id = NULL WHERE purchase_id = ? AND status = 'USED'`,
      [at, purchaseId],
    );
  }
}
