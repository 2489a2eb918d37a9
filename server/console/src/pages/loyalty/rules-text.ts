import {
  fenOfYuanInput,
  fenToYuanInput as yuanTextOf,
  formatCny,
  type PointsExpiry,
  type PointsRules,
} from '@member/shared';

// Display helpers for points rules; the only place rules turn into words and yuan.

export const pctText = (pct: number) => `×${(pct / 100).toFixed(2).replace(/\.?0+$/, '')}`;

export function expiryText(expiry: PointsExpiry): string {
  return expiry.kind === 'days' ? `获得后 ${expiry.days} 天（当天 24 点）过期` : '次年 12 月 31 日 24 点过期';
}

export function rulesSummary(r: PointsRules): string {
  return [
    `每消费 ¥1 得 ${r.pointsPerYuan} 分`,
    `生日月 ${pctText(r.birthdayMultiplierPct)}`,
    `入会送 ${r.signUpBonus} 分`,
    expiryText(r.expiry),
    `${r.deduction.pointsPerYuan} 分抵 ¥1，最多抵 ${r.deduction.maxPercentOfBill}%，满 ${formatCny(r.deduction.minSpendFen)} 可用`,
  ].join('；');
}

/** 12.34 (yuan, as typed) → 1234 fen through the shared parser; 0 for empty or invalid input. */
export const yuanToFen = (yuan: number | null | undefined): number => fenOfYuanInput(yuan) ?? 0;

/** 1234 fen → 12.34 for an InputNumber showing yuan (from the exact decimal text). */
export const fenToYuanInput = (fen: number): number => Number(yuanTextOf(fen));
