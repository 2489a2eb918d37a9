import { Injectable } from '@nestjs/common';
import {
  AuditAction,
  ErrorCode,
  needsSecondApproval,
  tierDiff,
  tierWarnings,
  type CreateTierRequest,
  type MemberTier,
  type OperatorRef,
  type RuleChangeStatus,
  type RuleWarning,
  type Tier as TierDto,
  type TierChange,
  type TierFields,
  type UpdateTierRequest,
} from '@member/shared';
import { DataSource, In, type EntityManager } from 'typeorm';
import { AppException } from '../../common/app-exception';
import { decidePendingChange } from '../../common/rule-change-decision';
import { requireChangeNote } from '../../common/limit-validators';
import { Clock } from '../../common/clock';
import { isUniqueViolation, TransactionRunner } from '../../database/transaction-runner';
import { AuditService, operatorActor } from '../audit/audit.service';
import type { OperatorPrincipal } from '../auth/token.service';
import { LocalCache, SETTINGS_CACHE_TTL_MS } from '../../common/local-cache';
import { OperatorDirectory } from '../operators/operator-directory';
import { TierChangeRow } from './entities/tier-change.entity';
import { Tier } from './entities/tier.entity';

type Problem = { field: string; message: string };

/**
 * Member tiers (levels) and their benefits. Every create or edit carries a note and is recorded as a change
 * with its diff; values outside the sensible range need confirming, beyond a hard bound a second operator.
 */
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
    private readonly operators: OperatorDirectory,
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

  /** Tier changes, newest first: applied ones as history, pending ones waiting for a second operator. */
  async changes(status?: RuleChangeStatus): Promise<TierChange[]> {
    const rows = await this.ds
      .getRepository(TierChangeRow)
      .find({ where: status ? { status } : {}, order: { id: 'DESC' }, take: 100 });
    return this.toChanges(rows);
  }

  async create(body: CreateTierRequest, op: OperatorPrincipal): Promise<TierChange> {
    const note = requireChangeNote(body.note);
    const values: TierFields = {
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
    };
    return this.request(op, note, body.acknowledgeWarnings, null, values);
  }

  async update(id: number, body: UpdateTierRequest, op: OperatorPrincipal): Promise<TierChange> {
    const note = requireChangeNote(body.note);
    const { note: _note, acknowledgeWarnings, ...changes } = body;
    if (changes.badgeColor) changes.badgeColor = changes.badgeColor.toUpperCase();
    return this.request(op, note, acknowledgeWarnings, id, changes);
  }

  /** A second operator applies a pending change, if the tier is still as it was when the change was asked. */
  async approve(changeId: number, op: OperatorPrincipal, decisionNote: string | undefined): Promise<TierChange> {
    const row = await this.writing(async (em) => {
      const row = await this.decide(em, changeId, op, 'applied', decisionNote?.trim() || null);
      if (row.action === 'update') {
        const existing = await em.findOneBy(Tier, { id: row.tierId! });
        if (!existing || JSON.stringify(toDto(existing)) !== row.beforeJson) {
          throw new AppException(ErrorCode.RULE_CHANGE_STALE);
        }
      }
      row.tierId = await this.apply(em, row, op);
      await em.update(TierChangeRow, { id: row.id }, { tierId: row.tierId });
      await this.audit.record(
        operatorActor(op),
        {
          action: AuditAction.RuleChangeApproved,
          targetType: 'tier',
          targetId: row.tierId,
          after: { changeId: row.id, requestedBy: row.requestedBy },
          reason: row.decisionNote ?? undefined,
          storeId: null,
        },
        em,
      );
      return row;
    });
    return (await this.toChanges([row]))[0]!;
  }

  async reject(changeId: number, op: OperatorPrincipal, decisionNote: string | undefined): Promise<TierChange> {
    const note = requireChangeNote(decisionNote);
    const row = await this.tx.run(async (em) => {
      const row = await this.decide(em, changeId, op, 'rejected', note);
      await this.audit.record(
        operatorActor(op),
        {
          action: AuditAction.RuleChangeRejected,
          targetType: 'tier',
          targetId: row.tierId ?? row.tierCode,
          after: { changeId: row.id, requestedBy: row.requestedBy },
          reason: note,
          storeId: null,
        },
        em,
      );
      return row;
    });
    return (await this.toChanges([row]))[0]!;
  }

  /**
   * Records a create (tierId null) or an edit: checked against the bounds and the ladder now, applied at
   * once, or left pending when a value is beyond a hard bound.
   */
  private async request(
    op: OperatorPrincipal,
    note: string,
    acknowledged: boolean | undefined,
    tierId: number | null,
    values: Partial<TierFields>,
  ): Promise<TierChange> {
    const row = await this.writing(async (em) => {
      let before: TierDto | null = null;
      if (tierId !== null) {
        const existing = await em.findOneBy(Tier, { id: tierId });
        if (!existing) throw new AppException(ErrorCode.TIER_NOT_FOUND);
        before = toDto(existing);
      } else if (await em.existsBy(Tier, { code: values.code! })) {
        throw new AppException(ErrorCode.TIER_CODE_TAKEN);
      }
      if (!tierDiff(before, values).length) throw new AppException(ErrorCode.CHANGE_EMPTY);
      const warnings = tierWarnings(before, values);
      if (warnings.length && !acknowledged) {
        throw new AppException(
          ErrorCode.VALUE_NEEDS_CONFIRMATION,
          undefined,
          warnings.map((w) => ({ field: w.field, message: w.message })),
        );
      }
      await this.checkConsistent(em, Object.assign(new Tier(), before ?? { id: 0 }, values));
      const pending = needsSecondApproval(warnings);
      const row = em.create(TierChangeRow, {
        action: before ? 'update' : 'create',
        status: pending ? 'pending' : 'applied',
        tierId,
        tierCode: before?.code ?? values.code!,
        beforeJson: before ? JSON.stringify(before) : null,
        valuesJson: JSON.stringify(values),
        note,
        warningsJson: warnings.length ? JSON.stringify(warnings) : null,
        requestedBy: op.operatorId,
        requestedAt: this.clock.now(),
        decidedBy: null,
        decidedAt: null,
        decisionNote: null,
      });
      await em.insert(TierChangeRow, row);
      if (pending) {
        await this.audit.record(
          operatorActor(op),
          {
            action: AuditAction.RuleChangeRequested,
            targetType: 'tier',
            targetId: tierId ?? row.tierCode,
            before,
            after: { changeId: row.id, values, warnings },
            reason: note,
            storeId: null,
          },
          em,
        );
        return row;
      }
      row.tierId = await this.apply(em, row, op);
      if (tierId === null) await em.update(TierChangeRow, { id: row.id }, { tierId: row.tierId });
      return row;
    });
    return (await this.toChanges([row]))[0]!;
  }

  /** Writes the change to the tier table (checking the ladder again) and audits it; answers the tier id. */
  private async apply(em: EntityManager, change: TierChangeRow, op: OperatorPrincipal): Promise<number> {
    const values = JSON.parse(change.valuesJson) as Partial<TierFields>;
    const now = this.clock.now();
    if (change.action === 'create') {
      if (await em.existsBy(Tier, { code: change.tierCode })) throw new AppException(ErrorCode.TIER_CODE_TAKEN);
      const row = em.create(Tier, { ...values, createdAt: now, updatedAt: now });
      await this.checkConsistent(em, row);
      await em.insert(Tier, row);
      await this.audit.record(
        operatorActor(op),
        {
          action: AuditAction.TierCreated,
          targetType: 'tier',
          targetId: row.id,
          after: toDto(row),
          reason: change.note,
          storeId: null,
        },
        em,
      );
      return row.id;
    }
    const existing = await em.findOneByOrFail(Tier, { id: change.tierId! });
    const before = toDto(existing);
    const next: Tier = Object.assign(new Tier(), existing, values, { updatedAt: now });
    await this.checkConsistent(em, next);
    await em.update(Tier, { id: existing.id }, { ...values, updatedAt: now });
    await this.audit.record(
      operatorActor(op),
      {
        action: AuditAction.TierUpdated,
        targetType: 'tier',
        targetId: existing.id,
        before,
        after: toDto(next),
        reason: change.note,
        storeId: null,
      },
      em,
    );
    return existing.id;
  }

  private decide(
    em: EntityManager,
    id: number,
    op: OperatorPrincipal,
    status: 'applied' | 'rejected',
    note: string | null,
  ): Promise<TierChangeRow> {
    const decision = { operatorId: op.operatorId, status, note, now: this.clock.now() };
    return decidePendingChange(em, TierChangeRow, id, decision, (operatorId, m) =>
      this.operators.origin(operatorId, m),
    );
  }

  private async writing<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    try {
      const result = await this.tx.run(work);
      this.ladder.invalidate();
      return result;
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppException(ErrorCode.TIER_CODE_TAKEN);
      throw error;
    }
  }

  private async toChanges(rows: TierChangeRow[]): Promise<TierChange[]> {
    const names = await this.operators.refs(rows.flatMap((r) => [r.requestedBy, r.decidedBy]));
    const ids = [...new Set(rows.map((r) => r.tierId).filter((id): id is number => id !== null))];
    const tiers = new Map(
      (ids.length ? await this.ds.getRepository(Tier).findBy({ id: In(ids) }) : []).map((t) => [t.id, toDto(t)]),
    );
    const ref = (id: number | null): OperatorRef | null =>
      id === null ? null : { operatorId: id, name: names.get(id)?.name ?? '' };
    return rows.map((r) => {
      const before = r.beforeJson ? (JSON.parse(r.beforeJson) as TierDto) : null;
      const values = JSON.parse(r.valuesJson) as Partial<TierFields>;
      return {
        id: r.id,
        action: r.action,
        status: r.status,
        tierId: r.tierId,
        tierCode: r.tierCode,
        tierName: values.name ?? before?.name ?? r.tierCode,
        tier: r.tierId === null ? null : (tiers.get(r.tierId) ?? null),
        changes: tierDiff(before, values),
        warnings: r.warningsJson ? (JSON.parse(r.warningsJson) as RuleWarning[]) : [],
        note: r.note,
        requestedBy: ref(r.requestedBy)!,
        requestedAt: r.requestedAt.toISOString(),
        decidedBy: ref(r.decidedBy),
        decidedAt: r.decidedAt ? r.decidedAt.toISOString() : null,
        decisionNote: r.decisionNote,
      };
    });
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
