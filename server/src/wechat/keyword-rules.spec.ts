import { keywordProblem, keywordType, type KeywordType } from './keyword-rules';
import { SANDBOX_TEMPLATES } from '../sandbox/sandbox-templates';

const cases: [KeywordType, string[], string[]][] = [
  [
    'thing',
    ['消费奖励', 'Order #12 paid!', '一二三四五六七八九十一二三四五六七八九十'],
    ['一二三四五六七八九十一二三四五六七八九十一'],
  ],
  ['number', ['0', '1520', '12.50'], ['-5', '1,000', '12a', '1'.repeat(33)]],
  ['letter', ['abc', 'VIP'], ['abc1', 'a b', 'a'.repeat(33)]],
  ['symbol', ['+', '-%'], ['abc', '++++++']],
  ['character_string', ['TU202505010001', '+120', 'A-1_b'], ['有中文', 'a b', 'x'.repeat(33)]],
  [
    'time',
    [
      '15:01',
      '15:01:59',
      '2019年10月1日 15:01',
      '2025-05-01 08:00',
      '10:00~22:00',
      '2025年6月18日 10:00~2025年6月18日 22:00',
    ],
    ['25:00', '2025年5月1日', 'tomorrow', '15:60'],
  ],
  [
    'date',
    ['2025年12月31日', '2025-12-31', '2025/1/5 15:01', '2025年5月1日~2025年5月31日'],
    ['15:01', '2025年13月1日', '2025.12.31'],
  ],
  ['amount', ['¥20.00', '￥500', '100元', '$1.5', '9999999999.99'], ['20块', '¥¥20', '12345678901', '-5', '1.234']],
  ['phone_number', ['13812345678', '+86-21-12345678'], ['1381234567a', '1'.repeat(18)]],
  ['car_number', ['粤A12345', 'AB1234', '粤A1234学'], ['粤A123456789', '粤粤A1234']],
  [
    'name',
    ['张三', '欧阳娜娜', 'John Smith', 'Anne-Marie', '张San'],
    ['张三1', '一二三四五六七八九十一', 'J'.repeat(21), 'R2D2'],
  ],
  ['phrase', ['银卡会员', '已完成'], ['银卡会员等级', 'VIP', '金卡1']],
];

describe('keyword rules', () => {
  it.each(cases)('%s', (type, good, bad) => {
    for (const value of good) expect([value, keywordProblem(type, value)]).toEqual([value, null]);
    for (const value of bad) expect([value, keywordProblem(type, value)]).toEqual([value, 'is invalid']);
  });

  it('calls missing, blank and non-string values empty', () => {
    for (const value of [undefined, null, '', '  ', 12]) expect(keywordProblem('thing', value)).toBe('is empty');
  });

  it('reads the type from the keyword key', () => {
    expect(keywordType('character_string7')).toBe('character_string');
    expect(keywordType('thing12')).toBe('thing');
    expect(keywordType('weird3')).toBeUndefined();
  });

  it('seeds templates whose examples pass their own rules', () => {
    expect(SANDBOX_TEMPLATES.map((t) => t.title)).toEqual([
      '积分变动提醒',
      '积分到期提醒',
      '优惠券到期提醒',
      '活动开始提醒',
      '会员等级变更通知',
      '生日祝福',
      '储值到账通知',
      '活动即将开始提醒',
      '候补成功通知',
      '待自提提醒',
      '活动评价邀请',
      '会员回访',
    ]);
    for (const template of SANDBOX_TEMPLATES) {
      expect(template.templateId).toMatch(/^[A-Za-z0-9_-]{43}$/);
      for (const keyword of template.keywords) {
        expect([template.key, keyword.key, keywordProblem(keyword.type, keyword.example)]).toEqual([
          template.key,
          keyword.key,
          null,
        ]);
      }
    }
  });
});
