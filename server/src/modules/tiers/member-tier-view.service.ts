import { Injectable } from '@nestjs/common';
import type { MemberTierView } from '@member/shared';
import { DataSource } from 'typeorm';
import { LedgerService } from '../../ledger/ledger.service';
import { TiersService } from './tiers.service';
import { TierReviewRow } from './entities/tier-review.entity';
import { brief, MemberTiersService } from './member-tiers.service';
import { MemberDirectory } from '../members/member-directory';

/** "Where am I and what's next" for the member's tier page. */
@Injectable()
export class MemberTierViewService {
  constructor(
    private readonly ds: DataSource,
    private readonly tiers: TiersService,
    private readonly memberTiers: MemberTiersService,
    private readonly ledger: LedgerService,
    private readonly members: MemberDirectory,
  ) {}

  async forMember(memberId: number): Promise<MemberTierView> {
    await this.members.assertExists(memberId);
    const ladder = await this.tiers.activeTiers();
    const { tier, state } = await this.memberTiers.current(this.ds.manager, memberId, ladder);
    const growth = (await this.ledger.available(memberId, 'GROWTH')).balance;
    const review = await this.ds.getRepository(TierReviewRow).findOneBy({ pendingMemberId: memberId });
    const downgradeTo =
      review && review.fromTierId === tier.id ? ladder.find((t) => t.id === review.toTierId) : undefined;
    const next = [...ladder].filter((t) => t.sortOrder > tier.sortOrder).sort((a, b) => a.sortOrder - b.sortOrder)[0];
    return {
      current: {
        ...brief(tier),
        pointsMultiplierPct: tier.pointsMultiplierPct,
        discountText: tier.discountText,
        birthdayGift: tier.birthdayGift,
      },
      growth,
      next: next
        ? {
            ...brief(next),
            growthThreshold: next.growthThreshold,
            remaining: Math.max(0, next.growthThreshold - growth),
          }
        : null,
      keepRemaining: Math.max(0, tier.retentionThreshold - growth),
      pinned: state?.pinned ?? false,
      pendingDowngrade: review && downgradeTo ? { to: brief(downgradeTo), dueOn: review.dueOn } : null,
    };
  }
}
