import type { MemberTier, MemberTierView } from '@member/shared';

// Display logic for 我的等级. Growth and thresholds are whole yuan of paid spend, so everything here is
// integer arithmetic.

type TierBenefitFields = Pick<MemberTier, 'pointsMultiplierPct' | 'discountText' | 'birthdayGift'>;

/** 100 → "1", 120 → "1.2", 125 → "1.25", 105 → "1.05". */
export function multiplierText(pct: number): string {
  const whole = Math.floor(pct / 100);
  const frac = pct % 100;
  if (frac === 0) return String(whole);
  return `${whole}.${String(frac).padStart(2, '0').replace(/0$/, '')}`;
}

/** "积分 ×1.2", then the discount text and 生日礼遇 when the tier has them. */
export function tierBenefits(tier: TierBenefitFields): string[] {
  const list = [`积分 ×${multiplierText(tier.pointsMultiplierPct)}`];
  if (tier.discountText.trim()) list.push(tier.discountText.trim());
  if (tier.birthdayGift) list.push('生日礼遇');
  return list;
}

/** Whole yuan with thousands separators: 3750 → "¥3,750" (no locale APIs, which vary on devices). */
export function formatGrowthYuan(yuan: number): string {
  const digits = String(Math.max(0, Math.floor(yuan)));
  return `¥${digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`;
}

export interface GrowthProgress {
  /** 0–100, how far growth is from the current tier's threshold to the next one. */
  percent: number;
  /** "再消费 ¥X 即可升级为 Y", "已满足 Y 升级条件" or "已是最高等级". */
  upgradeLine: string;
  /** "再消费 ¥X 可保级" or "已达保级线"; null when there is nothing to keep (entry tier) or the tier is pinned. */
  keepLine: string | null;
  /** The keep line announces a scheduled downgrade. */
  downgradeDue: boolean;
}

function keepLineFor(view: MemberTierView, current: MemberTier | undefined): string | null {
  if (view.pinned || (current && current.retentionThreshold <= 0)) return null;
  if (view.keepRemaining <= 0) return '已达保级线';
  const keep = `再消费 ${formatGrowthYuan(view.keepRemaining)} 可保级`;
  // Older servers do not send pendingDowngrade.
  const down = view.pendingDowngrade ?? null;
  return down ? `${keep}，否则将于 ${down.dueOn} 调整为 ${down.to.name}` : keep;
}

export function growthProgress(view: MemberTierView, ladder: MemberTier[]): GrowthProgress {
  const current = ladder.find((t) => t.code === view.current.code);
  const keepLine = keepLineFor(view, current);
  const downgradeDue = !view.pinned && !!view.pendingDowngrade && view.keepRemaining > 0;

  if (!view.next) return { percent: 100, upgradeLine: '已是最高等级', keepLine, downgradeDue };

  const from = current?.growthThreshold ?? 0;
  const span = view.next.growthThreshold - from;
  const percent = span > 0 ? Math.min(100, Math.max(0, Math.floor(((view.growth - from) * 100) / span))) : 100;
  const upgradeLine =
    view.next.remaining > 0
      ? `再消费 ${formatGrowthYuan(view.next.remaining)} 即可升级为 ${view.next.name}`
      : `已满足 ${view.next.name} 升级条件`;
  return { percent, upgradeLine, keepLine, downgradeDue };
}

/** Ladder lowest first, as the server sends it; sorted defensively so the highlight never jumps around. */
export function sortLadder(ladder: MemberTier[]): MemberTier[] {
  return [...ladder].sort((a, b) => a.growthThreshold - b.growthThreshold || a.sortOrder - b.sortOrder);
}
