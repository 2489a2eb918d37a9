import { Injectable } from '@nestjs/common';
import { AuditAction, ErrorCode, type Page, type PayAnomaly, type PayAnomalyStatus } from '@member/shared';
import { AppException } from '../../common/app-exception';
import { Clock } from '../../common/clock';
import { TransactionRunner } from '../../database/transaction-runner';
import { AuditService, operatorActor } from '../audit/audit.service';
import type { OperatorPrincipal } from '../auth/token.service';
import { MemberDirectory } from '../members/member-directory';
import type { PayAnomalyRow } from './entities/pay-anomaly.entity';
import { PayAnomaliesRepository } from './pay-anomalies.repository';
import { anomalyView } from './wallet-views';

/** Payments flagged for operators, and their resolution (once, audited). */
@Injectable()
export class PayAnomaliesService {
  constructor(
    private readonly clock: Clock,
    private readonly tx: TransactionRunner,
    private readonly repo: PayAnomaliesRepository,
    private readonly members: MemberDirectory,
    private readonly audit: AuditService,
  ) {}

  async list(query: { status?: PayAnomalyStatus; page?: number; pageSize?: number }): Promise<Page<PayAnomaly>> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const [rows, total] = await this.repo.page(query.status, page, pageSize);
    return { items: await this.views(rows), total, page, pageSize };
  }

  async resolve(id: number, resolution: string, op: OperatorPrincipal): Promise<PayAnomaly> {
    const before = await this.repo.byId(id);
    if (!before) throw new AppException(ErrorCode.PAY_ANOMALY_NOT_FOUND);
    await this.tx.run(async (em) => {
      if (!(await this.repo.resolve(em, id, resolution.trim(), op.operatorId, this.clock.now())))
        throw new AppException(ErrorCode.PAY_ANOMALY_RESOLVED);
      await this.audit.record(
        operatorActor(op),
        {
          action: AuditAction.PayAnomalyResolved,
          targetType: 'pay_anomaly',
          targetId: id,
          before: { status: before.status, kind: before.kind, outTradeNo: before.outTradeNo },
          after: { status: 'RESOLVED' },
          reason: resolution.trim(),
        },
        em,
      );
    });
    return (await this.views([(await this.repo.byId(id))!]))[0];
  }

  private async views(rows: PayAnomalyRow[]): Promise<PayAnomaly[]> {
    const refs = await this.members.refs(rows.map((r) => r.memberId).filter((m): m is number => m !== null));
    return rows.map((r) => anomalyView(r, r.memberId === null ? null : (refs.get(r.memberId)?.memberNo ?? null)));
  }
}
