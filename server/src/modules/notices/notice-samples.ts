import type { NoticeKind } from '@member/shared';
import type { NoticeFacts } from './notice-builders';

/** Example facts per kind, as of `now`: what a console test-send (and the demo) shows. */
export function sampleFacts(now: Date): { [K in NoticeKind]: NoticeFacts[K] } {
  const inDays = (d: number) => new Date(now.getTime() + d * 86_400_000);
  const day = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  return {
    BIRTHDAY: {
      year: inDays(0).getUTCFullYear(),
      perk: '生日当月消费积分双倍',
      validFrom: day(now),
      validUntil: day(inDays(30)),
    },
    POINTS_EXPIRING: { points: 300, expiresOn: day(inDays(7)), balance: 1520 },
    COUPON_EXPIRING: { couponName: '满100减20券', count: 1, valueFen: 2000, validUntil: inDays(3).toISOString() },
    EVENT_REMINDER: {
      eventId: 0,
      title: '周末咖啡品鉴会',
      startsAt: inDays(1).toISOString(),
      place: '旗舰店',
      hoursBefore: 24,
    },
    EVENT_WAITLIST_PROMOTED: { eventId: 0, title: '周末咖啡品鉴会', startsAt: inDays(2).toISOString() },
    TIER_UP: { fromTier: '银卡会员', toTier: '金卡会员', at: now.toISOString() },
    TOPUP_CREDITED: { amountFen: 50000, bonusFen: 5000, balanceFen: 85000, orderNo: 'TEST0001', at: now.toISOString() },
    MALL_PICKUP_READY: {
      orderNo: 'M20261201000123',
      goodsName: '品牌随行杯',
      storeName: '旗舰店',
      pickupBy: inDays(7).toISOString(),
    },
    FEEDBACK_REQUEST: { signupId: 0, eventId: 0, title: '周末咖啡品鉴会', startsAt: inDays(-1).toISOString() },
    WIN_BACK: { message: '好久不见，为您准备了回归礼', perk: '到店消费可享积分加倍', validUntil: day(inDays(14)) },
  };
}
