import { Injectable } from '@nestjs/common';
import {
  AuditAction,
  ErrorCode,
  needsSecondApproval,
  pointsRulesDiff,
  pointsRulesWarnings,
  type OperatorRef,
  type PointsRules,
  type PointsRulesChange,
  type PointsRulesVersion,
  type RuleChangeStatus,
  type RuleWarning,
} from '@member/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { AppException } from '../../common/app-exception';
import { decidePendingChange } from '../../common/rule-change-decision';
import { requireChangeNote } from '../../common/limit-validators';
import { Clock } from '../../common/clock';
import { LocalCache, SETTINGS_CACHE_TTL_MS } from '../../common/local-cache';
import { isUniqueViolation, TransactionRunner } from '../../database/transaction-runner';
import { AuditService, operatorActor } from '../audit/audit.service';
import type { OperatorPrincipal } from '../auth/token.service';
import type { PointsRulesDto, PublishPointsRulesDto } from './dto/points-rules.dto';
import { PointsRuleChange } from './entities/points-rule-change.entity';
import { PointsRuleVersion } from './entities/points-rule-version.entity';
import { OperatorDirectory } from '../operators/operator-directory';
import { deepFreeze } from '../../common/deep-freeze';

/**
 * Versioned points rules. Publishing appends a version; rows are never updated. Every publish carries a note
 * and is recorded as a change (with its diff in words); values outside the sensible range need the
 * publisher's confirmation, and beyond a hard bound the change waits for a second operator's approval.
 */
@Injectable()
export class PointsRulesService {
  // The version in force, read on every purchase; see SETTINGS_CACHE_TTL_MS for how changes propagate.
  private readonly cache = new LocalCache(SETTINGS_CACHE_TTL_MS, async () => {
    const [dto] = await this.toVersions([await this.currentVersion()]);
    // Frozen, and handed out as is: a copy per purchase cost more than the purchase's own JSON work.
    return deepFreeze(dto);
  });

  constructor(
    private readonly ds: DataSource,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly operators: OperatorDirectory,
  ) {}

  /** The rules in force: the highest version. */
  async currentRules(): Promise<Readonly<PointsRules>> {
    return (await this.cache.get()).rules;
  }

  /** The version in force, frozen (shared by every caller; see the cache above). */
  async current(): Promise<PointsRulesVersion> {
    return this.cache.get();
  }

  /** Every version, newest first, each with its note and what changed against the one before. */
  async versions(): Promise<PointsRulesVersion[]> {
    const rows = await this.ds.getRepository(PointsRuleVersion).find({ order: { version: 'DESC' } });
    return this.toVersions(rows);
  }

  async changes(status?: RuleChangeStatus): Promise<PointsRulesChange[]> {
    const rows = await this.ds
      .getRepository(PointsRuleChange)
      .find({ where: status ? { status } : {}, order: { id: 'DESC' }, take: 100 });
    return this.toChanges(rows);
  }

  async publish(body: PublishPointsRulesDto, op: OperatorPrincipal): Promise<PointsRulesChange> {
    const note = requireChangeNote(body.note);
    const rules = normalize(body.rules);
    const change = await this.writing(async (em) => {
      const prev = await this.latest(em);
      const before = JSON.parse(prev.rulesJson) as PointsRules;
      if (!pointsRulesDiff(before, rules).length) throw new AppException(ErrorCode.CHANGE_EMPTY);
      const warnings = pointsRulesWarnings(before, rules);
      if (warnings.length && !body.acknowledgeWarnings) {
        throw new AppException(
          ErrorCode.VALUE_NEEDS_CONFIRMATION,
          undefined,
          warnings.map((w) => ({ field: `rules.${w.field}`, message: w.message })),
        );
      }
      const pending = needsSecondApproval(warnings);
      const change = em.create(PointsRuleChange, {
        status: pending ? 'pending' : 'applied',
        baseVersion: prev.version,
        rulesJson: JSON.stringify(rules),
        note,
        warningsJson: warnings.length ? JSON.stringify(warnings) : null,
        version: null,
        requestedBy: op.operatorId,
        requestedAt: this.clock.now(),
        decidedBy: null,
        decidedAt: null,
        decisionNote: null,
      });
      await em.insert(PointsRuleChange, change);
      if (pending) {
        await this.audit.record(
          operatorActor(op),
          {
            action: AuditAction.RuleChangeRequested,
            targetType: 'points_rules',
            targetId: prev.version,
            before: { version: prev.version, rules: before },
            after: { changeId: change.id, rules, warnings },
            reason: note,
            storeId: null,
          },
          em,
        );
        return change;
      }
      change.version = await this.appendVersion(em, change, prev, null, op);
      await em.update(PointsRuleChange, { id: change.id }, { version: change.version });
      return change;
    });
    return (await this.toChanges([change]))[0]!;
  }

  /** A second operator puts a pending change in force, if the rules it was made against are still in force. */
  async approve(id: number, op: OperatorPrincipal, decisionNote: string | undefined): Promise<PointsRulesChange> {
    const change = await this.writing(async (em) => {
      const row = await this.decide(em, id, op, 'applied', decisionNote?.trim() || null);
      const prev = await this.latest(em);
      if (prev.version !== row.baseVersion) throw new AppException(ErrorCode.RULE_CHANGE_STALE);
      row.version = await this.appendVersion(em, row, prev, op.operatorId, op);
      await em.update(PointsRuleChange, { id }, { version: row.version });
      await this.audit.record(
        operatorActor(op),
        {
          action: AuditAction.RuleChangeApproved,
          targetType: 'points_rules',
          targetId: row.version,
          after: { changeId: id, version: row.version, requestedBy: row.requestedBy },
          reason: row.decisionNote ?? undefined,
          storeId: null,
        },
        em,
      );
      return row;
    });
    return (await this.toChanges([change]))[0]!;
  }

  async reject(id: number, op: OperatorPrincipal, decisionNote: string | undefined): Promise<PointsRulesChange> {
    const note = requireChangeNote(decisionNote);
    const change = await this.tx.run(async (em) => {
      const row = await this.decide(em, id, op, 'rejected', note);
      await this.audit.record(
        operatorActor(op),
        {
          action: AuditAction.RuleChangeRejected,
          targetType: 'points_rules',
          targetId: row.baseVersion,
          after: { changeId: id, requestedBy: row.requestedBy },
          reason: note,
          storeId: null,
        },
        em,
      );
      return row;
    });
    return (await this.toChanges([change]))[0]!;
  }

  /** Runs a write that may append a version; refreshes the cache after and maps the version race. */
  private async writing<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    try {
      const result = await this.tx.run(work);
      this.cache.invalidate();
      return result;
    } catch (error) {
      // Two operators published at once; the version number is unique, so one loses.
      if (isUniqueViolation(error)) throw new AppException(ErrorCode.POINTS_RULES_VERSION_CONFLICT);
      throw error;
    }
  }

  private async appendVersion(
    em: EntityManager,
    change: PointsRuleChange,
    prev: PointsRuleVersion,
    approvedBy: number | null,
    op: OperatorPrincipal,
  ): Promise<number> {
    const row = em.create(PointsRuleVersion, {
      version: prev.version + 1,
      rulesJson: change.rulesJson,
      createdByOperatorId: change.requestedBy,
      createdAt: this.clock.now(),
      note: change.note,
      warningsJson: change.warningsJson,
      approvedByOperatorId: approvedBy,
    });
    await em.insert(PointsRuleVersion, row);
    await this.audit.record(
      operatorActor(op),
      {
        action: AuditAction.PointsRulesPublished,
        targetType: 'points_rules',
        targetId: row.version,
        before: { version: prev.version, rules: JSON.parse(prev.rulesJson) },
        after: { version: row.version, rules: JSON.parse(row.rulesJson), warnings: parseWarnings(row.warningsJson) },
        reason: change.note,
        storeId: null,
      },
      em,
    );
    return row.version;
  }

  private decide(
    em: EntityManager,
    id: number,
    op: OperatorPrincipal,
    status: 'applied' | 'rejected',
    note: string | null,
  ): Promise<PointsRuleChange> {
    const decision = { operatorId: op.operatorId, status, note, now: this.clock.now() };
    return decidePendingChange(em, PointsRuleChange, id, decision, (operatorId, m) =>
      this.operators.origin(operatorId, m),
    );
  }

  private async latest(em: EntityManager): Promise<PointsRuleVersion> {
    const row = await em.findOne(PointsRuleVersion, { where: {}, order: { version: 'DESC' } });
    if (!row) throw new AppException(ErrorCode.INTERNAL_ERROR, 'points rules missing');
    return row;
  }

  private async currentVersion(): Promise<PointsRuleVersion> {
    // The initial migration seeds version 1, so a missing row only happens on a broken database.
    return this.latest(this.ds.manager);
  }

  private async toVersions(rows: PointsRuleVersion[]): Promise<PointsRulesVersion[]> {
    const names = await this.operators.refs(rows.flatMap((r) => [r.createdByOperatorId, r.approvedByOperatorId]));
    // The versions each row is compared with (the one just before), read in one query.
    const older = await this.rulesOf(rows.map((r) => r.version - 1).filter((v) => v > 0));
    return rows.map((r) => {
      const rules = JSON.parse(r.rulesJson) as PointsRules;
      const before = older.get(r.version - 1);
      return {
        version: r.version,
        rules,
        createdAt: r.createdAt.toISOString(),
        createdBy: ref(names, r.createdByOperatorId),
        approvedBy: ref(names, r.approvedByOperatorId),
        note: r.note,
        changes: before ? pointsRulesDiff(before, rules) : [],
        warnings: parseWarnings(r.warningsJson),
      };
    });
  }

  private async toChanges(rows: PointsRuleChange[]): Promise<PointsRulesChange[]> {
    const names = await this.operators.refs(rows.flatMap((r) => [r.requestedBy, r.decidedBy]));
    const bases = await this.rulesOf(rows.map((r) => r.baseVersion));
    return rows.map((r) => {
      const rules = JSON.parse(r.rulesJson) as PointsRules;
      return {
        id: r.id,
        status: r.status,
        rules,
        baseVersion: r.baseVersion,
        version: r.version,
        changes: pointsRulesDiff(bases.get(r.baseVersion) ?? null, rules),
        warnings: parseWarnings(r.warningsJson),
        note: r.note,
        requestedBy: ref(names, r.requestedBy)!,
        requestedAt: r.requestedAt.toISOString(),
        decidedBy: ref(names, r.decidedBy),
        decidedAt: r.decidedAt ? r.decidedAt.toISOString() : null,
        decisionNote: r.decisionNote,
      };
    });
  }

  private async rulesOf(versions: number[]): Promise<Map<number, PointsRules>> {
    const unique = [...new Set(versions)];
    if (!unique.length) return new Map();
    const rows = await this.ds
      .getRepository(PointsRuleVersion)
      .createQueryBuilder('v')
      .select(['v.version', 'v.rulesJson'])
      .where('v.version IN (:...unique)', { unique })
      .getMany();
    return new Map(rows.map((r) => [r.version, JSON.parse(r.rulesJson) as PointsRules]));
  }
}

function ref(names: Map<number, OperatorRef>, id: number | null): OperatorRef | null {
  return id === null ? null : { operatorId: id, name: names.get(id)?.name ?? '' };
}

const parseWarnings = (json: string | null): RuleWarning[] => (json ? (JSON.parse(json) as RuleWarning[]) : []);

// Store exactly the documented shape, in a stable key order.
function normalize(r: PointsRulesDto): PointsRules {
  return {
    pointsPerYuan: r.pointsPerYuan,
    birthdayMultiplierPct: r.birthdayMultiplierPct,
    signUpBonus: r.signUpBonus,
    expiry: r.expiry.kind === 'days' ? { kind: 'days', days: r.expiry.days! } : { kind: 'end_of_next_year' },
    deduction: {
      pointsPerYuan: r.deduction.pointsPerYuan,
      maxPercentOfBill: r.deduction.maxPercentOfBill,
      minSpendFen: r.deduction.minSpendFen,
    },
  };
}
