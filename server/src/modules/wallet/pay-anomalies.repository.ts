import { Injectable } from '@nestjs/common';
import type { PayAnomalyKind, PayAnomalyStatus } from '@member/shared';
import { DataSource, In, type EntityManager } from 'typeorm';
import { execute, insertStatement } from '../../database/raw-sql';
import { PayAnomalyRow } from './entities/pay-anomaly.entity';

export interface NewAnomaly {
  kind: PayAnomalyKind;
  outTradeNo: string;
  transactionId: string | null;
  /** Defaults to the transaction id ('' when none): WeChat's retries of one notification flag once. */
  transactionKey?: string;
  expectedFen: number | null;
  reportedFen: number | null;
  credited: boolean;
  memberId: number | null;
  detail: Record<string, unknown>;
}

/** Payments flagged for operators. A flag is written once per (kind, order, transaction): INSERT … IGNORE. */
@Injectable()
export class PayAnomaliesRepository {
  constructor(private readonly ds: DataSource) {}

  /** Records the flag unless it is already there; true when this call wrote it. */
  async flag(em: EntityManager, a: NewAnomaly, now: Date): Promise<boolean> {
    const { sql, params } = insertStatement(em, PayAnomalyRow, [
      {
        kind: a.kind,
        outTradeNo: a.outTradeNo,
        transactionId: a.transactionId,
        transactionKey: a.transactionKey ?? a.transactionId ?? '',
        expectedFen: a.expectedFen,
        reportedFen: a.reportedFen,
        credited: a.credited,
        memberId: a.memberId,
        status: 'OPEN',
        resolution: null,
        resolvedBy: null,
        detailJson: JSON.stringify(a.detail).slice(0, 2000),
        createdAt: now,
        resolvedAt: null,
      },
    ]);
    const ignore = em.connection.options.type === 'better-sqlite3' ? 'INSERT OR IGNORE' : 'INSERT IGNORE';
    return (await execute(em, sql.replace(/^INSERT/, ignore), params)) === 1;
  }

  async page(status: PayAnomalyStatus | undefined, page: number, pageSize: number) {
    return this.ds.getRepository(PayAnomalyRow).findAndCount({
      where: status ? { status } : {},
      order: { id: 'DESC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
  }

  byId(id: number): Promise<PayAnomalyRow | null> {
    return this.ds.getRepository(PayAnomalyRow).findOneBy({ id });
  }

  /** OPEN → RESOLVED once; false when it was already resolved. */
  async resolve(em: EntityManager, id: number, resolution: string, operatorId: number, now: Date): Promise<boolean> {
    const result = await em
      .createQueryBuilder()
      .update(PayAnomalyRow)
      .set({ status: 'RESOLVED', resolution, resolvedBy: operatorId, resolvedAt: now })
      .where("id = :id AND status = 'OPEN'", { id })
      .execute();
    return result.affected === 1;
  }

  /** The newest open flag of each of these orders. */
  async openKinds(outTradeNos: string[]): Promise<Map<string, PayAnomalyKind>> {
    if (!outTradeNos.length) return new Map();
    const rows = await this.ds.getRepository(PayAnomalyRow).find({
      select: { id: true, outTradeNo: true, kind: true },
      where: { outTradeNo: In([...new Set(outTradeNos)]), status: 'OPEN' },
      order: { id: 'ASC' },
    });
    return new Map(rows.map((r) => [r.outTradeNo, r.kind]));
  }

  countOpen(): Promise<number> {
    return this.ds.getRepository(PayAnomalyRow).countBy({ status: 'OPEN' });
  }
}
