import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** Why a member's tier moved: a purchase's growth, an operator's hand, a refund taking a promotion back, the yearly review. */
export type TierChangeCause = 'growth' | 'manual' | 'refund' | 'review';

export interface TierChange {
  memberId: number;
  fromTierId: number;
  toTierId: number;
  /** The tiers' names as the mover read them, so hooks need not read another module's tables. */
  fromTierName: string;
  toTierName: string;
  cause: TierChangeCause;
}

/** Runs inside the transaction that moved the tier (its member_tier row is locked); a failure rolls the move back. */
export type TierChangeHandler = (em: EntityManager, change: TierChange) => Promise<void>;

/**
 * Lets feature modules react to tier moves (the coupons module's tier-up gift and its voiding on a refund)
 * without the tiers module depending on them. Handlers only record work in the mover's transaction (an
 * outbox row, a guarded status change); the tiers module calls promoted / demoted after writing the move.
 */
@Injectable()
export class TierLifecycle {
  private readonly promotedHandlers: TierChangeHandler[] = [];
  private readonly demotedHandlers: TierChangeHandler[] = [];

  onPromoted(handler: TierChangeHandler): void {
    this.promotedHandlers.push(handler);
  }

  onDemoted(handler: TierChangeHandler): void {
    this.demotedHandlers.push(handler);
  }

  async promoted(em: EntityManager, change: TierChange): Promise<void> {
    for (const handler of this.promotedHandlers) await handler(em, change);
  }

  async demoted(em: EntityManager, change: TierChange): Promise<void> {
    for (const handler of this.demotedHandlers) await handler(em, change);
  }
}
