import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  ErrorCode,
  type CouponGiftLink,
  type CouponGiftPreview,
  type CouponTerms,
  type MemberCoupon,
} from '@member/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { AppException } from '../../common/app-exception';
import { Clock } from '../../common/clock';
import { MemberLifecycle } from '../../common/member-lifecycle';
import { AppConfig } from '../../config/app-config';
import { TransactionRunner } from '../../database/transaction-runner';
import { MemberDirectory } from '../members/member-directory';
import { CouponGiftsRepository } from './coupon-gifts.repository';
import { newCouponCode } from './coupon-issuing.service';
import { couponView } from './coupon-views';
import { CouponsRepository } from './coupons.repository';
import { CouponGift } from './entities/coupon-gift.entity';
import { Coupon } from './entities/coupon.entity';

// 18 random bytes = 24 url-safe characters (144 bits): the link's only secret.
const TOKEN_BYTES = 18;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{24}$/;
// Open links given back per sweep run; the next run takes the rest.
const SWEEP_BATCH = 500;

const newToken = () => randomBytes(TOKEN_BYTES).toString('base64url');
const linkOf = (g: CouponGift): CouponGiftLink => ({ token: g.token, expiresAt: g.expiresAt.toISOString() });
const lapsedAt = (g: CouponGift, now: Date) => g.status === 'OPEN' && g.expiresAt.getTime() <= now.getTime();

/** The giver as a friend sees them on the link: first character and two stars ("张**"). */
export function maskNickname(nickname: string): string {
  const chars = Array.from(nickname.trim());
  return chars.length ? `${chars[0]}**` : '微信好友';
}

/**
 * 转赠: a member offers an unused giftable coupon to a friend through a link. The coupon is GIFTING
 * (not usable at the counter) while the link is open; the first friend to accept takes it over with its
 * terms and validity unchanged and a new code (guarded OPEN → ACCEPTED and GIFTING → USABLE for the friend, in one
 * transaction), the giver may take it back, and a link that lapses gives it back to the giver.
 */
@Injectable()
export class CouponGiftsService {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly coupons: CouponsRepository,
    private readonly gifts: CouponGiftsRepository,
    private readonly members: MemberDirectory,
    private readonly lifecycle: MemberLifecycle,
  ) {}

  /** Opens a link for the member's coupon; while one is open, the same link again. */
  async offer(memberId: number, couponId: number): Promise<CouponGiftLink> {
    // A second try only after a concurrent offer won the coupon: it then finds that offer's link.
    for (let attempt = 0; attempt < 2; attempt++) {
      const link = await this.tx.run((em) => this.tryOffer(em, memberId, couponId));
      if (link) return link;
    }
    throw new AppException(ErrorCode.COUPON_NOT_USABLE);
  }

  private async tryOffer(em: EntityManager, memberId: number, couponId: number): Promise<CouponGiftLink | null> {
    const now = this.clock.now();
    const coupon = await em.getRepository(Coupon).findOneBy({ id: couponId, memberId });
    if (!coupon) throw await this.missing(em, couponId, memberId);
    if (coupon.status === 'GIFTING') {
      const open = await this.gifts.openOf(couponId, em);
      if (open && !lapsedAt(open, now)) return linkOf(open);
      // The link lapsed and the sweep has not given the coupon back yet: do it now, then offer anew.
      if (open) await this.gifts.close(em, open.id, 'EXPIRED', now);
      if (!(await this.coupons.setStatus(em, couponId, 'GIFTING', 'USABLE'))) return null;
      coupon.status = 'USABLE';
    }
    const terms = JSON.parse(coupon.termsJson) as CouponTerms;
    if (!terms.giftable) throw new AppException(ErrorCode.COUPON_NOT_GIFTABLE);
    if (coupon.status !== 'USABLE' || coupon.validUntil.getTime() <= now.getTime())
      throw new AppException(ErrorCode.COUPON_NOT_USABLE);
    if (!(await this.coupons.setStatus(em, couponId, 'USABLE', 'GIFTING'))) return null;
    const hours = this.config.coupons.giftLinkHours;
    const expiresAt = new Date(Math.min(now.getTime() + hours * 3_600_000, coupon.validUntil.getTime()));
    const gift = await this.gifts.insert(em, {
      token: newToken(),
      couponId,
      giverMemberId: memberId,
      receiverMemberId: null,
      status: 'OPEN',
      createdAt: now,
      expiresAt,
      closedAt: null,
    });
    return linkOf(gift);
  }

  /** The giver takes the coupon back (the link stops working); already back: the coupon as it is. */
  async cancel(memberId: number, couponId: number): Promise<MemberCoupon> {
    return this.tx.run(async (em) => {
      const now = this.clock.now();
      const coupon = await em.getRepository(Coupon).findOneBy({ id: couponId, memberId });
      if (!coupon) throw await this.missing(em, couponId, memberId);
      if (coupon.status === 'USABLE') return couponView(coupon);
      if (coupon.status !== 'GIFTING') throw new AppException(ErrorCode.COUPON_GIFT_NOT_FOUND);
      const open = await this.gifts.openOf(couponId, em);
      // Closed by a friend's accept a moment ago: the coupon is theirs now.
      if (open && !(await this.gifts.close(em, open.id, 'CANCELLED', now)))
        throw new AppException(ErrorCode.COUPON_GIFT_TAKEN);
      if (!(await this.coupons.setStatus(em, couponId, 'GIFTING', 'USABLE')))
        throw new AppException(ErrorCode.COUPON_GIFT_TAKEN);
      return couponView({ ...coupon, status: 'USABLE' });
    });
  }

  /** What the friend sees on opening the link. A lapsed link gives the coupon back first. */
  async preview(memberId: number, token: string): Promise<CouponGiftPreview> {
    let gift = await this.find(token);
    if (lapsedAt(gift, this.clock.now())) {
      await this.lapse(gift.id);
      gift = await this.find(token);
    }
    const coupon = await this.ds.getRepository(Coupon).findOneBy({ id: gift.couponId });
    if (!coupon) throw new AppException(ErrorCode.COUPON_GIFT_NOT_FOUND);
    const giver = (await this.members.cards([gift.giverMemberId])).get(gift.giverMemberId);
    return {
      terms: JSON.parse(coupon.termsJson) as CouponTerms,
      validFrom: coupon.validFrom.toISOString(),
      validUntil: coupon.validUntil.toISOString(),
      giverName: maskNickname(giver?.nickname ?? ''),
      status: gift.status,
      expiresAt: gift.expiresAt.toISOString(),
      mine: gift.giverMemberId === memberId,
    };
  }

  /**
   * The friend takes the coupon. Of any number of friends at once exactly one wins (the guarded
   * OPEN → ACCEPTED); the same friend asking again gets their coupon again.
   */
  async accept(memberId: number, token: string): Promise<MemberCoupon> {
    const found = await this.find(token);
    if (found.giverMemberId === memberId) throw new AppException(ErrorCode.COUPON_GIFT_OWN);
    // Like a claim: no coupons without the privacy consent or during the deletion cooling-off.
    await this.lifecycle.assertMayUse(memberId);
    const answer = await this.tx.run(async (em): Promise<MemberCoupon | 'lapsed'> => {
      const now = this.clock.now();
      const gift = (await this.gifts.byToken(token, em))!;
      if (gift.status === 'OPEN' && lapsedAt(gift, now)) return 'lapsed';
      if (gift.status === 'OPEN' && (await this.gifts.accept(em, gift.id, memberId, now))) {
        // The coupon moves to the friend with its terms and validity as they were.
        if (!(await this.coupons.setStatus(em, gift.couponId, 'GIFTING', 'USABLE', { memberId, source: 'GIFT' })))
          throw new AppException(ErrorCode.COUPON_GIFT_CLOSED);
        await this.gifts.recode(em, gift.couponId, newCouponCode);
        const coupon = await em.getRepository(Coupon).findOneByOrFail({ id: gift.couponId });
        return couponView(coupon);
      }
      // Someone else's accept, the giver's cancel or the lapse committed first: read what it left.
      const after = (await this.gifts.byToken(token, em))!;
      if (after.status === 'ACCEPTED') {
        if (after.receiverMemberId !== memberId) throw new AppException(ErrorCode.COUPON_GIFT_TAKEN);
        const coupon = await em.getRepository(Coupon).findOneBy({ id: after.couponId, memberId });
        if (coupon) return couponView(coupon);
        throw new AppException(ErrorCode.COUPON_GIFT_TAKEN);
      }
      if (lapsedAt(after, now)) return 'lapsed';
      throw new AppException(ErrorCode.COUPON_GIFT_CLOSED);
    });
    if (answer !== 'lapsed') return answer;
    await this.lapse(found.id);
    throw new AppException(ErrorCode.COUPON_GIFT_CLOSED);
  }

  /** Closes a lapsed link and gives its coupon back to the giver; false when it was not open and lapsed. */
  async lapse(giftId: number): Promise<boolean> {
    return this.tx.run(async (em) => {
      const now = this.clock.now();
      if (!(await this.gifts.close(em, giftId, 'EXPIRED', now))) return false;
      const gift = await em.getRepository(CouponGift).findOneByOrFail({ id: giftId });
      // The coupon may already be past its own end (and recorded so): then it simply stays as it is.
      await this.coupons.setStatus(em, gift.couponId, 'GIFTING', 'USABLE');
      return true;
    });
  }

  /** The sweep: every lapsed open link gives its coupon back, a batch per run. */
  async sweep(): Promise<{ lapsed: number }> {
    let lapsed = 0;
    for (const id of await this.gifts.lapsed(this.clock.now(), SWEEP_BATCH)) if (await this.lapse(id)) lapsed++;
    return { lapsed };
  }

  private async find(token: string): Promise<CouponGift> {
    const gift = TOKEN_PATTERN.test(token) ? await this.gifts.byToken(token) : null;
    if (!gift) throw new AppException(ErrorCode.COUPON_GIFT_NOT_FOUND);
    return gift;
  }

  /** Not the member's coupon: taken by a friend they gave it to, or none of theirs at all. */
  private async missing(em: EntityManager, couponId: number, memberId: number): Promise<AppException> {
    return new AppException(
      (await this.gifts.givenAway(couponId, memberId, em)) ? ErrorCode.COUPON_GIFT_TAKEN : ErrorCode.COUPON_NOT_FOUND,
    );
  }
}
