import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { CouponTemplateInput } from '@member/shared';
import type { OperatorPrincipal } from '../auth/token.service';
import { CouponTemplatesService } from '../coupons/coupon-templates.service';
import type { CouponValidityDto } from '../coupons/dto/coupons.dto';
import { TiersService } from '../tiers/tiers.service';

/** The demo's coupon templates by role, so the member seed can claim and use them. */
export interface DemoCoupons {
  cashOff: number;
  percentOff: number;
  latte: number;
  soldOut: number;
  americano: number;
  weekend: number;
}

const DAY_MS = 86_400_000;

/**
 * Coupon templates of every kind and trigger for a fresh sandbox: a new-member gift (so the demo members,
 * created after this, each get one through the outbox), 满减, 折扣 for higher tiers, an exchange voucher
 * that can be gifted, birthday and tier-up gifts, one with a tiny stock that the demo members empty, and a
 * draft for the 双十二 campaign.
 */
@Injectable()
export class DemoCouponsSeed {
  constructor(private readonly refs: ModuleRef) {}

  async seed(system: OperatorPrincipal, now: Date): Promise<DemoCoupons> {
    const get = <T>(type: new (...args: never[]) => T): T => this.refs.get(type, { strict: false });
    const templates = get(CouponTemplatesService);
    const ladder = await get(TiersService).activeTiers();
    const above = (n: number) => ladder.slice(n).map((t) => t.id);
    const relative = (days: number, startsAfterDays = 0): CouponValidityDto => ({
      kind: 'RELATIVE',
      days,
      startsAfterDays,
    });
    const base = {
      minSpendFen: 0,
      totalStock: null,
      perMemberLimit: 1,
      trigger: 'CLAIM' as const,
      tierIds: null,
      storeIds: null,
      stackable: false,
      giftable: false,
    };
    const make = async (t: Omit<CouponTemplateInput, 'validity'> & { validity: CouponValidityDto }, active = true) => {
      const created = await templates.create(t, system);
      if (active) await templates.setStatus(created.id, 'ACTIVE', system);
      return created.id;
    };
    await make({
      ...base,
      kind: 'CASH_OFF',
      name: '新人礼 · 无门槛 10 元',
      faceValueFen: 1000,
      trigger: 'NEW_MEMBER',
      validity: relative(30),
      instructions: '入会即送，到店结账时出示会员码或券码使用。',
    });
    const cashOff = await make({
      ...base,
      kind: 'CASH_OFF',
      name: '满 100 减 20',
      faceValueFen: 2000,
      minSpendFen: 10_000,
      totalStock: 500,
      validity: relative(14),
      giftable: true,
      instructions: '单笔消费满 100 元可用，每单限用一张。',
    });
    const percentOff = await make({
      ...base,
      kind: 'PERCENT_OFF',
      name: '银卡及以上 · 8.5 折',
      faceValueFen: 0,
      percentOff: 15,
      maxDiscountFen: 3000,
      perMemberLimit: 2,
      tierIds: above(1).length ? above(1) : null,
      claimEndsAt: new Date(now.getTime() + 45 * DAY_MS).toISOString(),
      validity: {
        kind: 'FIXED',
        from: now.toISOString(),
        until: new Date(now.getTime() + 60 * DAY_MS).toISOString(),
      },
      instructions: '银卡、金卡会员专享，最多优惠 30 元。',
    });
    const latte = await make({
      ...base,
      kind: 'EXCHANGE',
      name: '拿铁兑换券',
      faceValueFen: 3200,
      itemName: '拿铁（中杯）',
      totalStock: 200,
      validity: relative(7, 1),
      giftable: true,
      instructions: '领取次日起 7 天内到店兑换一杯中杯拿铁，可转赠好友。',
    });
    const americano = await make({
      ...base,
      kind: 'EXCHANGE',
      name: '美式咖啡兑换券',
      faceValueFen: 1800,
      itemName: '美式咖啡（中杯）',
      perMemberLimit: 2,
      validity: relative(30),
      giftable: true,
      instructions: '到店出示券码，店员扫码核销后兑换一杯美式，可转赠好友。',
    });
    // Ends in two days: the coupon-expiry reminder plan has something to remind of.
    const weekend = await make({
      ...base,
      kind: 'CASH_OFF',
      name: '周末限定 · 满 30 减 5',
      faceValueFen: 500,
      minSpendFen: 3000,
      validity: { kind: 'FIXED', from: now.toISOString(), until: new Date(now.getTime() + 2 * DAY_MS).toISOString() },
      instructions: '本周末有效，过期作废。',
    });
    const soldOut = await make({
      ...base,
      kind: 'CASH_OFF',
      name: '限量 3 张 · 满 50 减 25',
      faceValueFen: 2500,
      minSpendFen: 5000,
      totalStock: 3,
      validity: relative(7),
      instructions: '限量发放，先到先得。',
    });
    await make({
      ...base,
      kind: 'CASH_OFF',
      name: '生日礼 · 满 50 减 30',
      faceValueFen: 3000,
      minSpendFen: 5000,
      trigger: 'BIRTHDAY',
      validity: relative(30),
      instructions: '生日当天发放（所在等级享有生日礼时），30 天内有效。',
    });
    if (above(1).length) {
      await make({
        ...base,
        kind: 'CASH_OFF',
        name: '升级礼 · 无门槛 20 元',
        faceValueFen: 2000,
        trigger: 'TIER_UP',
        tierIds: above(1),
        validity: relative(30),
        instructions: '会员等级提升时发放。',
      });
    }
    await make(
      {
        ...base,
        kind: 'CASH_OFF',
        name: '双十二 · 满 200 减 50',
        faceValueFen: 5000,
        minSpendFen: 20_000,
        totalStock: 1000,
        validity: relative(10),
        instructions: '活动草稿，尚未发布。',
      },
      false,
    );
    return { cashOff, percentOff, latte, soldOut, americano, weekend };
  }
}
