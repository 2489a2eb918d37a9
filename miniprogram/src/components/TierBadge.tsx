import Taro from '@tarojs/taro';
import { Text } from '@tarojs/components';
import type { MemberTierView, TierBrief } from '@member/shared';
import { meApi } from '../services/api';
import { useShownData } from './use-shown-data';
import './TierBadge.scss';

export const TIER_PAGE_URL = '/packages/points/tier/index';

export function openTierPage(): void {
  void Taro.navigateTo({ url: TIER_PAGE_URL });
}

/** The member's tier view, refreshed whenever the page comes back on screen (a purchase may promote). */
export function useTierView(): MemberTierView | null {
  return useShownData(meApi.tier);
}

/** Tier name on its badge colour; tapping it opens 我的等级. */
export function TierBadge({ tier, id, className }: { tier: TierBrief; id?: string; className?: string }) {
  return (
    <Text
      id={id}
      className={`tier-badge ${className ?? ''}`}
      style={{ backgroundColor: tier.badgeColor }}
      onClick={(e) => {
        // The badge sits inside other tappable areas (e.g. the QR box on 会员卡).
        e.stopPropagation();
        openTierPage();
      }}
    >
      {tier.name} ›
    </Text>
  );
}
