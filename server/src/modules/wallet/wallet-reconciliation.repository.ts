import { Injectable } from '@nestjs/common';
import type { ReconItemQuery, ReconRun as ReconRunView, ReconRunQuery } from '@member/shared';
import { DataSource, In, type EntityManager } from 'typeorm';
import { execute, insertRows, sqlName, sqlValue } from '../../database/raw-sql';
import { TransactionRunner } from '../../database/transaction-runner';
import { ReconItem } from './entities/recon-item.entity';
import { ReconRun } from './entities/recon-run.entity';
import { TopupOrder } from './entities/topup-order.entity';

/** A run left RUNNING this long is taken to have died with its node: another may claim the date. */
const STALE_RUN_MS = 15 * 60_000;
const ITEM_BATCH = 500;

/** Our side of one top-up as reconciliation compares it. */
export interface OrderSide {
  id: number;
  outTradeNo: string;
  transactionId: string | null;
  payFen: number;
  memberId: number;
  status: string;
}

/** Our side of one principal refund through WeChat Pay. */
export interface RefundSide {
  outRefundNo: string;
  outTradeNo: string;
  principalFen: number;
  memberId: number;
  status: string;
}

export type NewReconItem = Omit<ReconItem, 'id' | 'runId'>;

/** What finishing a run writes: the run as the console reads it, less what was set when it started. */
export type RunTotals = Omit<ReconRunView, 'id' | 'billDate' | 'triggeredBy' | 'startedAt' | 'finishedAt'>;

const refundSide = (r: Record<string, unknown>): RefundSide => ({
  outRefundNo: String(r.out_refund_no),
  outTradeNo: String(r.out_trade_no),
  principalFen: Number(r.principal_fen),
  memberId: Number(r.member_id),
  status: String(r.status),
});

const orderSide = (r: Record<string, unknown>): OrderSide => ({
  id: Number(r.id),
  outTradeNo: String(r.out_trade_no),
  transactionId: (r.transaction_id as string | null) ?? null,
  payFen: Number(r.pay_fen),
  memberId: Number(r.member_id),
  status: String(r.status),
});

/** Reconciliation runs and lines, and the reads of our orders they compare against. */
@Injectable()
export class WalletReconciliationRepository {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: TransactionRunner,
  ) {}

  /**
   * Claims the bill date for a run: a new row, or the existing one unless a live run holds it (guarded
   * update). Answers the run id, or null when another run of that date is in progress.
   */
  claim(billDate: string, by: { triggeredBy: 'JOB' | 'OPERATOR'; operatorId: number | null }, now: Date) {
    return this.tx.run((em) => this.claimIn(em, billDate, by, now));
  }

  private async claimIn(
    em: EntityManager,
    billDate: string,
    by: { triggeredBy: 'JOB' | 'OPERATOR'; operatorId: number | null },
    now: Date,
  ): Promise<number | null> {
    const t = sqlName(em, ReconRun);
    const at = (d: Date) => sqlValue(em, ReconRun, 'startedAt', d);
    const ignore = em.connection.options.type === 'better-sqlite3' ? 'INSERT OR IGNORE' : 'INSERT IGNORE';
    const inserted = await execute(
      em,
      `${ignore} INTO ${t} (bill_date, status, no_statement, triggered_by, operator_id, started_at, finished_at)
       VALUES (?, 'RUNNING', ?, ?, ?, ?, NULL)`,
      [billDate, sqlValue(em, ReconRun, 'noStatement', false), by.triggeredBy, by.operatorId, at(now)],
    );
    if (inserted !== 1) {
      const claimed = await execute(
        em,
        `UPDATE ${t} SET status = 'RUNNING', triggered_by = ?, operator_id = ?, started_at = ?, finished_at = NULL
          WHERE bill_date = ? AND (status <> 'RUNNING' OR started_at < ?)`,
        [by.triggeredBy, by.operatorId, at(now), billDate, at(new Date(now.getTime() - STALE_RUN_MS))],
      );
      if (claimed !== 1) return null;
    }
    const [row] = (await em.query(`SELECT id FROM ${t} WHERE bill_date = ?`, [billDate])) as { id: number }[];
    return Number(row.id);
  }

  runByDate(billDate: string): Promise<ReconRun | null> {
    return this.ds.getRepository(ReconRun).findOneBy({ billDate });
  }

  runById(id: number): Promise<ReconRun | null> {
    return this.ds.getRepository(ReconRun).findOneBy({ id });
  }

  runs(query: ReconRunQuery, page: number, pageSize: number): Promise<[ReconRun[], number]> {
    return this.ds.getRepository(ReconRun).findAndCount({
      where: query.status ? { status: query.status } : {},
      order: { billDate: 'DESC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
  }

  items(runId: number, query: ReconItemQuery, page: number, pageSize: number): Promise<[ReconItem[], number]> {
    return this.ds.getRepository(ReconItem).findAndCount({
      where: {
        runId,
        ...(query.status ? { status: query.status } : {}),
        ...(query.outTradeNo ? { outTradeNo: query.outTradeNo } : {}),
      },
      // Lines that need an eye first, then by trade time.
      order: { status: 'ASC', tradeTime: 'ASC', id: 'ASC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
  }

  /**
   * Our top-ups paid within [dayStart, dayEnd). Orders are paid within their expiry (≤ 2 h) of creation,
   * so the created_at range (a day's margin) keeps this on idx_topup_order_status_created.
   */
  async paidBetween(dayStart: Date, dayEnd: Date): Promise<OrderSide[]> {
    const em = this.ds.manager;
    const at = (d: Date) => sqlValue(em, TopupOrder, 'paidAt', d);
    const rows = (await em.query(
      `SELECT id, out_trade_no, transaction_id, pay_fen, member_id, status FROM ${sqlName(em, TopupOrder)}
        WHERE status NOT IN ('NOTPAY', 'CLOSED') AND created_at >= ? AND created_at < ?
          AND paid_at >= ? AND paid_at < ?`,
      [at(new Date(dayStart.getTime() - 86_400_000)), at(dayEnd), at(dayStart), at(dayEnd)],
    )) as Record<string, unknown>[];
    return rows.map(orderSide);
  }

  /** Principal refunds through WeChat Pay (not off-platform) that WeChat accepted within [dayStart, dayEnd). */
  async refundsAcceptedBetween(dayStart: Date, dayEnd: Date): Promise<RefundSide[]> {
    const em = this.ds.manager;
    const at = (d: Date) => sqlValue(em, TopupOrder, 'paidAt', d);
    const rows = (await em.query(
      `SELECT out_refund_no, out_trade_no, principal_fen, member_id, status FROM wallet_refund
        WHERE off_platform = 0 AND accepted_at >= ? AND accepted_at < ?`,
      [at(dayStart), at(dayEnd)],
    )) as Record<string, unknown>[];
    return rows.map(refundSide);
  }

  async refundsByOutRefundNo(outRefundNos: string[]): Promise<Map<string, RefundSide>> {
    const em = this.ds.manager;
    const found = new Map<string, RefundSide>();
    for (let i = 0; i < outRefundNos.length; i += ITEM_BATCH) {
      const batch = outRefundNos.slice(i, i + ITEM_BATCH);
      const rows = (await em.query(
        `SELECT out_refund_no, out_trade_no, principal_fen, member_id, status FROM wallet_refund
          WHERE out_refund_no IN (${batch.map(() => '?').join(', ')})`,
        batch,
      )) as Record<string, unknown>[];
      for (const r of rows.map(refundSide)) found.set(r.outRefundNo, r);
    }
    return found;
  }

  async ordersByOutTradeNo(outTradeNos: string[]): Promise<Map<string, OrderSide>> {
    const found = new Map<string, OrderSide>();
    for (let i = 0; i < outTradeNos.length; i += ITEM_BATCH) {
      const rows = await this.ds.getRepository(TopupOrder).find({
        select: { id: true, outTradeNo: true, transactionId: true, payFen: true, memberId: true, status: true },
        where: { outTradeNo: In(outTradeNos.slice(i, i + ITEM_BATCH)) },
      });
      for (const r of rows) found.set(r.outTradeNo, { ...r });
    }
    return found;
  }

  /** Replaces the run's lines and records its totals, in one transaction. */
  async finish(runId: number, totals: RunTotals, items: NewReconItem[], now: Date): Promise<void> {
    await this.tx.run(async (em) => {
      await execute(em, `DELETE FROM ${sqlName(em, ReconItem)} WHERE run_id = ?`, [runId]);
      for (let i = 0; i < items.length; i += ITEM_BATCH) {
        await insertRows(
          em,
          ReconItem,
          items.slice(i, i + ITEM_BATCH).map((item) => ({ ...item, runId })),
        );
      }
      await em.update(ReconRun, { id: runId }, { ...totals, finishedAt: now });
    });
  }
}
