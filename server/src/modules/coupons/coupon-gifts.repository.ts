import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { execute, insertRows, sqlName, sqlValue } from '../../database/raw-sql';
import { isUniqueViolation } from '../../database/transaction-runner';
import { CouponGift } from './entities/coupon-gift.entity';
import { Coupon } from './entities/coupon.entity';

type Reader = DataSource | EntityManager;

/**
 * The gift statements that must hold under races, in plain SQL: a link leaves OPEN once (accepted,
 * cancelled or lapsed) by a guarded update, so of twenty friends pressing 领取 at once exactly one wins.
 */
@Injectable()
export class CouponGiftsRepository {
  constructor(private readonly ds: DataSource) {}

  byToken(token: string, reader: Reader = this.ds): Promise<CouponGift | null> {
    return reader.getRepository(CouponGift).findOneBy({ token });
  }

  /** The coupon's open link (at most one: the coupon is GIFTING while it is open). */
  openOf(couponId: number, reader: Reader = this.ds): Promise<CouponGift | null> {
    return reader.getRepository(CouponGift).findOne({ where: { couponId, status: 'OPEN' }, order: { id: 'DESC' } });
  }

  async insert(em: EntityManager, row: Omit<CouponGift, 'id'>): Promise<CouponGift> {
    return { ...row, id: await insertRows(em, CouponGift, [row]) };
  }

  /** OPEN → ACCEPTED for this friend while the link is still live; true when this call took it. */
  async accept(em: EntityManager, giftId: number, receiverMemberId: number, now: Date): Promise<boolean> {
    const t = sqlName(em, CouponGift);
    const at = sqlValue(em, CouponGift, 'closedAt', now);
    return (
      (await execute(
        em,
        `UPDATE ${t} SET status = 'ACCEPTED', receiver_member_id = ?, closed_at = ? WHERE id = ? AND status = 'OPEN' AND expires_at > ?`,
        [receiverMemberId, at, giftId, at],
      )) === 1
    );
  }

  /**
   * OPEN → CANCELLED (the giver takes it back) or → EXPIRED (only once the link has lapsed); true when
   * this call closed it.
   */
  async close(em: EntityManager, giftId: number, to: 'CANCELLED' | 'EXPIRED', now: Date): Promise<boolean> {
    const t = sqlName(em, CouponGift);
    const at = sqlValue(em, CouponGift, 'closedAt', now);
    const lapsed = to === 'EXPIRED' ? ' AND expires_at <= ?' : '';
    const params = [to, at, giftId, ...(lapsed ? [at] : [])];
    return (
      (await execute(
        em,
        `UPDATE ${t} SET status = ?, closed_at = ? WHERE id = ? AND status = 'OPEN'${lapsed}`,
        params,
      )) === 1
    );
  }

  /**
   * A new code for a coupon that changed hands: the giver's screenshot of the old QR no longer redeems it.
   * A collision (random 15 digits) draws again.
   */
  async recode(em: EntityManager, couponId: number, newCode: () => string): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await execute(em, `UPDATE ${sqlName(em, Coupon)} SET code = ? WHERE id = ?`, [newCode(), couponId]);
        return;
      } catch (error) {
        if (!isUniqueViolation(error) || attempt >= 3) throw error;
      }
    }
  }

  /** Open links past their end, oldest first: the sweep gives their coupons back. */
  async lapsed(now: Date, limit: number): Promise<number[]> {
    const rows = await this.ds
      .getRepository(CouponGift)
      .createQueryBuilder('g')
      .select('g.id', 'id')
      .where("g.status = 'OPEN' AND g.expiresAt <= :now", { now })
      .orderBy('g.id', 'ASC')
      .limit(limit)
      .getRawMany<{ id: number | string }>();
    return rows.map((r) => Number(r.id));
  }

  /** Whether a friend took this giver's gift of the coupon (the giver's coupon then belongs to them). */
  async givenAway(couponId: number, giverMemberId: number, reader: Reader = this.ds): Promise<boolean> {
    return reader.getRepository(CouponGift).existsBy({ couponId, giverMemberId, status: 'ACCEPTED' });
  }
}
