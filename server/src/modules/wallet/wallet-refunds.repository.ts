import { Injectable } from '@nestjs/common';
import type { AdminWalletRefundQuery, WalletRefundStatus } from '@member/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { addBizDays, shanghaiDayStart } from '../../common/clock';
import { execute, hydrate, insertRows, sqlName, sqlValue } from '../../database/raw-sql';
import { TopupOrder } from './entities/topup-order.entity';
import { WalletRefundRow } from './entities/wallet-refund.entity';

type Reader = DataSource | EntityManager;
const manager = (r: Reader): EntityManager => (r instanceof DataSource ? r.manager : r);
const n = (v: unknown) => Number(v ?? 0);

/** A paid top-up order with what WeChat has been asked to refund of it. */
export interface RefundableOrder {
  id: number;
  outTradeNo: string;
  transactionId: string | null;
  payFen: number;
  refundedFen: number;
  paidAt: Date;
  /** Refunds asked of WeChat on it (CLOSED ones count too: WeChat counts every request). */
  refundCount: number;
}

/** What a settled refund records. */
export interface RefundOutcomeFields {
  refundId: string | null;
  at: Date;
  failReason?: string | null;
}

/**
 * The refund statements. Status changes are guarded by the status a refund must be in (a notification and
 * the sync job racing settle once); the order's refunded_fen moves only by guarded increments.
 */
@Injectable()
export class WalletRefundsRepository {
  constructor(private readonly ds: DataSource) {}

  private async rows(reader: Reader, where: string, params: unknown[], tail = ''): Promise<WalletRefundRow[]> {
    const em = manager(reader);
    const found = (await em.query(
      `SELECT * FROM ${sqlName(em, WalletRefundRow)} WHERE ${where} ${tail}`,
      params,
    )) as Record<string, unknown>[];
    return found.map((r) => hydrate(em, WalletRefundRow, r));
  }

  byRequest(memberId: number, requestId: string, reader: Reader = this.ds): Promise<WalletRefundRow[]> {
    return this.rows(reader, 'member_id = ? AND request_id = ?', [memberId, requestId], 'ORDER BY part_no');
  }

  async byOutRefundNo(outRefundNo: string, reader: Reader = this.ds): Promise<WalletRefundRow | null> {
    return (await this.rows(reader, 'out_refund_no = ?', [outRefundNo]))[0] ?? null;
  }

  byMember(memberId: number, limit: number): Promise<WalletRefundRow[]> {
    return this.rows(this.ds, 'member_id = ?', [memberId], `ORDER BY id DESC LIMIT ${Math.floor(limit)}`);
  }

  async insert(em: EntityManager, rows: Partial<WalletRefundRow>[]): Promise<void> {
    await insertRows(em, WalletRefundRow, rows);
  }

  /** The member's paid orders (newest first) with their refund counts: the candidates of a WeChat refund. */
  async paidOrders(memberId: number, limit = 500, reader: Reader = this.ds): Promise<RefundableOrder[]> {
    const em = manager(reader);
    const rows = (await em.query(
      `SELECT o.id, o.out_trade_no, o.transaction_id, o.pay_fen, o.refunded_fen, o.paid_at,
              (SELECT COUNT(*) FROM ${sqlName(em, WalletRefundRow)} r WHERE r.topup_order_id = o.id) AS refund_count
         FROM ${sqlName(em, TopupOrder)} o
        WHERE o.member_id = ? AND o.status IN ('PAID', 'REFUNDED')
        ORDER BY o.paid_at DESC, o.id DESC LIMIT ${Math.floor(limit)}`,
      [memberId],
    )) as Record<string, unknown>[];
    return rows.map((r) => {
      const o = hydrate(em, TopupOrder, r);
      return {
        id: o.id,
        outTradeNo: o.outTradeNo,
        transactionId: o.transactionId,
        payFen: o.payFen,
        refundedFen: o.refundedFen,
        paidAt: o.paidAt!,
        refundCount: n(r.refund_count),
      };
    });
  }

  /** Each order's WeChat transaction id and total (for views, and the total a refund request must name). */
  async ordersByIds(ids: number[]): Promise<Map<number, { transactionId: string | null; payFen: number }>> {
    const unique = [...new Set(ids)];
    if (!unique.length) return new Map();
    const em = this.ds.manager;
    const rows = (await em.query(
      `SELECT id, transaction_id, pay_fen FROM ${sqlName(em, TopupOrder)} WHERE id IN (${unique.map(() => '?').join(', ')})`,
      unique,
    )) as Record<string, unknown>[];
    return new Map(
      rows.map((r) => [
        n(r.id),
        { transactionId: r.transaction_id == null ? null : String(r.transaction_id), payFen: n(r.pay_fen) },
      ]),
    );
  }

  /** refunded_fen += fen unless that passes pay_fen (REFUNDED when it reaches it); false when it would. */
  async addRefunded(em: EntityManager, orderId: number, fen: number, now: Date): Promise<boolean> {
    // status first: MySQL evaluates SET left to right with the new values, SQLite with the old ones.
    return (
      (await execute(
        em,
        `UPDATE ${sqlName(em, TopupOrder)}
            SET status = CASE WHEN refunded_fen + ? >= pay_fen THEN 'REFUNDED' ELSE status END,
                refunded_fen = refunded_fen + ?, updated_at = ?
          WHERE id = ? AND status IN ('PAID', 'REFUNDED') AND refunded_fen + ? <= pay_fen`,
        [fen, fen, sqlValue(em, TopupOrder, 'updatedAt', now), orderId, fen],
      )) === 1
    );
  }

  /** Gives back what a failed refund had counted against the order (REFUNDED → PAID). */
  async giveBackRefunded(em: EntityManager, orderId: number, fen: number, now: Date): Promise<boolean> {
    return (
      (await execute(
        em,
        `UPDATE ${sqlName(em, TopupOrder)}
            SET status = CASE WHEN status = 'REFUNDED' THEN 'PAID' ELSE status END,
                refunded_fen = refunded_fen - ?, updated_at = ?
          WHERE id = ? AND refunded_fen >= ?`,
        [fen, sqlValue(em, TopupOrder, 'updatedAt', now), orderId, fen],
      )) === 1
    );
  }

  /** WeChat accepted it (first answer only): its refund id and when. */
  async markAccepted(outRefundNo: string, refundId: string, now: Date): Promise<void> {
    await this.ds
      .createQueryBuilder()
      .update(WalletRefundRow)
      .set({ refundId, acceptedAt: now, updatedAt: now })
      .where('outRefundNo = :outRefundNo AND acceptedAt IS NULL', { outRefundNo })
      .execute();
  }

  /**
   * from → to, once; false when the refund is not (or no longer) in one of `from`. SUCCESS records its
   * time, CLOSED its time and why.
   */
  async transition(
    em: EntityManager,
    id: number,
    from: WalletRefundStatus[],
    to: WalletRefundStatus,
    outcome: RefundOutcomeFields,
  ): Promise<boolean> {
    const at = sqlValue(em, WalletRefundRow, 'updatedAt', outcome.at);
    const sets = ['status = ?', 'updated_at = ?', 'refund_id = COALESCE(refund_id, ?)'];
    const params: unknown[] = [to, at, outcome.refundId];
    const set = (sql: string, value: unknown) => {
      sets.push(sql);
      params.push(value);
    };
    if (to === 'SUCCESS') set('success_at = ?', at);
    if (to === 'CLOSED') set('closed_at = ?', at);
    if (outcome.failReason) set('fail_reason = ?', outcome.failReason.slice(0, 200));
    return (
      (await execute(
        em,
        `UPDATE ${sqlName(em, WalletRefundRow)} SET ${sets.join(', ')}
          WHERE id = ? AND status IN (${from.map(() => '?').join(', ')})`,
        [...params, id, ...from],
      )) === 1
    );
  }

  /** Refunds still PROCESSING at WeChat asked before `before`, oldest first: the ones to ask about. */
  processingBefore(before: Date, limit: number): Promise<WalletRefundRow[]> {
    const em = this.ds.manager;
    return this.rows(
      em,
      `status = 'PROCESSING' AND off_platform = ? AND created_at < ?`,
      [sqlValue(em, WalletRefundRow, 'offPlatform', false), sqlValue(em, WalletRefundRow, 'createdAt', before)],
      `ORDER BY created_at, id LIMIT ${Math.floor(limit)}`,
    );
  }

  /** The console's list: filters as AdminWalletRefundQuery says (memberId already resolved), newest first. */
  async page(
    query: AdminWalletRefundQuery & { memberId?: number },
    skip: number,
    take: number,
  ): Promise<[WalletRefundRow[], number]> {
    const qb = this.ds.getRepository(WalletRefundRow).createQueryBuilder('r');
    if (query.status) qb.andWhere('r.status = :status', { status: query.status });
    if (query.memberId) qb.andWhere('r.memberId = :memberId', { memberId: query.memberId });
    if (query.from) qb.andWhere('r.createdAt >= :from', { from: shanghaiDayStart(query.from) });
    if (query.to) qb.andWhere('r.createdAt < :to', { to: shanghaiDayStart(addBizDays(query.to, 1)) });
    return qb.orderBy('r.id', 'DESC').skip(skip).take(take).getManyAndCount();
  }
}
