import type { NoticeKind } from '@member/shared';
import { keywordProblem, keywordType } from '../../wechat/keyword-rules';
import {
  amount,
  characterString,
  dateOnly,
  dateRange,
  dateTime,
  deadline,
  numberValue,
  phrase,
  thing,
} from './notice-format';
import { NOTICE_KIND_SPECS } from './notice-kinds';

// The facts each kind is planned with: ids, amounts, titles and times only — never a member's name, phone or
// openid (notices show in the console). Times are ISO strings so the facts survive JSON.
export interface NoticeFacts {
  BIRTHDAY: { year: number; perk: string; validFrom: string; validUntil: string };
  POINTS_EXPIRING: { points: number; expiresOn: string; balance: number };
  COUPON_EXPIRING: { couponName: string; count: number; valueFen: number; validUntil: string };
  EVENT_REMINDER: { eventId: number; title: string; startsAt: string; place: string; hoursBefore: number };
  EVENT_WAITLIST_PROMOTED: { eventId: number; title: string; startsAt: string };
  TIER_UP: { fromTier: string; toTier: string; at: string };
  TOPUP_CREDITED: { amountFen: number; bonusFen: number; balanceFen: number; orderNo: string; at: string };
  MALL_PICKUP_READY: { orderNo: string; goodsName: string; storeName: string; pickupBy: string };
  FEEDBACK_REQUEST: { signupId: number; eventId: number; title: string; startsAt: string };
  WIN_BACK: { message: string; perk: string; validUntil: string };
}

export interface RenderedNotice {
  /** Keyword → value, in the template's order, every value within WeChat's rules. */
  data: Record<string, string>;
  /** The mini-program page a tap opens. */
  page: string;
}

type Builder<K extends NoticeKind> = (facts: NoticeFacts[K]) => RenderedNotice;

// Members are addressed by a fixed salutation: a nickname often breaks the name rule (emoji, length), and
// the notice log must not hold personal data.
const SALUTATION = '尊敬的会员';

export const NOTICE_BUILDERS: { [K in NoticeKind]: Builder<K> } = {
  BIRTHDAY: (f) => ({
    data: {
      name1: SALUTATION,
      thing2: thing('祝您生日快乐，万事如意'),
      thing3: thing(f.perk, '生日礼遇已放入您的账户'),
      date4: dateRange(f.validFrom, f.validUntil),
    },
    page: 'pages/mine/index',
  }),
  POINTS_EXPIRING: (f) => ({
    data: {
      number1: numberValue(f.points),
      date2: dateOnly(f.expiresOn),
      number3: numberValue(f.balance),
      thing4: thing('积分即将过期，可在积分商城兑换好礼'),
    },
    page: 'packages/points/history/index',
  }),
  COUPON_EXPIRING: (f) => ({
    data: {
      thing1: thing(f.count > 1 ? `${f.couponName}等${f.count}张` : f.couponName, '优惠券'),
      amount2: amount(f.valueFen),
      date3: deadline(new Date(f.validUntil)),
      thing4: thing('优惠券即将过期，请尽快使用'),
    },
    page: 'packages/coupons/mine/index',
  }),
  EVENT_REMINDER: (f) => ({
    data: {
      thing1: thing(f.title, '会员活动'),
      time2: dateTime(new Date(f.startsAt)),
      thing3: thing(f.place, '详见活动页'),
      thing4: thing(f.hoursBefore >= 24 ? '活动明天开始，请凭入场码签到' : '活动即将开始，请凭入场码签到'),
    },
    page: `packages/events/detail/index?id=${f.eventId}`,
  }),
  EVENT_WAITLIST_PROMOTED: (f) => ({
    data: {
      thing1: thing(f.title, '会员活动'),
      time2: dateTime(new Date(f.startsAt)),
      phrase3: '候补成功',
      thing4: thing('已为您保留名额，请准时参加'),
    },
    page: `packages/events/detail/index?id=${f.eventId}`,
  }),
  TIER_UP: (f) => ({
    data: {
      name1: SALUTATION,
      phrase2: phrase(f.fromTier, '原等级'),
      phrase3: phrase(f.toTier, '新等级'),
      time4: dateTime(new Date(f.at)),
      thing5: thing('恭喜升级，更多会员权益等您享用'),
    },
    page: 'packages/points/tier/index',
  }),
  TOPUP_CREDITED: (f) => ({
    data: {
      amount1: amount(f.amountFen),
      amount2: amount(f.bonusFen),
      amount3: amount(f.balanceFen),
      character_string4: characterString(f.orderNo),
      time5: dateTime(new Date(f.at)),
    },
    page: 'packages/wallet/history/index',
  }),
  MALL_PICKUP_READY: (f) => ({
    data: {
      thing1: thing(f.goodsName, '兑换商品'),
      character_string2: characterString(f.orderNo),
      thing3: thing(f.storeName, '所选门店'),
      date4: dateTime(new Date(f.pickupBy)),
    },
    page: 'packages/mall/orders/index',
  }),
  FEEDBACK_REQUEST: (f) => ({
    data: {
      thing1: thing(f.title, '会员活动'),
      time2: dateTime(new Date(f.startsAt)),
      thing3: thing('花一分钟评价，帮助我们做得更好'),
    },
    page: `packages/events/feedback/index?signupId=${f.signupId}`,
  }),
  WIN_BACK: (f) => ({
    data: {
      thing1: thing(f.message, '好久不见，为您准备了回归礼'),
      thing2: thing(f.perk, '到店消费可享会员礼遇'),
      date3: dateOnly(f.validUntil),
    },
    page: 'pages/home/index',
  }),
};

/** Thrown when a builder produced a value WeChat would refuse: a bug or a template mismatch, not a send. */
export class NoticeRenderError extends Error {}

/**
 * Renders a kind's facts and checks every keyword against WeChat's rules and the kind's template (each key
 * present, none extra), so 47003 can only come from a template configured differently in WeChat.
 */
export function renderNotice<K extends NoticeKind>(kind: K, facts: NoticeFacts[K]): RenderedNotice {
  const rendered = (NOTICE_BUILDERS[kind] as Builder<K>)(facts);
  const keys = NOTICE_KIND_SPECS[kind].keywords.map((k) => k.key);
  const extra = Object.keys(rendered.data).filter((key) => !keys.includes(key));
  if (extra.length) throw new NoticeRenderError(`${kind}: keys not in the template: ${extra.join(', ')}`);
  for (const key of keys) {
    const type = keywordType(key);
    const problem = type ? keywordProblem(type, rendered.data[key]) : 'is invalid';
    if (problem) throw new NoticeRenderError(`${kind}: data.${key}.value ${problem}`);
  }
  return rendered;
}
