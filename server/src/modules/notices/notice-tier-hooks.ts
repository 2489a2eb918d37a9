import { Injectable, type OnModuleInit } from '@nestjs/common';
import { Clock } from '../../common/clock';
import { TierLifecycle } from '../../common/tier-lifecycle';
import { NoticesService } from './notices.service';

/**
 * TIER_UP: planned in the transaction that promoted the member (growth, an operator, the yearly review),
 * once per member, new tier and day. The tier names come with the change (the mover has read the ladder),
 * so nothing is read from the tiers module's tables.
 */
@Injectable()
export class NoticeTierHooks implements OnModuleInit {
  constructor(
    private readonly tiers: TierLifecycle,
    private readonly notices: NoticesService,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.tiers.onPromoted(async (em, change) => {
      const now = this.clock.now();
      await this.notices.plan(em, {
        kind: 'TIER_UP',
        memberId: change.memberId,
        dedupeKey: `tier:${change.toTierId}:${this.clock.today()}`,
        dueAt: now,
        facts: { fromTier: change.fromTierName, toTier: change.toTierName, at: now.toISOString() },
      });
    });
  }
}
