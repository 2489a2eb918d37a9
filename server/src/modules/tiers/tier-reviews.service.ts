import { Injectable } from '@nestjs/common';
import {
  ActorType,
  AuditAction,
  type Page,
  type Tier,
  type TierEvaluationResult,
  type TierReview,
  type TierReviewCancelReason,
  type TierReviewQuery,
} from '@member/shared';
import { DataSource, In, type EntityManager } from 'typeorm';
import { addBizDays, Clock } from '../../common/clock';
import { TierLifecycle } from '../../common/tier-lifecycle';
import { AppConfig } from '../../config/app-config';
import { LedgerService } from '../../ledger/ledger.service';
import { isUniqueViolation, TransactionRunner } from '../../database/transaction-runner';
import { AuditService, type AuditActor } from '../audit/audit.service';
import { TiersService } from './tiers.service';
import { MemberTier } from './entities/member-tier.entity';
import { TierReviewRow } from './entities/tier-review.entity';
import { brief, lockTierRow } from './member-tiers.service';
import { MemberDirectory, unknownMember } from '../members/member-directory';
import { MemberScope } from '../members/member-scope';
import type { OperatorPrincipal } from '../auth/token.service';

const BATCH = 500;
const SYSTEM: AuditActor = { type: ActorType.System, id: null, name: '系统复评', role: null, storeId: null };

/**
 * Periodic tier re-evaluation over the rolling growth window (growth lots lapse after it). A member below
 * their tier's retention threshold is flagged with a due date after the grace period — the operators'
 * preview list — and drops one tier on that day unless they recover, get pinned or change tier first.
 * Every step re-checks with guarded updates, so the daily job and an operator's "evaluate now" can overlap.
 */
@Injectable()
export class TierReviewsService {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: TransactionRunner,
    private readonly tiers: TiersService,
    private readonly ledger: LedgerService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly members: MemberDirectory,
    private readonly scope: MemberScope,
    private readonly lifecycle: TierLifecycle,
  ) {}

  async evaluate(): Promise<TierEvaluationResult> {
    // Growth outside the window must have lapsed before anyone is judged on it.
    await this.ledger.expireAllDue(this.clock.now());
    const ladder = await this.tiers.activeTiers();
    const cancelled = await this.closeResolved(ladder);
    const applied = await this.applyDue(ladder);
    const flagged = await this.flagBelowRetention(ladder);
    return { flagged, cancelled, applied, graceDays: this.config.loyalty.tierGraceDays };
  }

  async list(query: TierReviewQuery, op?: OperatorPrincipal): Promise<Page<TierReview>> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const pending = query.status === 'pending';
    const qb = this.ds.getRepository(TierReviewRow).createQueryBuilder('r');
    if (query.status) qb.andWhere('r.status = :status', { status: query.status });
    // A store manager sees reviews of the members their store served only.
    if (op) this.scope.restrict(qb, op, 'r.member_id');
    if (this.scope.aggregateOnly(op)) return { items: [], total: await qb.getCount(), page, pageSize };
    const [rows, total] = await qb
      .orderBy(pending ? { 'r.dueOn': 'ASC', 'r.id': 'ASC' } : { 'r.id': 'DESC' })
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    const memberIds = rows.map((r) => r.memberId);
    const [members, growth, allTiers] = await Promise.all([
      this.members.refs(memberIds),
      this.ledger.availableOf(memberIds, 'GROWTH'),
      this.tiers.list(),
    ]);
    const tierById = new Map(allTiers.map((t) => [t.id, t]));
    const tierBrief = (id: number) => {
      const t = tierById.get(id);
      return t ? brief(t) : { code: '', name: '（已删除）', badgeColor: '#999999' };
    };
    const items = rows.map((r) => ({
      id: r.id,
      member: members.get(r.memberId) ?? unknownMember(r.memberId),
      from: tierBrief(r.fromTierId),
      to: tierBrief(r.toTierId),
      growthAtFlag: r.growthAtFlag,
      growthNow: growth.get(r.memberId) ?? 0,
      retentionThreshold: r.retentionThreshold,
      status: r.status,
      flaggedAt: r.flaggedAt.toISOString(),
      dueOn: r.dueOn,
      decidedAt: r.decidedAt?.toISOString() ?? null,
      cancelReason: r.cancelReason,
    }));
    return { items, total, page, pageSize };
  }

  /** Closes pending reviews whose member no longer qualifies for a downgrade. */
  private async closeResolved(ladder: Tier[]): Promise<number> {
    let cancelled = 0;
    for (let after = 0; ;) {
      const rows = await this.ds
        .getRepository(TierReviewRow)
        .createQueryBuilder('r')
        .where('r.status = :s AND r.id > :after', { s: 'pending', after })
        .orderBy('r.id', 'ASC')
        .limit(BATCH)
        .getMany();
      if (!rows.length) return cancelled;
      after = rows[rows.length - 1]!.id;
      const memberIds = rows.map((r) => r.memberId);
      const [states, growth] = await Promise.all([
        this.ds.getRepository(MemberTier).findBy({ memberId: In(memberIds) }),
        this.ledger.availableOf(memberIds, 'GROWTH'),
      ]);
      const stateOf = new Map(states.map((s) => [s.memberId, s]));
      for (const r of rows) {
        const reason = whyNotDue(r, stateOf.get(r.memberId), growth.get(r.memberId) ?? 0, ladder);
        if (reason && (await closeReview(this.ds.manager, r.id, reason, this.clock.now()))) cancelled++;
      }
    }
  }

  private async applyDue(ladder: Tier[]): Promise<number> {
    const today = this.clock.today();
    let applied = 0;
    for (let after = 0; ;) {
      const due = await this.ds
        .getRepository(TierReviewRow)
        .createQueryBuilder('r')
        .where('r.status = :s AND r.dueOn <= :today AND r.id > :after', { s: 'pending', today, after })
        .orderBy('r.id', 'ASC')
        .limit(BATCH)
        .getMany();
      if (!due.length) return applied;
      after = due[due.length - 1]!.id;
      for (const review of due) if (await this.tx.run((em) => this.downgrade(em, review, ladder))) applied++;
    }
  }

  /** One member, one transaction: re-check with fresh reads, then move down one tier with a guarded update. */
  private async downgrade(em: EntityManager, review: TierReviewRow, ladder: Tier[]): Promise<boolean> {
    const now = this.clock.now();
    // Locked like promotion and manual sets, so none of them acts on a tier another just changed.
    const state = await lockTierRow(em, review.memberId);
    const growth = (await this.ledger.availableOf([review.memberId], 'GROWTH', em)).get(review.memberId) ?? 0;
    const reason = whyNotDue(review, state ?? undefined, growth, ladder);
    const target = lowerTier(ladder, review.fromTierId);
    if (reason || !target) {
      await closeReview(em, review.id, reason ?? 'tier_changed', now);
      return false;
    }
    const moved = await em
      .createQueryBuilder()
      .update(MemberTier)
      .set({ tierId: target.id, since: now, updatedAt: now })
      .where('memberId = :m AND tierId = :from AND pinned = 0', { m: review.memberId, from: review.fromTierId })
      .execute();
    const closed = await em
      .createQueryBuilder()
      .update(TierReviewRow)
      .set(
        moved.affected === 1
          ? { status: 'applied', pendingMemberId: null, toTierId: target.id, decidedAt: now }
          : { status: 'cancelled', pendingMemberId: null, cancelReason: 'tier_changed', decidedAt: now },
      )
      .where('id = :id AND status = :s', { id: review.id, s: 'pending' })
      .execute();
    if (moved.affected !== 1 || closed.affected !== 1) return false;
    const from = ladder.find((t) => t.id === review.fromTierId);
    await this.lifecycle.demoted(em, {
      memberId: review.memberId,
      fromTierId: review.fromTierId,
      toTierId: target.id,
      fromTierName: from?.name ?? '',
      toTierName: target.name,
      cause: 'review',
    });
    await this.audit.record(
      SYSTEM,
      {
        action: AuditAction.MemberTierDowngraded,
        targetType: 'member',
        targetId: review.memberId,
        before: { tier: from?.code, growth },
        after: { tier: target.code, reviewId: review.id },
        reason: `成长值 ${growth} 低于保级线 ${from?.retentionThreshold ?? review.retentionThreshold}，宽限期已过`,
      },
      em,
    );
    return true;
  }

  /** Flags unpinned members under their tier's retention threshold that have no open review yet. */
  private async flagBelowRetention(ladder: Tier[]): Promise<number> {
    const now = this.clock.now();
    const dueOn = addBizDays(this.clock.today(), this.config.loyalty.tierGraceDays);
    let flagged = 0;
    for (const tier of ladder) {
      const target = lowerTier(ladder, tier.id);
      if (!target || tier.retentionThreshold <= 0) continue;
      for (let after = 0; ;) {
        // Members on this tier without an open review, in member id batches; their growth comes from the
        // ledger (live lots only), and those under the keep line are flagged.
        const batch: { memberId: number | string }[] = await this.ds
          .createQueryBuilder()
          .select('mt.member_id', 'memberId')
          .from(MemberTier, 'mt')
          .leftJoin(TierReviewRow, 'r', 'r.pending_member_id = mt.member_id')
          .where('mt.tier_id = :tierId AND mt.pinned = 0 AND r.id IS NULL AND mt.member_id > :after', {
            tierId: tier.id,
            after,
          })
          .orderBy('mt.member_id', 'ASC')
          .limit(BATCH)
          .getRawMany();
        if (!batch.length) break;
        after = Number(batch[batch.length - 1]!.memberId);
        const growth = await this.ledger.availableOf(
          batch.map((b) => Number(b.memberId)),
          'GROWTH',
        );
        const candidates = batch
          .map((b) => ({ memberId: Number(b.memberId), growth: growth.get(Number(b.memberId)) ?? 0 }))
          .filter((c) => c.growth < tier.retentionThreshold);
        for (const c of candidates) {
          try {
            await this.ds.getRepository(TierReviewRow).insert({
              memberId: Number(c.memberId),
              pendingMemberId: Number(c.memberId),
              fromTierId: tier.id,
              toTierId: target.id,
              growthAtFlag: Number(c.growth),
              retentionThreshold: tier.retentionThreshold,
              status: 'pending',
              flaggedAt: now,
              dueOn,
              decidedAt: null,
              cancelReason: null,
            });
            flagged++;
          } catch (error) {
            // Someone else (the job on another node, or an operator) flagged this member a moment ago.
            if (!isUniqueViolation(error)) throw error;
          }
        }
      }
    }
    return flagged;
  }
}

/** Why a pending review should not (or no longer) lead to a downgrade; null when it still should. */
export function whyNotDue(
  review: Pick<TierReviewRow, 'fromTierId'>,
  state: Pick<MemberTier, 'tierId' | 'pinned'> | undefined,
  growth: number,
  ladder: Tier[],
): TierReviewCancelReason | null {
  if (state?.pinned) return 'pinned';
  const from = ladder.find((t) => t.id === review.fromTierId);
  if (!state || !from || state.tierId !== review.fromTierId) return 'tier_changed';
  if (growth >= from.retentionThreshold) return 'recovered';
  return null;
}

/** The active tier just below `tierId`, or null at the bottom. */
export function lowerTier(ladder: Tier[], tierId: number): Tier | null {
  const current = ladder.find((t) => t.id === tierId);
  if (!current) return null;
  return ladder.filter((t) => t.sortOrder < current.sortOrder).sort((a, b) => b.sortOrder - a.sortOrder)[0] ?? null;
}

export async function closeReview(
  em: EntityManager,
  id: number,
  reason: TierReviewCancelReason,
  now: Date,
): Promise<boolean> {
  const result = await em
    .createQueryBuilder()
    .update(TierReviewRow)
    .set({ status: 'cancelled', pendingMemberId: null, cancelReason: reason, decidedAt: now })
    .where('id = :id AND status = :s', { id, s: 'pending' })
    .execute();
  return result.affected === 1;
}
