import { keywordType, type KeywordType } from '../wechat/keyword-rules';

export interface TemplateKeyword {
  key: string;
  name: string;
  type: KeywordType;
  example: string;
}

export interface SandboxTemplate {
  templateId: string;
  /** Stable name our code can refer to. */
  key: string;
  title: string;
  /** 2 = one-time subscription (the only kind a loyalty mini-program can get). */
  type: 2;
  keywords: TemplateKeyword[];
}

type Seed = [key: string, templateId: string, title: string, keywords: [string, string, string][]];

// The templates the sandbox app has "selected" in its WeChat console. Ids are fixed so config can name them.
const SEEDS: Seed[] = [
  [
    'points_changed',
    'zr4TSttDuZWloTYhpCurY6ElH4qrauhDxsEI5FzOjoQ',
    '积分变动提醒',
    [
      ['thing1', '变动原因', '消费奖励'],
      ['character_string2', '变动积分', '+120'],
      ['number3', '当前积分', '1520'],
      ['time4', '变动时间', '2025年5月1日 15:01'],
      ['thing5', '温馨提示', '积分可在会员中心兑换好礼'],
    ],
  ],
  [
    'points_expiring',
    'wBsDOd_qdLR37RbpWc_J5FelUsEKPYxx47SsE2SiLO0',
    '积分到期提醒',
    [
      ['number1', '即将过期积分', '300'],
      ['date2', '过期时间', '2025年12月31日'],
      ['number3', '当前积分', '1520'],
      ['thing4', '温馨提示', '请在到期前使用积分'],
    ],
  ],
  [
    'coupon_expiring',
    'G35CwG9kSkIkJmJkkKX7ICPDS5JTc5A8w1C30MY76OQ',
    '优惠券到期提醒',
    [
      ['thing1', '优惠券名称', '满100减20券'],
      ['amount2', '优惠金额', '¥20.00'],
      ['date3', '到期时间', '2025年6月30日 23:59'],
      ['thing4', '温馨提示', '优惠券即将过期，请尽快使用'],
    ],
  ],
  [
    'campaign_starting',
    'C1GwbVkeDvVD477YVwWBoVj5kLV8Lo_-3rv1tePLfjE',
    '活动开始提醒',
    [
      ['thing1', '活动名称', '会员日双倍积分'],
      ['time2', '活动时间', '2025年6月18日 10:00~2025年6月18日 22:00'],
      ['thing3', '活动地点', '全部门店'],
      ['thing4', '温馨提示', '活动期间消费可得双倍积分'],
    ],
  ],
  [
    'tier_changed',
    '2L3jmT-6HM8CfHdV5GOS8grIuvYt-ZfyUnm-698zaKU',
    '会员等级变更通知',
    [
      ['name1', '会员姓名', '张三'],
      ['phrase2', '原等级', '银卡会员'],
      ['phrase3', '新等级', '金卡会员'],
      ['time4', '变更时间', '2025-05-01 15:01'],
      ['thing5', '备注', '感谢您的支持'],
    ],
  ],
  [
    'birthday_greeting',
    'mI7jbQjS6PEjxyxVKS84ZWxHG0LvZho06ptaInmoWT8',
    '生日祝福',
    [
      ['name1', '会员姓名', '张三'],
      ['thing2', '祝福语', '祝您生日快乐，万事如意'],
      ['thing3', '生日礼遇', '生日当月积分双倍'],
      ['date4', '有效期', '2025年5月1日~2025年5月31日'],
    ],
  ],
  [
    'stored_value_credited',
    'Pk2-ijQvxO6kXfhSfoghSIiXP3yYrOf4U2agQ_UCUhQ',
    '储值到账通知',
    [
      ['amount1', '充值金额', '¥500.00'],
      ['amount2', '赠送金额', '¥50.00'],
      ['amount3', '账户余额', '¥850.00'],
      ['character_string4', '订单号', 'TU202505010001'],
      ['time5', '到账时间', '2025年5月1日 15:01'],
    ],
  ],
  [
    'event_reminder',
    'hV3kQm8TzLr2pX9wYc4NbE7uJ1sA6dGfK0oPiRqWtZx',
    '活动即将开始提醒',
    [
      ['thing1', '活动名称', '周末咖啡品鉴会'],
      ['time2', '开始时间', '2025年6月18日 14:00'],
      ['thing3', '活动地点', '静安旗舰店'],
      ['thing4', '温馨提示', '请凭入场码准时到场签到'],
    ],
  ],
  [
    'waitlist_promoted',
    'Wq7nB2xLkP5sR8tYvC3mZ6dF9gH1jK4aE0uIoNpQrSw',
    '候补成功通知',
    [
      ['thing1', '活动名称', '周末咖啡品鉴会'],
      ['time2', '活动时间', '2025年6月18日 14:00'],
      ['phrase3', '报名状态', '候补成功'],
      ['thing4', '温馨提示', '已为您保留名额，请准时参加'],
    ],
  ],
  [
    'pickup_ready',
    'Pr4cK9uPzR2eAdY7bL1mX5nQ8wT3vS6gH0jF2kE9oIu',
    '待自提提醒',
    [
      ['thing1', '商品名称', '品牌随行杯'],
      ['character_string2', '订单编号', 'M20250601000123'],
      ['thing3', '自提门店', '静安旗舰店'],
      ['date4', '自提截止', '2025年6月30日 23:59'],
    ],
  ],
  [
    'feedback_request',
    'Fb8dR3qWzE6tY1uI4oP7aS2dF5gH9jK0lZxC3vB6nM1',
    '活动评价邀请',
    [
      ['thing1', '活动名称', '周末咖啡品鉴会'],
      ['time2', '活动时间', '2025年6月18日 14:00'],
      ['thing3', '温馨提示', '花一分钟评价，帮助我们做得更好'],
    ],
  ],
  [
    'win_back',
    'Wb2kL7mN4pQ9rS1tU6vW3xY8zA5bC0dE7fG2hI4jK9l',
    '会员回访',
    [
      ['thing1', '回访内容', '好久不见，为您准备了回归礼'],
      ['thing2', '会员权益', '到店消费可享积分加倍'],
      ['date3', '有效期至', '2025年6月30日'],
    ],
  ],
];

export const SANDBOX_TEMPLATES: readonly SandboxTemplate[] = SEEDS.map(([key, templateId, title, keywords]) => ({
  templateId,
  key,
  title,
  type: 2,
  keywords: keywords.map(([keywordKey, name, example]) => ({
    key: keywordKey,
    name,
    type: keywordType(keywordKey)!,
    example,
  })),
}));

export function findTemplate(templateId: string): SandboxTemplate | undefined {
  return SANDBOX_TEMPLATES.find((template) => template.templateId === templateId);
}
