import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../../common/clock';
import { MemberLifecycle } from '../../common/member-lifecycle';
import { TierLifecycle, type TierChange } from '../../common/tier-lifecycle';
import { CouponIssuingService } from './coupon-issuing.service';
import { activeTemplates, allowsTier, CouponTierGifts, occasionKeys } from './coupon-occasions';

/**
 * The shop's occasions that give coupons by themselves: a new member (every ACTIVE NEW_MEMBER template)
 * and a promotion (every ACTIVE TIER_UP template for the new tier, once per member per tier per 365 days,
 * voided while unused when a refund takes the tier back). Each occasion only plans its coupons on the
 * outbox in the transaction that made it (kind coupon.issue, keyed by the occasion); the birthday gift is
 * CouponBirthdayJob's.
 *
 * An operator's manual raise counts as a promotion and gives the tier-up gift too (the member reached the
 * tier; the 365-day rule stops a raise-lower-raise from giving it twice). Only a refund takes it back: a
 * manual lowering or the yearly review leaves coupons the member was given alone.
 */
@Injectable()
export class CouponOccasionsService implements OnModuleInit {
  constructor(
    private readonly members: MemberLifecycle,
    private readonly tiers: TierLifecycle,
    private readonly issuing: CouponIssuingService,
    private readonly tierGifts: CouponTierGifts,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.members.onCreated(async (em, memberId) => {
      await this.newMember(em, memberId);
    });
    this.tiers.onPromoted(async (em, change) => {
      await this.promoted(em, change);
    });
    this.tiers.onDemoted(async (em, change) => {
      if (change.cause === 'refund')
        await this.tierGifts.takeBack(em, change.memberId, change.fromTierId, this.clock.now());
    });
  }

  /** One coupon of every ACTIVE NEW_MEMBER template; returns how many were planned. */
  async newMember(em: EntityManager, memberId: number): Promise<number> {
    const templates = await activeTemplates(em, 'NEW_MEMBER');
    const at = this.clock.now().toISOString();
    let planned = 0;
    for (const t of templates) {
      const sourceKey = occasionKeys.newMember(t.id, memberId);
      if (await this.issuing.plan(em, { templateId: t.id, memberId, source: 'NEW_MEMBER', sourceKey, at })) planned++;
    }
    return planned;
  }

  /** The new tier's gift: nothing when no ACTIVE TIER_UP template lets the tier in, or it was given within 365 days. */
  async promoted(em: EntityManager, change: TierChange): Promise<number> {
    const templates = (await activeTemplates(em, 'TIER_UP')).filter((t) => allowsTier(t, change.toTierId));
    if (!templates.length) return 0;
    const now = this.clock.now();
    const seq = await this.tierGifts.take(em, change.memberId, change.toTierId, now);
    if (seq === null) return 0;
    for (const t of templates) {
      await this.issuing.plan(em, {
        templateId: t.id,
        memberId: change.memberId,
        source: 'TIER_UP',
        sourceKey: occasionKeys.tierUp(change.memberId, change.toTierId, seq, t.id),
        at: now.toISOString(),
      });
    }
    return templates.length;
  }
}
