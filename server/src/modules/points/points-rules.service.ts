import { Injectable } from '@nestjs/common';
import { AuditAction, ErrorCode, type PointsRules, type PointsRulesVersion } from '@member/shared';
import { DataSource } from 'typeorm';
import { AppException } from '../../common/app-exception';
import { Clock } from '../../common/clock';
import { LocalCache, SETTINGS_CACHE_TTL_MS } from '../../common/local-cache';
import { isUniqueViolation, TransactionRunner } from '../../database/transaction-runner';
import { AuditService, operatorActor } from '../audit/audit.service';
import type { OperatorPrincipal } from '../auth/token.service';
import type { PointsRulesDto, PublishPointsRulesDto } from './dto/points-rules.dto';
import { PointsRuleVersion } from './entities/points-rule-version.entity';
import { OperatorDirectory } from '../operators/operator-directory';

/** Versioned points rules. Publishing appends a version; rows are never updated. */
@Injectable()
export class PointsRulesService {
  // The version in force, read on every purchase; see SETTINGS_CACHE_TTL_MS for how changes propagate.
  private readonly cache = new LocalCache(SETTINGS_CACHE_TTL_MS, async () => {
    const [dto] = await this.toDtos([await this.currentVersion()]);
    return dto;
  });

  constructor(
    private readonly ds: DataSource,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly operators: OperatorDirectory,
  ) {}

  /** The rules in force: the highest version. */
  async currentRules(): Promise<PointsRules> {
    return structuredClone((await this.cache.get()).rules);
  }

  async current(): Promise<PointsRulesVersion> {
    return structuredClone(await this.cache.get());
  }

  async versions(): Promise<PointsRulesVersion[]> {
    const rows = await this.ds.getRepository(PointsRuleVersion).find({ order: { version: 'DESC' } });
    return this.toDtos(rows);
  }

  async publish(body: PublishPointsRulesDto, op: OperatorPrincipal): Promise<PointsRulesVersion> {
    const rules = normalize(body.rules);
    try {
      const row = await this.tx.run(async (em) => {
        const prev = await em.findOne(PointsRuleVersion, { where: {}, order: { version: 'DESC' } });
        const row = em.create(PointsRuleVersion, {
          version: (prev?.version ?? 0) + 1,
          rulesJson: JSON.stringify(rules),
          createdByOperatorId: op.operatorId,
          createdAt: this.clock.now(),
        });
        await em.insert(PointsRuleVersion, row);
        await this.audit.record(
          operatorActor(op),
          {
            action: AuditAction.PointsRulesPublished,
            targetType: 'points_rules',
            targetId: row.version,
            before: prev ? { version: prev.version, rules: JSON.parse(prev.rulesJson) } : null,
            after: { version: row.version, rules },
            reason: body.note,
            storeId: null,
          },
          em,
        );
        return row;
      });
      this.cache.invalidate();
      const [dto] = await this.toDtos([row]);
      return dto;
    } catch (error) {
      // Two operators published at once; the version number is unique, so one loses.
      if (isUniqueViolation(error)) throw new AppException(ErrorCode.POINTS_RULES_VERSION_CONFLICT);
      throw error;
    }
  }

  private async currentVersion(): Promise<PointsRuleVersion> {
    const row = await this.ds.getRepository(PointsRuleVersion).findOne({ where: {}, order: { version: 'DESC' } });
    // The initial migration seeds version 1, so this only happens on a broken database.
    if (!row) throw new AppException(ErrorCode.INTERNAL_ERROR, 'points rules missing');
    return row;
  }

  private async toDtos(rows: PointsRuleVersion[]): Promise<PointsRulesVersion[]> {
    const names = await this.operators.refs(rows.map((r) => r.createdByOperatorId));
    return rows.map((r) => ({
      version: r.version,
      rules: JSON.parse(r.rulesJson) as PointsRules,
      createdAt: r.createdAt.toISOString(),
      createdBy:
        r.createdByOperatorId === null
          ? null
          : { operatorId: r.createdByOperatorId, name: names.get(r.createdByOperatorId)?.name ?? '' },
    }));
  }
}

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
