import type { MemberTier, MemberTierView } from '@member/shared';
import { formatGrowthYuan, growthProgress, multiplierText, sortLadder, tierBenefits } from './tier';

function tier(code: string, name: string, growthThreshold: number, retentionThreshold: number, pct = 100): MemberTier {
  return {
    code,
    name,
    growthThreshold,
    retentionThreshold,
    pointsMultiplierPct: pct,
    discountText: '',
    birthdayGift: false,
    badgeColor: '#888888',
    sortOrder: growthThreshold,
  };
}

const LADDER = [
  tier('NORMAL', '普通会员', 0, 0),
  tier('SILVER', '银卡会员', 1000, 800, 120),
  tier('GOLD', '金卡会员', 5000, 4000, 150),
];

function view(
  code: string,
  growth: number,
  pinned = false,
  pendingDowngrade: MemberTierView['pendingDowngrade'] = null,
): MemberTierView {
  const i = LADDER.findIndex((t) => t.code === code);
  const cur = LADDER[i];
  const next = LADDER[i + 1];
  return {
    current: {
      code,
      name: cur.name,
      badgeColor: cur.badgeColor,
      pointsMultiplierPct: 100,
      discountText: '',
      birthdayGift: false,
    },
    growth,
    next: next
      ? {
          code: next.code,
          name: next.name,
          badgeColor: next.badgeColor,
          growthThreshold: next.growthThreshold,
          remaining: Math.max(0, next.growthThreshold - growth),
        }
      : null,
    keepRemaining: Math.max(0, cur.retentionThreshold - growth),
    pinned,
    pendingDowngrade,
  };
}

describe('multiplierText', () => {
  it('prints the percentage as a short multiplier', () => {
    expect(multiplierText(100)).toBe('1');
    expect(multiplierText(120)).toBe('1.2');
    expect(multiplierText(125)).toBe('1.25');
    expect(multiplierText(105)).toBe('1.05');
    expect(multiplierText(200)).toBe('2');
  });
});

describe('tierBenefits', () => {
  it('lists the multiplier, the discount text and the birthday gift', () => {
    expect(tierBenefits({ pointsMultiplierPct: 150, discountText: ' 9.5 折 ', birthdayGift: true })).toEqual([
      '积分 ×1.5',
      '9.5 折',
      '生日礼遇',
    ]);
    expect(tierBenefits({ pointsMultiplierPct: 100, discountText: '', birthdayGift: false })).toEqual(['积分 ×1']);
  });
});

describe('formatGrowthYuan', () => {
  it('groups thousands without locale APIs', () => {
    expect(formatGrowthYuan(0)).toBe('¥0');
    expect(formatGrowthYuan(999)).toBe('¥999');
    expect(formatGrowthYuan(3750)).toBe('¥3,750');
    expect(formatGrowthYuan(1234567)).toBe('¥1,234,567');
  });
});

describe('growthProgress', () => {
  it('measures from the current threshold to the next one', () => {
    const p = growthProgress(view('SILVER', 1250), LADDER);
    // (1250 − 1000) / (5000 − 1000) = 6.25 %
    expect(p.percent).toBe(6);
    expect(p.upgradeLine).toBe('再消费 ¥3,750 即可升级为 金卡会员');
    expect(p.keepLine).toBe('已达保级线');
  });

  it('shows how much is missing to keep the tier', () => {
    const p = growthProgress(view('SILVER', 300), LADDER);
    expect(p.percent).toBe(0);
    expect(p.keepLine).toBe('再消费 ¥500 可保级');
  });

  it('has nothing to keep at the entry tier', () => {
    const p = growthProgress(view('NORMAL', 128), LADDER);
    expect(p.percent).toBe(12);
    expect(p.upgradeLine).toBe('再消费 ¥872 即可升级为 银卡会员');
    expect(p.keepLine).toBeNull();
  });

  it('is full at the top tier', () => {
    const p = growthProgress(view('GOLD', 4200), LADDER);
    expect(p).toEqual({ percent: 100, upgradeLine: '已是最高等级', keepLine: '已达保级线', downgradeDue: false });
  });

  it('caps at 100 % when growth already passed the next threshold (e.g. before promotion)', () => {
    const p = growthProgress(view('NORMAL', 1500), LADDER);
    expect(p.percent).toBe(100);
    expect(p.upgradeLine).toBe('已满足 银卡会员 升级条件');
  });

  it('announces a scheduled downgrade', () => {
    const down = { to: { code: 'NORMAL', name: '普通会员', badgeColor: '#888888' }, dueOn: '2027-01-01' };
    const p = growthProgress(view('SILVER', 300, false, down), LADDER);
    expect(p.keepLine).toBe('再消费 ¥500 可保级，否则将于 2027-01-01 调整为 普通会员');
    expect(p.downgradeDue).toBe(true);
  });

  it('drops the keep line for a pinned tier', () => {
    expect(growthProgress(view('SILVER', 100, true), LADDER).keepLine).toBeNull();
  });

  it('still works when the ladder is missing the current tier', () => {
    const p = growthProgress(view('SILVER', 2500), []);
    expect(p.percent).toBe(50);
    expect(p.keepLine).toBe('已达保级线');
  });
});

describe('sortLadder', () => {
  it('orders lowest threshold first without mutating the input', () => {
    const input = [LADDER[2], LADDER[0], LADDER[1]];
    expect(sortLadder(input).map((t) => t.code)).toEqual(['NORMAL', 'SILVER', 'GOLD']);
    expect(input[0].code).toBe('GOLD');
  });
});
