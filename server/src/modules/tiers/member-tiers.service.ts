import { Injectable } from '@nestjs/common';
import type { Tier, TierBrief } from '@member/shared';
import { ActorType, AuditAction } from '@member/shared';
import { In, type EntityManager } from 'typeorm';
import { isUniqueViolation } from '../../database/transaction-runner';
import { LedgerService } from '../../ledger/ledger.service';
import { AuditService, type AuditActor } from '../audit/audit.service';
import { TiersService } from './tiers.service';
import { Clock } from '../../common/clock';
import { TierLifecycle, type TierChangeCause } from '../../common/tier-lifecycle';
import { MemberTier } from './entities/member-tier.entity';
import { TierReviewRow } from './entities/tier-review.entity';
import { closeReview } from './tier-reviews.service';

const REFUND_SYSTEM: AuditActor = { type: ActorType.System, id: null, name: '退款回退等级', role: null, storeId: null };

export const brief = (t: Tier): TierBrief => ({ code: t.code, name: t.name, badgeColor: t.badgeColor });

/** A tier change as written: the tier before (as read under the lock) and after. */
export interface TierMove {
  from: Tier;
  to: Tier;
}

type Decide = (tier: Tier, state: MemberTier | null) => Promise<{ tier: Tier; pinned: boolean } | null>;

/** What followRefund needs of a refunded sale (the sales module's purchase row). */
export interface RefundedPurchase {
  memberId: number;
  receiptNo: string;
  promotedFromTierId: number | null;
  promotedToTierId: number | null;
}

/**
 * Where each member stands on the tier ladder; promotion is immediate when growth reaches a threshold.
 * Every change (promotion, manual set, refund, re-evaluation) reads the member_tier row locked and writes
 * it with a guarded update, so concurrent changes serialise instead of overwriting each other.
 */
@Injectable()
export class MemberTiersService {
  constructor(
    private readonly clock: Clock,
    private readonly tiers: TiersService,
    private readonly ledger: LedgerService,
    private readonly audit: AuditService,
    private readonly lifecycle: TierLifecycle,
  ) {}

  /** The member's tier among the active ones; without a row (or a retired tier) the entry tier. */
  async current(
    em: EntityManager,
    memberId: number,
    ladder: Tier[],
  ): Promise<{ tier: Tier; state: MemberTier | null }> {
    const state = await em.findOneBy(MemberTier, { memberId });
    return { tier: tierOf(state, ladder), state };
  }

  /** The tier of each of many members (one query; a batch chunk's eligibility). */
  async currentOfMany(em: EntityManager, memberIds: number[], ladder: Tier[]): Promise<Map<number, Tier>> {
    const rows = memberIds.length ? await em.findBy(MemberTier, { memberId: In(memberIds) }) : [];
    const byMember = new Map(rows.map((r) => [r.memberId, r]));
    return new Map(memberIds.map((id) => [id, tierOf(byMember.get(id), ladder)]));
  }

  /** Moves the member up to the highest tier their growth reaches; never down (that is re-evaluation's job). */
  async promoteIfDue(em: EntityManager, memberId: number, growth: number, ladder: Tier[]): Promise<TierMove | null> {
    const moved = await this.change(em, memberId, ladder, async (tier, state) => {
      if (state?.pinned) return null;
      const reached = reachableAbove(tier, growth, ladder);
      return reached ? { tier: reached, pinned: false } : null;
    });
    if (moved) await this.announce(em, memberId, moved, 'growth');
    return moved && { from: moved.from, to: moved.to };
  }

  /** An operator's choice of tier and pin, written on the locked row whatever the growth. */
  async set(
    em: EntityManager,
    memberId: number,
    ladder: Tier[],
    tier: Tier,
    pinned: boolean,
  ): Promise<TierMove & { state: MemberTier | null }> {
    // decide never declines here, so change always writes.
    const moved = (await this.change(em, memberId, ladder, async () => ({ tier, pinned })))!;
    await this.announce(em, memberId, moved, 'manual');
    return moved;
  }

  /** Tells the tier hooks (TierLifecycle) about a move up or down in the mover's transaction; a pin alone is none. */
  async announce(em: EntityManager, memberId: number, move: TierMove, cause: TierChangeCause): Promise<void> {
    const change = {
      memberId,
      fromTierId: move.from.id,
      toTierId: move.to.id,
      fromTierName: move.from.name,
      toTierName: move.to.name,
      cause,
    };
    if (move.to.sortOrder > move.from.sortOrder) await this.lifecycle.promoted(em, change);
    else if (move.to.sortOrder < move.from.sortOrder) await this.lifecycle.demoted(em, change);
  }

  /**
   * Reads the member's row under lock, lets `decide` choose the new tier and pin (null: no change) and
   * writes it. A write that finds the row changed or already inserted decides again on a fresh read.
   */
  async change(
    em: EntityManager,
    memberId: number,
    ladder: Tier[],
    decide: Decide,
  ): Promise<(TierMove & { state: MemberTier | null }) | null> {
    for (let attempt = 1; ; attempt++) {
      const state = await lockTierRow(em, memberId);
      const from = tierOf(state, ladder);
      const next = await decide(from, state);
      if (!next) return null;
      if (await writeTier(em, memberId, state, next.tier.id, next.pinned, this.clock.now())) {
        return { from, to: next.tier, state };
      }
      // Locked reads make this rare (an insert racing another); give up rather than spin.
      if (attempt >= 3) throw new Error(`member_tier of member ${memberId} keeps changing`);
    }
  }

  /**
   * After a refund of `purchase` clawed back its growth: if the purchase promoted the member from A to B
   * and they are still on B (unpinned), they drop at once to max(A, the highest tier their remaining
   * growth reaches). Never raises; a member moved on since (by hand or by a later promotion) is left alone.
   */
  async followRefund(em: EntityManager, purchase: RefundedPurchase, refundNo: string): Promise<TierMove | null> {
    const { promotedFromTierId: fromId, promotedToTierId: toId, memberId } = purchase;
    if (fromId == null || toId == null) return null;
    const ladder = await this.tiers.activeTiers();
    let growth = 0;
    const moved = await this.change(em, memberId, ladder, async (tier, state) => {
      if (!state || state.pinned || state.tierId !== toId) return null;
      growth = (await this.ledger.available(memberId, 'GROWTH', em)).balance;
      const floor = tierOf({ tierId: fromId }, ladder);
      const byGrowth = highestReached(growth, ladder);
      const target = byGrowth.sortOrder > floor.sortOrder ? byGrowth : floor;
      return target.sortOrder < tier.sortOrder ? { tier: target, pinned: false } : null;
    });
    if (!moved) return null;
    await this.announce(em, memberId, moved, 'refund');
    const now = this.clock.now();
    // A pending downgrade from the tier the member just left no longer applies.
    const open = await em.findOneBy(TierReviewRow, { pendingMemberId: memberId });
    if (open) await closeReview(em, open.id, 'tier_changed', now);
    await this.audit.record(
      REFUND_SYSTEM,
      {
        action: AuditAction.MemberTierDowngraded,
        targetType: 'member',
        targetId: memberId,
        before: { tier: moved.from.code, growth },
        after: { tier: moved.to.code, receiptNo: purchase.receiptNo, refundNo },
        reason: `退款后成长值 ${growth} 不足「${moved.from.name}」升级门槛 ${moved.from.growthThreshold}，撤销该笔消费带来的升级`,
      },
      em,
    );
    return { from: moved.from, to: moved.to };
  }
}

/**
 * The member's tier row, locked until the transaction ends on MySQL (SELECT … FOR UPDATE). SQLite has no
 * row locks, but TransactionRunner runs one transaction at a time there; the guarded write backs it up.
 */
export async function lockTierRow(em: EntityManager, memberId: number): Promise<MemberTier | null> {
  const qb = em.createQueryBuilder(MemberTier, 'mt').where('mt.memberId = :memberId', { memberId });
  if (em.connection.driver.options.type !== 'better-sqlite3') qb.setLock('pessimistic_write');
  return qb.getOne();
}

/**
 * Writes the member's tier: an update guarded by the tier and pin as read, or an insert when there was no
 * row. False when the row changed since the read, or another transaction inserted it first.
 */
async function writeTier(
  em: EntityManager,
  memberId: number,
  state: MemberTier | null,
  tierId: number,
  pinned: boolean,
  now: Date,
): Promise<boolean> {
  if (!state) {
    try {
      await em.insert(MemberTier, { memberId, tierId, pinned, since: now, updatedAt: now });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }
  const result = await em
    .createQueryBuilder()
    .update(MemberTier)
    .set({ tierId, pinned, updatedAt: now, ...(tierId === state.tierId ? {} : { since: now }) })
    .where(`id = :id AND tier_id = :read AND pinned = ${state.pinned ? 1 : 0}`, { id: state.id, read: state.tierId })
    .execute();
  return result.affected === 1;
}

/** The tier a member_tier row stands for: its tier among the active ones, else (no row, retired tier) the entry tier. */
export function tierOf(state: { tierId: number | null } | null | undefined, ladder: Tier[]): Tier {
  return ladder.find((t) => t.id === state?.tierId) ?? entryTier(ladder);
}

/** The highest active tier `growth` reaches, when it is above `current`; null otherwise. */
export function reachableAbove(current: Tier, growth: number, ladder: Tier[]): Tier | null {
  const reached = [...ladder].filter((t) => t.growthThreshold <= growth).sort((a, b) => b.sortOrder - a.sortOrder)[0];
  return reached && reached.sortOrder > current.sortOrder ? reached : null;
}

/** The highest active tier `growth` reaches (at least the entry tier). */
export function highestReached(growth: number, ladder: Tier[]): Tier {
  return reachableAbove(entryTier(ladder), growth, ladder) ?? entryTier(ladder);
}

export function entryTier(ladder: Tier[]): Tier {
  const entry = [...ladder].sort((a, b) => a.sortOrder - b.sortOrder)[0];
  if (!entry) throw new Error('no active tier is configured');
  return entry;
}
