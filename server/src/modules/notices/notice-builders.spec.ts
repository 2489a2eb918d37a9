import type { NoticeKind } from '@member/shared';
import { keywordProblem, keywordType } from '../../wechat/keyword-rules';
import { NOTICE_BUILDERS, renderNotice, type NoticeFacts } from './notice-builders';
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
import { nextMorning, quietUntil } from './notice-quiet-hours';
import { sampleFacts } from './notice-samples';
import { SANDBOX_TEMPLATES } from '../../sandbox/sandbox-templates';

const LONG = '这是一段远远超过二十个字符限制的活动名称用来测试截断是否正确工作';
const NOW = new Date('2026-12-01T07:01:00.000Z'); // 15:01 in Shanghai

// Facts at the edges of every rule: overlong text, blank text, odd tiers, big and zero amounts.
const HOSTILE: { [K in NoticeKind]: NoticeFacts[K] } = {
  BIRTHDAY: { year: 2026, perk: LONG, validFrom: '2026-12-01', validUntil: '2026-12-31' },
  POINTS_EXPIRING: { points: -5, expiresOn: '2026-12-31', balance: 123456789 },
  COUPON_EXPIRING: { couponName: '   ', count: 3, valueFen: 999_999_999_999_99, validUntil: NOW.toISOString() },
  EVENT_REMINDER: { eventId: 7, title: LONG, startsAt: NOW.toISOString(), place: '', hoursBefore: 2 },
  EVENT_WAITLIST_PROMOTED: { eventId: 7, title: '🎉 Party 🎉', startsAt: NOW.toISOString() },
  TIER_UP: { fromTier: 'Silver', toTier: '黑金至尊无限会员卡', at: NOW.toISOString() },
  TOPUP_CREDITED: {
    amountFen: 0,
    bonusFen: 5,
    balanceFen: 123456,
    orderNo: 'TU 2026-充值-0001',
    at: NOW.toISOString(),
  },
  MALL_PICKUP_READY: {
    orderNo: 'M2026 1201-兑换',
    goodsName: LONG,
    storeName: LONG,
    pickupBy: NOW.toISOString(),
  },
  FEEDBACK_REQUEST: { signupId: 42, eventId: 7, title: '', startsAt: NOW.toISOString() },
  WIN_BACK: { message: LONG, perk: '', validUntil: '2026-12-31' },
};

describe('notice keyword formatting', () => {
  it('thing: ≤20 characters, longer text cut to 19 + …, blanks get the fallback', () => {
    expect(thing('满100减20券')).toBe('满100减20券');
    expect(thing(LONG)).toBe([...LONG].slice(0, 19).join('') + '…');
    expect([...thing(LONG)]).toHaveLength(20);
    expect(thing('  ', '优惠券')).toBe('优惠券');
    expect(thing('a\n  b')).toBe('a b');
  });

  it('phrase: 汉字 only, at most 5', () => {
    expect(phrase('金卡会员', 'x')).toBe('金卡会员');
    expect(phrase('黑金至尊无限会员卡', 'x')).toBe('黑金至尊无');
    expect(phrase('Gold VIP', '新等级')).toBe('新等级');
    expect(phrase('VIP金卡', 'x')).toBe('金卡');
  });

  it('amount from fen, number, character_string, dates in Beijing time', () => {
    expect(amount(1234)).toBe('¥12.34');
    expect(amount(5)).toBe('¥0.05');
    expect(amount(0)).toBe('¥0.00');
    expect(numberValue(-3)).toBe('0');
    expect(characterString('TU 2026-充值-0001')).toBe('TU2026--0001');
    expect(characterString('充值')).toBe('-');
    expect(dateTime(NOW)).toBe('2026年12月1日 15:01');
    expect(dateTime(new Date('2026-12-31T16:30:00.000Z'))).toBe('2027年1月1日 00:30');
    expect(dateOnly('2026-03-09')).toBe('2026年3月9日');
    expect(dateRange('2026-12-01', '2026-12-31')).toBe('2026年12月1日~2026年12月31日');
    for (const [type, value] of [
      ['amount', amount(999_999_999_999_99)],
      ['time', dateTime(NOW)],
      ['date', dateOnly(NOW)],
      ['date', dateRange('2026-12-01', '2026-12-31')],
    ] as const) {
      expect([type, value, keywordProblem(type, value)]).toEqual([type, value, null]);
    }
  });
});

describe('notice builders', () => {
  const kinds = Object.keys(NOTICE_BUILDERS) as NoticeKind[];

  it.each(kinds)('%s fills exactly its template keywords within WeChat’s rules (sample and hostile facts)', (kind) => {
    for (const facts of [sampleFacts(NOW)[kind], HOSTILE[kind]]) {
      const rendered = renderNotice(kind, facts as never);
      expect(Object.keys(rendered.data)).toEqual(NOTICE_KIND_SPECS[kind].keywords.map((k) => k.key));
      for (const [key, value] of Object.entries(rendered.data)) {
        expect([key, value, keywordProblem(keywordType(key)!, value)]).toEqual([key, value, null]);
      }
      expect(rendered.page).toMatch(/^(pages|packages)\/[a-z/]+\/index(\?[a-zA-Z]+=\d+)?$/);
    }
  });

  it('renders what a member reads', () => {
    expect(renderNotice('EVENT_REMINDER', HOSTILE.EVENT_REMINDER)).toEqual({
      data: {
        thing1: [...LONG].slice(0, 19).join('') + '…',
        time2: '2026年12月1日 15:01',
        thing3: '详见活动页',
        thing4: '活动即将开始，请凭入场码签到',
      },
      page: 'packages/events/detail/index?id=7',
    });
    expect(renderNotice('TIER_UP', HOSTILE.TIER_UP).data).toMatchObject({
      name1: '尊敬的会员',
      phrase2: '原等级',
      phrase3: '黑金至尊无',
    });
    expect(renderNotice('FEEDBACK_REQUEST', HOSTILE.FEEDBACK_REQUEST).page).toBe(
      'packages/events/feedback/index?signupId=42',
    );
    expect(renderNotice('TOPUP_CREDITED', HOSTILE.TOPUP_CREDITED).data).toMatchObject({
      amount1: '¥0.00',
      amount2: '¥0.05',
      amount3: '¥1234.56',
    });
  });
});

describe('quiet hours (Asia/Shanghai)', () => {
  it('21:00–09:00 wraps midnight; the end is the next 09:00', () => {
    const at = (iso: string) => new Date(iso);
    expect(quietUntil(at('2026-12-01T12:59:00Z'), '21:00', '09:00')).toBeNull(); // 20:59
    expect(quietUntil(at('2026-12-01T13:00:00Z'), '21:00', '09:00')).toEqual(at('2026-12-02T01:00:00Z')); // 21:00
    expect(quietUntil(at('2026-12-01T18:30:00Z'), '21:00', '09:00')).toEqual(at('2026-12-02T01:00:00Z')); // 02:30
    expect(quietUntil(at('2026-12-02T01:00:00Z'), '21:00', '09:00')).toBeNull(); // 09:00
    expect(quietUntil(at('2026-12-01T05:00:00Z'), '12:00', '14:00')).toEqual(at('2026-12-01T06:00:00Z')); // 13:00
    expect(nextMorning(at('2026-12-01T15:00:00Z'), '09:00')).toEqual(at('2026-12-02T01:00:00Z')); // 23:00 → 09:00
    expect(nextMorning(at('2026-12-01T17:00:00Z'), '09:00')).toEqual(at('2026-12-03T01:00:00Z')); // 01:00 next day
  });
});

describe('kinds and the sandbox’s templates', () => {
  it('every kind’s keywords are those of the sandbox template with its title (what config names by id)', () => {
    for (const [kind, spec] of Object.entries(NOTICE_KIND_SPECS)) {
      const template = SANDBOX_TEMPLATES.find((t) => t.title === spec.title);
      expect([kind, template?.keywords.map((k) => ({ key: k.key, name: k.name }))]).toEqual([kind, spec.keywords]);
    }
  });
});

describe('deadlines', () => {
  it('a validity ending at midnight reads as 23:59 the day before', () => {
    expect(deadline(new Date('2026-12-07T16:00:00.000Z'))).toBe('2026年12月7日 23:59');
    expect(deadline(new Date('2026-12-07T16:30:00.000Z'))).toBe('2026年12月8日 00:30');
  });
});
