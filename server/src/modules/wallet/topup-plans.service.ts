import { Injectable } from '@nestjs/common';
import {
  AuditAction,
  ErrorCode,
  type TopupPlan as TopupPlanView,
  type TopupPlanInput,
  type TopupPlanPatch,
  type TopupPlanStatus,
} from '@member/shared';
import { AppException } from '../../common/app-exception';
import { Clock } from '../../common/clock';
import { TransactionRunner } from '../../database/transaction-runner';
import { AuditService, operatorActor } from '../audit/audit.service';
import type { OperatorPrincipal } from '../auth/token.service';
import type { TopupPlan } from './entities/topup-plan.entity';
import { TopupPlanCouponsService } from './topup-plan-coupons.service';
import { TopupPlansRepository } from './topup-plans.repository';
import { planView } from './wallet-views';

/** Which status a plan may move to from each (ENDED is final; a paused plan may come back). */
const MOVES: Record<TopupPlanStatus, TopupPlanStatus[]> = {
  DRAFT: ['ACTIVE', 'ENDED'],
  ACTIVE: ['PAUSED', 'ENDED'],
  PAUSED: ['ACTIVE', 'ENDED'],
  ENDED: [],
};

const toDate = (v: string | null | undefined) => (v ? new Date(v) : null);

/** The plan's columns from an input, after checking what the DTO cannot (the window's order). */
function planColumns(input: TopupPlanInput) {
  const startsAt = toDate(input.startsAt);
  const endsAt = toDate(input.endsAt);
  if (startsAt && endsAt && endsAt.getTime() <= startsAt.getTime())
    throw new AppException(ErrorCode.VALIDATION_FAILED, '结束时间须晚于开始时间');
  return {
    name: input.name.trim(),
    payFen: input.payFen,
    bonusFen: input.bonusFen,
    startsAt,
    endsAt,
    perMemberLimit: input.perMemberLimit ?? null,
    sortOrder: input.sortOrder,
  };
}

/** Operators' top-up plans (充 ¥X 送 ¥Y): created as drafts, edited under a version check, audited. */
@Injectable()
export class TopupPlansService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly repo: TopupPlansRepository,
    private readonly audit: AuditService,
    private readonly planCoupons: TopupPlanCouponsService,
  ) {}

  async list(): Promise<TopupPlanView[]> {
    return (await this.repo.all()).map(planView);
  }

  create(input: TopupPlanInput, op: OperatorPrincipal): Promise<TopupPlanView> {
    const columns = planColumns(input);
    return this.tx.run(async (em) => {
      const now = this.clock.now();
      const id = await this.repo.insert(em, {
        ...columns,
        couponTemplateIds: await this.planCoupons.column(em, input.couponTemplateIds ?? []),
        status: 'DRAFT',
        paidCount: 0,
        version: 0,
        createdAt: now,
        updatedAt: now,
      });
      const after = planView(await this.find(id, em));
      await this.audit.record(
        operatorActor(op),
        { action: AuditAction.TopupPlanCreated, targetType: 'topup_plan', targetId: id, after },
        em,
      );
      return after;
    });
  }

  update(id: number, patch: TopupPlanPatch, op: OperatorPrincipal): Promise<TopupPlanView> {
    return this.tx.run(async (em) => {
      const current = await this.find(id, em);
      if (current.status === 'ENDED')
        throw new AppException(ErrorCode.WALLET_PLAN_STATUS_INVALID, '已结束的方案不能修改');
      const before = planView(current);
      const { version, ...fields } = patch;
      // Only the sent fields replace the stored ones (the DTO has every declared field, undefined when absent).
      const sent = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
      const columns = planColumns({ ...before, ...sent } as TopupPlanInput);
      // Only a sent list is checked: templates attached earlier may have ended since, and still show.
      if (patch.couponTemplateIds !== undefined)
        Object.assign(columns, { couponTemplateIds: await this.planCoupons.column(em, patch.couponTemplateIds) });
      if (!(await this.repo.update(em, id, version, columns, this.clock.now())))
        throw new AppException(ErrorCode.WALLET_PLAN_VERSION_CONFLICT);
      const after = planView(await this.find(id, em));
      await this.audit.record(
        operatorActor(op),
        { action: AuditAction.TopupPlanUpdated, targetType: 'topup_plan', targetId: id, before, after },
        em,
      );
      return after;
    });
  }

  setStatus(id: number, status: TopupPlanStatus, op: OperatorPrincipal): Promise<TopupPlanView> {
    return this.tx.run(async (em) => {
      const current = await this.find(id, em);
      if (!MOVES[current.status].includes(status)) throw new AppException(ErrorCode.WALLET_PLAN_STATUS_INVALID);
      if (!(await this.repo.setStatus(em, id, current.status, status, this.clock.now())))
        throw new AppException(ErrorCode.WALLET_PLAN_VERSION_CONFLICT);
      await this.audit.record(
        operatorActor(op),
        {
          action: AuditAction.TopupPlanStatusChanged,
          targetType: 'topup_plan',
          targetId: id,
          before: { status: current.status },
          after: { status },
        },
        em,
      );
      return planView(await this.find(id, em));
    });
  }

  private async find(id: number, em: Parameters<TopupPlansRepository['byId']>[1]): Promise<TopupPlan> {
    const plan = await this.repo.byId(id, em);
    if (!plan) throw new AppException(ErrorCode.WALLET_PLAN_NOT_FOUND);
    return plan;
  }
}
