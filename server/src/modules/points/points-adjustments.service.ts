import { Injectable } from '@nestjs/common';
import {
  ActorType,
  AuditAction,
  ErrorCode,
  expiryFor,
  POINTS_ADJUSTMENT_REASON_LABELS,
  type CreatePointsAdjustmentRequest,
  type Page,
  type PointsAdjustment,
  type PointsAdjustmentQuery,
  type PointsAdjustmentQuota,
} from '@member/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { AppException } from '../../common/app-exception';
import { Clock } from '../../common/clock';
import { IdempotencyService, idempotencyScope } from '../../common/idempotency/idempotency.service';
import { AppConfig } from '../../config/app-config';
import { TransactionRunner } from '../../database/transaction-runner';
import { LedgerService } from '../../ledger/ledger.service';
import { AuditService, operatorActor } from '../audit/audit.service';
import type { OperatorPrincipal } from '../auth/token.service';
import { PointsRulesService } from './points-rules.service';
import { AdjustmentQuota } from './entities/adjustment-quota.entity';
import { PointsAdjustmentRow } from './entities/points-adjustment.entity';
import { MemberDirectory, unknownMember } from '../members/member-directory';
import { OperatorDirectory } from '../operators/operator-directory';
import { MemberScope } from '../members/member-scope';

export const ADJUSTMENT_BIZ_TYPE = 'adjustment';
const ADJUSTMENT_OPERATION = 'points-adjustment';
// An approver created by the requester within this window does not count as a second operator.
const INDEPENDENCE_MS = 24 * 3_600_000;

/**
 * Operators' manual points changes. Each request first takes its |delta| from the operator's daily quota
 * (guarded update), then either posts to the ledger at once or, once the operator's unapproved points of the
 * day would pass the approval threshold, waits for a different operator (not one the requester created in
 * the last 24 h). Deciding flips the status with a guarded update, so two approvers never both post;
 * the ledger key (adjustment id) would refuse a second posting anyway.
 */
@Injectable()
export class PointsAdjustmentsService {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: TransactionRunner,
    private readonly idempotency: IdempotencyService,
    private readonly ledger: LedgerService,
    private readonly rules: PointsRulesService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly members: MemberDirectory,
    private readonly operators: OperatorDirectory,
    private readonly scope: MemberScope,
  ) {}

  async request(
    op: OperatorPrincipal,
    memberId: number,
    input: CreatePointsAdjustmentRequest,
  ): Promise<PointsAdjustment> {
    await this.members.assertExists(memberId);
    const { body } = await this.idempotency.run(
      {
        scope: idempotencyScope.operator(op.operatorId),
        operation: ADJUSTMENT_OPERATION,
        key: input.requestId,
        request: { memberId, delta: input.delta, reasonCode: input.reasonCode, note: input.note },
      },
      (em) => this.record(em, op, memberId, input),
    );
    return body;
  }

  private async record(
    em: EntityManager,
    op: OperatorPrincipal,
    memberId: number,
    input: CreatePointsAdjustmentRequest,
  ): Promise<PointsAdjustment> {
    const amount = Math.abs(input.delta);
    const { adjustmentDailyLimit: limit, adjustmentApprovalThreshold: threshold } = this.config.loyalty;
    const now = this.clock.now();
    const businessDate = this.clock.today();
    await takeQuota(em, op.operatorId, businessDate, amount, limit);
    // The threshold counts the operator's whole day, atomically: only what still fits applies unapproved.
    const needsApproval = !(await takeUnapproved(em, op.operatorId, businessDate, amount, threshold));
    const { identifiers } = await em.insert(PointsAdjustmentRow, {
      memberId,
      delta: input.delta,
      reasonCode: input.reasonCode,
      note: input.note,
      // Below the threshold it is decided at once (by nobody else): applied in this same transaction.
      status: needsApproval ? 'pending' : 'applied',
      decidedAt: needsApproval ? null : now,
      requestId: input.requestId,
      requestedBy: op.operatorId,
      businessDate,
      requestedAt: now,
    });
    const id = identifiers[0]!.id as number;
    const row = await em.findOneByOrFail(PointsAdjustmentRow, { id });
    await this.audit.record(
      operatorActor(op),
      {
        action: AuditAction.PointsAdjustmentRequested,
        targetType: 'member',
        targetId: memberId,
        after: { adjustmentId: row.id, delta: row.delta, reasonCode: row.reasonCode, needsApproval },
        reason: input.note,
      },
      em,
    );
    if (!needsApproval) await this.apply(em, row, op, null);
    // The answer a retry of this request gets back, read inside the transaction that wrote it.
    return (await this.toViews([await em.findOneByOrFail(PointsAdjustmentRow, { id })], em))[0]!;
  }

  async approve(op: OperatorPrincipal, id: number, note: string | undefined): Promise<PointsAdjustment> {
    await this.tx.run(async (em) => {
      const row = await this.decide(em, op, id, 'applied', note ?? null);
      await this.apply(em, row, op, note ?? null);
    });
    return this.get(id);
  }

  async reject(op: OperatorPrincipal, id: number, note: string): Promise<PointsAdjustment> {
    await this.tx.run(async (em) => {
      const row = await this.decide(em, op, id, 'rejected', note);
      // The requester gets the quota back on the day it was taken from.
      await em
        .createQueryBuilder()
        .update(AdjustmentQuota)
        .set({ used: () => 'used - :n' })
        .where('operatorId = :op AND businessDate = :d AND used >= :n', {
          op: row.requestedBy,
          d: row.businessDate,
          n: Math.abs(row.delta),
        })
        .execute();
      await this.audit.record(
        operatorActor(op),
        {
          action: AuditAction.PointsAdjustmentRejected,
          targetType: 'member',
          targetId: row.memberId,
          after: { adjustmentId: row.id, delta: row.delta },
          reason: note,
        },
        em,
      );
    });
    return this.get(id);
  }

  async list(query: PointsAdjustmentQuery, op?: OperatorPrincipal): Promise<Page<PointsAdjustment>> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const qb = this.ds.getRepository(PointsAdjustmentRow).createQueryBuilder('a');
    if (query.status) qb.andWhere('a.status = :status', { status: query.status });
    if (query.memberId) qb.andWhere('a.memberId = :memberId', { memberId: query.memberId });
    // A store manager sees adjustments of the members their store served only.
    if (op) this.scope.restrict(qb, op, 'a.member_id');
    if (this.scope.aggregateOnly(op)) return { items: [], total: await qb.getCount(), page, pageSize };
    const [rows, total] = await qb
      .orderBy('a.id', 'DESC')
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    return { items: await this.toViews(rows), total, page, pageSize };
  }

  async quota(op: OperatorPrincipal): Promise<PointsAdjustmentQuota> {
    const date = this.clock.today();
    const row = await this.ds
      .getRepository(AdjustmentQuota)
      .findOneBy({ operatorId: op.operatorId, businessDate: date });
    const { adjustmentDailyLimit: dailyLimit, adjustmentApprovalThreshold: approvalThreshold } = this.config.loyalty;
    const used = row?.used ?? 0;
    return {
      date,
      dailyLimit,
      used,
      remaining: Math.max(0, dailyLimit - used),
      approvalThreshold,
      unapprovedRemaining: Math.max(0, approvalThreshold - (row?.unapproved ?? 0)),
    };
  }

  async get(id: number): Promise<PointsAdjustment> {
    const row = await this.ds.getRepository(PointsAdjustmentRow).findOneBy({ id });
    if (!row) throw new AppException(ErrorCode.ADJUSTMENT_NOT_FOUND);
    return (await this.toViews([row]))[0]!;
  }

  /** Checks who may decide, then flips pending → status; the guard makes concurrent deciders lose cleanly. */
  private async decide(
    em: EntityManager,
    op: OperatorPrincipal,
    id: number,
    status: 'applied' | 'rejected',
    note: string | null,
  ): Promise<PointsAdjustmentRow> {
    const row = await em.findOneBy(PointsAdjustmentRow, { id });
    if (!row) throw new AppException(ErrorCode.ADJUSTMENT_NOT_FOUND);
    if (row.status !== 'pending') throw new AppException(ErrorCode.ADJUSTMENT_ALREADY_DECIDED);
    if (row.requestedBy === op.operatorId) throw new AppException(ErrorCode.ADJUSTMENT_SELF_APPROVAL);
    const now = this.clock.now();
    // Nor through an account the requester just created: a second pair of eyes must be someone else's.
    const origin = await this.operators.origin(op.operatorId, em);
    if (origin?.createdBy === row.requestedBy && origin.createdAt.getTime() > now.getTime() - INDEPENDENCE_MS) {
      throw new AppException(ErrorCode.ADJUSTMENT_APPROVER_NOT_INDEPENDENT);
    }
    const flipped = await em
      .createQueryBuilder()
      .update(PointsAdjustmentRow)
      .set({ status, decidedBy: op.operatorId, decidedAt: now, decisionNote: note })
      .where('id = :id AND status = :pending', { id, pending: 'pending' })
      .execute();
    if (flipped.affected !== 1) throw new AppException(ErrorCode.ADJUSTMENT_ALREADY_DECIDED);
    return { ...row, status, decidedBy: op.operatorId, decidedAt: now, decisionNote: note };
  }

  /** Posts the adjustment to the member's points and records the result on the row. */
  private async apply(
    em: EntityManager,
    row: PointsAdjustmentRow,
    op: OperatorPrincipal,
    note: string | null,
  ): Promise<void> {
    const now = this.clock.now();
    const account = await this.ledger.openAccount(em, row.memberId, 'POINTS');
    const posting = {
      accountId: account.id,
      amount: Math.abs(row.delta),
      bizType: ADJUSTMENT_BIZ_TYPE,
      bizId: String(row.id),
      reason: `积分调整（${POINTS_ADJUSTMENT_REASON_LABELS[row.reasonCode]}）`,
      actor: { type: ActorType.Operator, id: op.operatorId },
    };
    let entry;
    if (row.delta > 0) {
      entry = await this.ledger.credit(em, { ...posting, expiresAt: expiryFor(await this.rules.currentRules(), now) });
    } else {
      try {
        entry = await this.ledger.debit(em, posting);
      } catch (error) {
        if (error instanceof AppException && error.code === ErrorCode.LEDGER_INSUFFICIENT_BALANCE) {
          throw new AppException(ErrorCode.ADJUSTMENT_INSUFFICIENT_POINTS);
        }
        throw error;
      }
    }
    await em.update(PointsAdjustmentRow, { id: row.id }, { ledgerEntryId: entry.id, balanceAfter: entry.balanceNow });
    await this.audit.record(
      operatorActor(op),
      {
        action: AuditAction.PointsAdjustmentApplied,
        targetType: 'member',
        targetId: row.memberId,
        before: { balance: entry.balanceAfter - row.delta },
        after: { adjustmentId: row.id, delta: row.delta, balance: entry.balanceNow, settledDebt: entry.settledDebt },
        reason: note ?? row.note,
      },
      em,
    );
  }

  private async toViews(
    rows: PointsAdjustmentRow[],
    reader: DataSource | EntityManager = this.ds,
  ): Promise<PointsAdjustment[]> {
    const members = await this.members.refs(
      rows.map((r) => r.memberId),
      reader,
    );
    const operators = await this.operators.refs(
      rows.flatMap((r) => [r.requestedBy, r.decidedBy]),
      reader,
    );
    const opRef = (id: number) => operators.get(id) ?? { operatorId: id, name: `#${id}` };
    return rows.map((r) => ({
      id: r.id,
      member: members.get(r.memberId) ?? unknownMember(r.memberId),
      delta: r.delta,
      reasonCode: r.reasonCode,
      note: r.note,
      status: r.status,
      requestedBy: opRef(r.requestedBy),
      requestedAt: r.requestedAt.toISOString(),
      decidedBy: r.decidedBy === null ? null : opRef(r.decidedBy),
      decidedAt: r.decidedAt?.toISOString() ?? null,
      decisionNote: r.decisionNote,
      balanceAfter: r.balanceAfter,
    }));
  }
}

/** Adds `amount` to the operator's usage of the day unless that would pass the limit (guarded update). */
async function takeQuota(em: EntityManager, operatorId: number, date: string, amount: number, limit: number) {
  const bump = () =>
    em
      .createQueryBuilder()
      .update(AdjustmentQuota)
      .set({ used: () => 'used + :n' })
      .where('operatorId = :operatorId AND businessDate = :date AND used + :n <= :limit', {
        operatorId,
        date,
        n: amount,
        limit,
      })
      .execute();
  if ((await bump()).affected === 1) return;
  // First adjustment of the day (or over the limit): make sure the row exists, then try once more.
  await em
    .createQueryBuilder()
    .insert()
    .into(AdjustmentQuota)
    .values({ operatorId, businessDate: date, used: 0 })
    .orIgnore()
    .execute();
  if ((await bump()).affected !== 1) throw new AppException(ErrorCode.ADJUSTMENT_DAILY_LIMIT);
}

/** Adds `amount` to what the operator applied unapproved today if it stays within the threshold. */
async function takeUnapproved(em: EntityManager, operatorId: number, date: string, amount: number, threshold: number) {
  const result = await em
    .createQueryBuilder()
    .update(AdjustmentQuota)
    .set({ unapproved: () => 'unapproved + :n' })
    .where('operatorId = :operatorId AND businessDate = :date AND unapproved + :n <= :threshold', {
      operatorId,
      date,
      n: amount,
      threshold,
    })
    .execute();
  return result.affected === 1;
}
