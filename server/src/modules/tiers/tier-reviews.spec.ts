import type { Tier } from '@member/shared';
import { lowerTier, whyNotDue } from './tier-reviews.service';

const tier = (id: number, sortOrder: number, retentionThreshold: number): Tier => ({
  id,
  code: `T${id}`,
  name: `T${id}`,
  growthThreshold: retentionThreshold,
  retentionThreshold,
  pointsMultiplierPct: 100,
  discountText: '',
  birthdayGift: false,
  badgeColor: '#000000',
  sortOrder,
  active: true,
});
const ladder = [tier(3, 30, 4000), tier(1, 10, 0), tier(2, 20, 800)];

describe('tier review rules', () => {
  it('drops to the next active tier below, never below the entry tier', () => {
    expect(lowerTier(ladder, 3)?.id).toBe(2);
    expect(lowerTier(ladder, 2)?.id).toBe(1);
    expect(lowerTier(ladder, 1)).toBeNull();
    expect(lowerTier(ladder, 99)).toBeNull();
  });

  it('keeps a review due only while the member is unpinned, on the same tier and below the line', () => {
    const review = { fromTierId: 2 };
    expect(whyNotDue(review, { tierId: 2, pinned: false }, 799, ladder)).toBeNull();
    expect(whyNotDue(review, { tierId: 2, pinned: false }, 800, ladder)).toBe('recovered');
    expect(whyNotDue(review, { tierId: 2, pinned: true }, 0, ladder)).toBe('pinned');
    expect(whyNotDue(review, { tierId: 3, pinned: false }, 0, ladder)).toBe('tier_changed');
    expect(whyNotDue(review, undefined, 0, ladder)).toBe('tier_changed');
    expect(whyNotDue({ fromTierId: 99 }, { tierId: 99, pinned: false }, 0, ladder)).toBe('tier_changed');
  });
});
