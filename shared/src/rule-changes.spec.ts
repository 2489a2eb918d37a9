import type { PointsRules } from './contracts/loyalty';
import { boundLevel, POINTS_RULE_LIMITS, POINTS_RULE_LIMITS as L, rangeMessage, TIER_LIMITS } from './limits';
import { needsSecondApproval, pointsRulesDiff, pointsRulesWarnings, tierDiff, tierWarnings } from './rule-changes';

const RULES: PointsRules = {
  pointsPerYuan: 1,
  birthdayMultiplierPct: 200,
  signUpBonus: 100,
  expiry: { kind: 'days', days: 365 },
  deduction: { pointsPerYuan: 100, maxPercentOfBill: 50, minSpendFen: 1000 },
};

describe('limits', () => {
  it('nests the sensible range inside the hard bound inside what can be stored', () => {
    for (const limit of [...Object.values(POINTS_RULE_LIMITS), ...Object.values(TIER_LIMITS)]) {
      const soft = 'soft' in limit ? limit.soft : undefined;
      const hard = 'hard' in limit ? limit.hard : undefined;
      const outer = hard ?? { min: limit.min, max: limit.max };
      if (soft) expect([soft.min >= outer.min, soft.max <= outer.max]).toEqual([true, true]);
      expect([outer.min >= limit.min, outer.max <= limit.max]).toEqual([true, true]);
    }
  });

  it('words the range and the level', () => {
    expect(rangeMessage(L.signUpBonus)).toBe('入会赠送积分须为 0 至 1,000,000 分 之间的整数');
    expect(rangeMessage(L['deduction.minSpendFen'])).toBe('满多少元可用积分须在 ¥0.00 至 ¥10,000,000.00 之间');
    expect([500, 5000, 50_000].map((v) => boundLevel(L.signUpBonus, v))).toEqual([null, 'soft', 'hard']);
    expect(boundLevel(L['expiry.days'], 7)).toBe('hard');
  });
});

describe('rule changes', () => {
  it('lists changed fields in words, expiry as one field', () => {
    const after: PointsRules = {
      ...RULES,
      signUpBonus: 500,
      expiry: { kind: 'end_of_next_year' },
      deduction: { ...RULES.deduction, minSpendFen: 5000 },
    };
    expect(pointsRulesDiff(RULES, after)).toEqual([
      { field: 'signUpBonus', label: '入会赠送积分', before: '100 分', after: '500 分' },
      { field: 'expiry', label: '积分有效期', before: '获得后 365 天', after: '次年年底' },
      { field: 'deduction.minSpendFen', label: '满多少元可用积分', before: '¥10.00', after: '¥50.00' },
    ]);
    expect(pointsRulesDiff(RULES, RULES)).toEqual([]);
  });

  it('warns only about values the change sets, and asks for a second operator beyond the hard bound', () => {
    const soft = pointsRulesWarnings(RULES, { ...RULES, signUpBonus: 5000 });
    expect(soft).toMatchObject([{ field: 'signUpBonus', level: 'soft' }]);
    expect(needsSecondApproval(soft)).toBe(false);
    const hard = pointsRulesWarnings(RULES, { ...RULES, deduction: { ...RULES.deduction, maxPercentOfBill: 90 } });
    expect(hard).toMatchObject([{ field: 'deduction.maxPercentOfBill', level: 'hard' }]);
    expect(needsSecondApproval(hard)).toBe(true);
    // Already in force: not flagged again when something else changes.
    const inForce = { ...RULES, signUpBonus: 5000 };
    expect(pointsRulesWarnings(inForce, { ...inForce, pointsPerYuan: 2 })).toEqual([]);
  });

  it('diffs and checks tiers', () => {
    const gold = { name: '金卡会员', pointsMultiplierPct: 150, birthdayGift: true, active: true };
    expect(tierDiff(gold, { pointsMultiplierPct: 800, active: false })).toEqual([
      { field: 'pointsMultiplierPct', label: '积分倍率', before: '150%', after: '800%' },
      { field: 'active', label: '状态', before: '启用', after: '停用' },
    ]);
    expect(tierWarnings(gold, { pointsMultiplierPct: 800 })).toMatchObject([{ level: 'hard' }]);
    expect(tierDiff(null, { name: '黑金', code: 'BLACK' })).toEqual([
      { field: 'name', label: '等级名称', before: null, after: '黑金' },
      { field: 'code', label: '等级编码', before: null, after: 'BLACK' },
    ]);
  });
});
