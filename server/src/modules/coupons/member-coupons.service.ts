import { Injectable } from '@nestjs/common';
import { ErrorCode, type MemberCoupon, type MemberCouponQuery, type Page } from '@member/shared';
import { Brackets, DataSource } from 'typeorm';
import { AppException } from '../../common/app-exception';
import { Clock } from '../../common/clock';
import { StoreDirectory } from '../stores/store-directory';
import { couponView } from './coupon-views';
import { CouponGift } from './entities/coupon-gift.entity';
import { Coupon } from './entities/coupon.entity';

/**
 * 我的优惠券: a member's coupons by tab. "Usable" is decided by the clock to the second (validUntil > now),
 * not by the daily job that records expiry: a coupon past its end shows under 已过期 at once.
 */
@Injectable()
export class MemberCouponsService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly stores: StoreDirectory,
  ) {}

  async list(memberId: number, query: MemberCouponQuery): Promise<Page<MemberCoupon>> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const now = this.clock.now();
    const qb = this.ds.getRepository(Coupon).createQueryBuilder('c').where('c.memberId = :memberId', { memberId });
    const tab = query.status ?? 'usable';
    if (tab === 'usable') {
      qb.andWhere("c.status IN ('USABLE', 'GIFTING') AND c.validUntil > :now", { now }).orderBy('c.validUntil', 'ASC');
    } else if (tab === 'used') {
      qb.andWhere("c.status = 'USED'").orderBy('c.usedAt', 'DESC');
    } else {
      qb.andWhere(
        new Brackets((w) =>
          w
            .where("c.status IN ('EXPIRED', 'VOID')")
            .orWhere("c.status IN ('USABLE', 'GIFTING') AND c.validUntil <= :now", {
              now,
            }),
        ),
      ).orderBy('c.validUntil', 'DESC');
    }
    const [rows, total] = await qb
      .addOrderBy('c.id', 'DESC')
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    return { items: await this.views(rows), total, page, pageSize };
  }

  async detail(memberId: number, couponId: number): Promise<MemberCoupon> {
    const row = await this.ds.getRepository(Coupon).findOneBy({ id: couponId, memberId });
    if (!row) throw new AppException(ErrorCode.COUPON_NOT_FOUND);
    return (await this.views([row]))[0];
  }

  /** Views with the store names of used coupons and the open gift links, two reads for a page. */
  private async views(rows: Coupon[]): Promise<MemberCoupon[]> {
    const now = this.clock.now();
    const storeIds = [...new Set(rows.map((r) => r.usedStoreId).filter((id): id is number => id != null))];
    const names = storeIds.length ? await this.stores.names(storeIds) : new Map<number, string>();
    const gifting = rows.filter((r) => r.status === 'GIFTING').map((r) => r.id);
    const gifts = gifting.length
      ? await this.ds
          .getRepository(CouponGift)
          .createQueryBuilder('g')
          .where("g.couponId IN (:...gifting) AND g.status = 'OPEN'", { gifting })
          .getMany()
      : [];
    const giftOf = new Map(gifts.map((g) => [g.couponId, g]));
    return rows.map((r) => {
      // A link past its end no longer holds the coupon, whether or not the lapse sweep has run yet.
      const open = giftOf.get(r.id);
      const g = open && open.expiresAt.getTime() > now.getTime() ? open : undefined;
      const view = couponView(r, {
        usedStoreName: r.usedStoreId != null ? (names.get(r.usedStoreId) ?? null) : null,
        gift: g ? { token: g.token, expiresAt: g.expiresAt.toISOString() } : null,
      });
      if (r.status === 'GIFTING' && !g) view.status = 'USABLE';
      // Past its end the daily job may not have run yet: show it as expired now.
      if ((r.status === 'USABLE' || r.status === 'GIFTING') && r.validUntil.getTime() <= now.getTime())
        view.status = 'EXPIRED';
      return view;
    });
  }
}
