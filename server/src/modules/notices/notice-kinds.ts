import type { NoticeKind, NoticeTemplateKeyword } from '@member/shared';

/**
 * What each kind's template looks like: its title and keywords in order, as selected in the mini-program's
 * WeChat console (the sandbox holds the same templates under the default ids in config). The builders in
 * notice-builders.ts fill exactly these keys.
 */
export interface NoticeKindSpec {
  title: string;
  keywords: NoticeTemplateKeyword[];
}

const kw = (pairs: [string, string][]): NoticeTemplateKeyword[] => pairs.map(([key, name]) => ({ key, name }));

export const NOTICE_KIND_SPECS: Record<NoticeKind, NoticeKindSpec> = {
  BIRTHDAY: {
    title: '生日祝福',
    keywords: kw([
      ['name1', '会员姓名'],
      ['thing2', '祝福语'],
      ['thing3', '生日礼遇'],
      ['date4', '有效期'],
    ]),
  },
  POINTS_EXPIRING: {
    title: '积分到期提醒',
    keywords: kw([
      ['number1', '即将过期积分'],
      ['date2', '过期时间'],
      ['number3', '当前积分'],
      ['thing4', '温馨提示'],
    ]),
  },
  COUPON_EXPIRING: {
    title: '优惠券到期提醒',
    keywords: kw([
      ['thing1', '优惠券名称'],
      ['amount2', '优惠金额'],
      ['date3', '到期时间'],
      ['thing4', '温馨提示'],
    ]),
  },
  EVENT_REMINDER: {
    title: '活动即将开始提醒',
    keywords: kw([
      ['thing1', '活动名称'],
      ['time2', '开始时间'],
      ['thing3', '活动地点'],
      ['thing4', '温馨提示'],
    ]),
  },
  EVENT_WAITLIST_PROMOTED: {
    title: '候补成功通知',
    keywords: kw([
      ['thing1', '活动名称'],
      ['time2', '活动时间'],
      ['phrase3', '报名状态'],
      ['thing4', '温馨提示'],
    ]),
  },
  TIER_UP: {
    title: '会员等级变更通知',
    keywords: kw([
      ['name1', '会员姓名'],
      ['phrase2', '原等级'],
      ['phrase3', '新等级'],
      ['time4', '变更时间'],
      ['thing5', '备注'],
    ]),
  },
  TOPUP_CREDITED: {
    title: '储值到账通知',
    keywords: kw([
      ['amount1', '充值金额'],
      ['amount2', '赠送金额'],
      ['amount3', '账户余额'],
      ['character_string4', '订单号'],
      ['time5', '到账时间'],
    ]),
  },
  MALL_PICKUP_READY: {
    title: '待自提提醒',
    keywords: kw([
      ['thing1', '商品名称'],
      ['character_string2', '订单编号'],
      ['thing3', '自提门店'],
      ['date4', '自提截止'],
    ]),
  },
  FEEDBACK_REQUEST: {
    title: '活动评价邀请',
    keywords: kw([
      ['thing1', '活动名称'],
      ['time2', '活动时间'],
      ['thing3', '温馨提示'],
    ]),
  },
  WIN_BACK: {
    title: '会员回访',
    keywords: kw([
      ['thing1', '回访内容'],
      ['thing2', '会员权益'],
      ['date3', '有效期至'],
    ]),
  },
};
