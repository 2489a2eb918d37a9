import { Injectable } from '@nestjs/common';
import type { Tier, TierBrief } from '@member/shared';
import { ErrorCode } from '@member/shared';
import type { DataSource, EntityManager } from 'typeorm';
import { AppException } from '../../common/app-exception';
import { Member } from '../members/entities/member.entity';
import { Clock } from '../../common/clock';
import { MemberTier } from './entities/member-tier.entity';

export const brief = (t: Tier): TierBrief => ({ code: t.code, name: t.name, badgeColor: t.badgeColor });

/** Where each member stands on the tier ladder; promotion is immediate when growth reaches a threshold. */
@Injectable()
export class MemberTiersService {
  constructor(private readonly clock: Clock) {}

  /** The member's tier among the active ones; without a row (or a retired tier) the entry tier. */
  async current(
    em: EntityManager,
    memberId: number,
    ladder: Tier[],
  ): Promise<{ tier: Tier; state: MemberTier | null }> {
    const state = await em.findOneBy(MemberTier, { memberId });
    return { tier: tierOf(state, ladder), state };
  }

  /** Moves the member up to the highest tier their growth reaches; never down (that is re-evaluation's job). */
  async promoteIfDue(em: EntityManager, memberId: number, growth: number, ladder: Tier[]): Promise<Tier | null> {
    const { tier, state } = await this.current(em, memberId, ladder);
    if (state?.pinned) return null;
    const reached = reachableAbove(tier, growth, ladder);
    if (!reached) return null;
    const now = this.clock.now();
    if (state) await em.update(MemberTier, { id: state.id }, { tierId: reached.id, since: now, updatedAt: now });
    else await em.insert(MemberTier, { memberId, tierId: reached.id, pinned: false, since: now, updatedAt: now });
    return reached;
  }
}

/** The tier a member_tier row stands for: its tier among the active ones, else (no row, retired tier) the entry tier. */
export function tierOf(state: Pick<MemberTier, 'tierId'> | null | undefined, ladder: Tier[]): Tier {
  return ladder.find((t) => t.id === state?.tierId) ?? entryTier(ladder);
}

/** The highest active tier `growth` reaches, when it is above `current`; null otherwise. */
export function reachableAbove(current: Tier, growth: number, ladder: Tier[]): Tier | null {
  const reached = [...ladder].filter((t) => t.growthThreshold <= growth).sort((a, b) => b.sortOrder - a.sortOrder)[0];
  return reached && reached.sortOrder > current.sortOrder ? reached : null;
}

export function entryTier(ladder: Tier[]): Tier {
  const entry = [...ladder].sort((a, b) => a.sortOrder - b.sortOrder)[0];
  if (!entry) throw new Error('no active tier is configured');
  return entry;
}

/** Reads that open ledger accounts on demand must not create them for members that do not exist. */
export async function assertMemberExists(ds: DataSource, memberId: number): Promise<void> {
  if (!(await ds.getRepository(Member).existsBy({ id: memberId }))) throw new AppException(ErrorCode.MEMBER_NOT_FOUND);
}
