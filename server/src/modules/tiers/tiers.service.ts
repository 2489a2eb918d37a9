import { Injectable } from '@nestjs/common';
import {
  AuditAction,
  ErrorCode,
  type CreateTierRequest,
  type MemberTier,
  type Tier as TierDto,
  type UpdateTierRequest,
} from '@member/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { AppException } from '../../common/app-exception';
import { Clock } from '../../common/clock';
import { isUniqueViolation, TransactionRunner } from '../../database/transaction-runner';
import { AuditService, operatorActor } from '../audit/audit.service';
import type { OperatorPrincipal } from '../auth/token.service';
import { Tier } from './entities/tier.entity';
import { LocalCache, SETTINGS_CACHE_TTL_MS } from '../../common/local-cache';

type Problem = { field: string; message: string };

/** Member tiers (levels) and their benefits. */
@Injectable()
export class TiersService {
  // The active ladder, read on every purchase; see SETTINGS_CACHE_TTL_MS for how changes propagate.
  private readonly ladder = new LocalCache(SETTINGS_CACHE_TTL_MS, async () => {
    const rows = await this.ds
      .getRepository(Tier)
      .find({ where: { active: true }, order: { sortOrder: 'ASC', id: 'ASC' } });
    return rows.map(toDto);
  });

  constructor(
    private readonly ds: DataSource,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<TierDto[]> {
    const rows = await this.ds.getRepository(Tier).find({ order: { sortOrder: 'ASC', id: 'ASC' } });
    return rows.map(toDto);
  }

  /** Active tiers, lowest first (by sortOrder, which matches growth order). */
  async activeTiers(): Promise<TierDto[]> {
    return (await this.ladder.get()).map((t) => ({ ...t }));
  }

  async memberTiers(): Promise<MemberTier[]> {
    return (await this.activeTiers()).map(({ id: _id, active: _active, ...benefits }) => benefits);
  }

  async create(body: CreateTierRequest, op: OperatorPrincipal): Promise<TierDto> {
    const now = this.clock.now();
    try {
      const row = await this.tx.run(async (em) => {
        const row = em.create(Tier, {
          code: body.code,
          name: body.name,
          growthThreshold: body.growthThreshold,
          retentionThreshold: body.retentionThreshold,
          pointsMultiplierPct: body.pointsMultiplierPct,
          discountText: body.discountText ?? '',
          birthdayGift: body.birthdayGift ?? false,
          badgeColor: body.badgeColor.toUpperCase(),
          sortOrder: body.sortOrder,
          active: body.active ?? true,
          createdAt: now,
          updatedAt: now,
        });
        if (await em.existsBy(Tier, { code: body.code })) throw new AppException(ErrorCode.TIER_CODE_TAKEN);
        await this.checkConsistent(em, row);
        await em.insert(Tier, row);
        await this.audit.record(
          operatorActor(op),
          { action: AuditAction.TierCreated, targetType: 'tier', targetId: row.id, after: toDto(row), storeId: null },
          em,
        );
        return row;
      });
      this.ladder.invalidate();
      return toDto(row);
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppException(ErrorCode.TIER_CODE_TAKEN);
      throw error;
    }
  }

  async update(id: number, body: UpdateTierRequest, op: OperatorPrincipal): Promise<TierDto> {
    const after = await this.tx.run(async (em) => {
      const existing = await em.findOneBy(Tier, { id });
      if (!existing) throw new AppException(ErrorCode.TIER_NOT_FOUND);
      const before = toDto(existing);
      const changes = { ...body, ...(body.badgeColor ? { badgeColor: body.badgeColor.toUpperCase() } : {}) };
      const next: Tier = Object.assign(new Tier(), existing, changes, { updatedAt: this.clock.now() });
      await this.checkConsistent(em, next);
      await em.update(Tier, { id }, { ...changes, updatedAt: next.updatedAt });
      const after = toDto(next);
      await this.audit.record(
        operatorActor(op),
        { action: AuditAction.TierUpdated, targetType: 'tier', targetId: id, before, after, storeId: null },
        em,
      );
      return after;
    });
    this.ladder.invalidate();
    return after;
  }

  /**
   * The tier ladder after the change must hold: retention ≤ growth; among active tiers growth thresholds
   * strictly increase with sortOrder; exactly one active tier starts at growth 0.
   */
  private async checkConsistent(em: EntityManager, changed: Tier): Promise<void> {
    const problems: Problem[] = [];
    if (changed.retentionThreshold > changed.growthThreshold) {
      problems.push({ field: 'retentionThreshold', message: '保级门槛不能高于升级门槛' });
    }
    const others = (await em.find(Tier)).filter((t) => t.id !== changed.id);
    const active = [...others, changed]
      .filter((t) => t.active)
      .sort((a, b) => a.sortOrder - b.sortOrder || a.growthThreshold - b.growthThreshold);
    for (let i = 1; i < active.length; i++) {
      const [lower, higher] = [active[i - 1], active[i]];
      if (lower.sortOrder === higher.sortOrder) {
        problems.push({ field: 'sortOrder', message: `「${lower.name}」与「${higher.name}」的排序相同` });
      } else if (higher.growthThreshold <= lower.growthThreshold) {
        problems.push({
          field: 'growthThreshold',
          message: `按排序，「${higher.name}」的升级门槛（${higher.growthThreshold}）须高于「${lower.name}」（${lower.growthThreshold}）`,
        });
      }
    }
    const entry = active.filter((t) => t.growthThreshold === 0).length;
    if (entry !== 1) {
      problems.push({
        field: changed.active ? 'growthThreshold' : 'active',
        message:
          entry === 0 ? '必须有一个启用的等级升级门槛为 0（入会等级）' : '只能有一个启用的等级升级门槛为 0（入会等级）',
      });
    }
    if (problems.length) {
      throw new AppException(
        ErrorCode.VALIDATION_FAILED,
        `会员等级设置有误：${problems.map((p) => p.message).join('；')}`,
        dedupe(problems),
      );
    }
  }
}

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => !seen.has(p.field + p.message) && seen.add(p.field + p.message));
}

function toDto(t: Tier): TierDto {
  return {
    id: t.id,
    code: t.code,
    name: t.name,
    growthThreshold: t.growthThreshold,
    retentionThreshold: t.retentionThreshold,
    pointsMultiplierPct: t.pointsMultiplierPct,
    discountText: t.discountText,
    // After an insert MySQL hands back defaulted booleans as raw 0/1.
    birthdayGift: Boolean(t.birthdayGift),
    badgeColor: t.badgeColor,
    sortOrder: t.sortOrder,
    active: Boolean(t.active),
  };
}
