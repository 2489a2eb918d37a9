import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { execute, insertRows, sqlName, sqlValue } from '../../database/raw-sql';
import { CouponRedemption } from './entities/coupon-redemption.entity';
import { Coupon } from './entities/coupon.entity';

/** Stand-alone voucher redemptions: the row, and the guarded steps of a void. */
@Injectable()
export class CouponRedemptionsRepository {
  async insert(em: EntityManager, row: Omit<CouponRedemption, 'id'>): Promise<CouponRedemption> {
    return { ...row, id: await insertRows(em, CouponRedemption, [row]) };
  }

  /** REDEEMED → VOIDED; false when another void got there first. */
  async markVoided(em: EntityManager, id: number, operatorId: number, reason: string, now: Date): Promise<boolean> {
    const t = sqlName(em, CouponRedemption);
    return (
      (await execute(
        em,
        `UPDATE ${t} SET status = 'VOIDED', voided_by = ?, voided_at = ?, void_reason = ? WHERE id = ? AND status = 'REDEEMED'`,
        [operatorId, sqlValue(em, CouponRedemption, 'voidedAt', now), reason, id],
      )) === 1
    );
  }

  /**
   * The voided voucher back in the member's hands: usable while still valid, expired otherwise. Only a
   * stand-alone use (no sale) is undone here: a coupon that paid for a sale comes back by the sale's refund.
   */
  async giveBack(em: EntityManager, couponId: number, now: Date): Promise<boolean> {
    const t = sqlName(em, Coupon);
    return (
      (await execute(
        em,
        `UPDATE ${t} SET status = CASE WHEN valid_until > ? THEN 'USABLE' ELSE 'EXPIRED' END, used_at = NULL, used_store_id = NULL, used_staff_id = NULL, discount_fen = NULL WHERE id = ? AND status = 'USED' AND purchase_id IS NULL`,
        [sqlValue(em, Coupon, 'validUntil', now), couponId],
      )) === 1
    );
  }
}
