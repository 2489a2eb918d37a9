import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, type EntityTarget, type ObjectLiteral } from 'typeorm';
import { execute, hydrate, sqlName, sqlValue } from '../../database/raw-sql';
import { TransactionRunner } from '../../database/transaction-runner';
import type { PayOrderRow, PayOrderTable, PayRefundState, PayRefundTable, RefundRecord } from './payment-owner';

type Reader = DataSource | EntityManager;

/** The outcome a refund's attempt settles to, with WeChat's refund id and why it failed. */
export interface RefundSettled {
  refundId: string | null;
  at: Date;
  failReason?: string | null;
}

/**
 * The WeChat Pay order and refund statements every owner shares, over the owner's own table (PayOrderTable,
 * PayRefundTable name it). Every move is guarded by the state it leaves — `status = <pending>` for an order,
 * the refund's status and attempt for a refund — so a notification, its duplicates, the sync job's query and
 * close, a cancellation and an operator's 重新退款 racing on one row change it once.
 */
@Injectable()
export class PayRowsRepository {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: TransactionRunner,
  ) {}

  order<O extends PayOrderRow>(t: PayOrderTable<O>, outTradeNo: string, reader: Reader = this.ds): Promise<O | null> {
    return this.one(reader, t.entity, `out_trade_no = ?`, [outTradeNo]);
  }

  orderById<O extends PayOrderRow>(em: EntityManager, t: PayOrderTable<O>, id: number): Promise<O | null> {
    return this.one(em, t.entity, `id = ?`, [id]);
  }

  async setPrepayId<O extends PayOrderRow>(t: PayOrderTable<O>, id: number, prepayId: string, now: Date) {
    await this.tx.run((em) =>
      execute(em, `UPDATE ${sqlName(em, t.entity)} SET prepay_id = ?, updated_at = ? WHERE id = ?`, [
        prepayId,
        sqlValue(em, t.entity, 'updatedAt', now),
        id,
      ]),
    );
  }

  /** pending → the caller's columns (status and what goes with it); true when this call moved it. */
  async fromPending<O extends PayOrderRow>(
    em: EntityManager,
    t: PayOrderTable<O>,
    id: number,
    set: Partial<Record<keyof O & string, unknown>>,
    now: Date,
  ): Promise<boolean> {
    const keys = Object.keys(set) as (keyof O & string)[];
    const assignments = keys.map((k) => `${sqlName(em, t.entity, k)} = ?`).join(', ');
    return (
      (await execute(
        em,
        `UPDATE ${sqlName(em, t.entity)} SET ${assignments}, updated_at = ? WHERE id = ? AND status = ?`,
        [
          ...keys.map((k) => sqlValue(em, t.entity, k, set[k])),
          sqlValue(em, t.entity, 'updatedAt', now),
          id,
          t.pending,
        ],
      )) === 1
    );
  }

  /**
   * The settle-once transition: pending → `to` with WeChat's transaction id (unique besides) and the shipping
   * upload due, plus the owner's columns. True when this call moved it; duplicates wait on the row and don't.
   */
  markPaid<O extends PayOrderRow>(
    em: EntityManager,
    t: PayOrderTable<O>,
    id: number,
    p: { to: string; transactionId: string; now: Date; set?: Partial<Record<keyof O & string, unknown>> },
  ): Promise<boolean> {
    const set = { status: p.to, transactionId: p.transactionId, shippingStatus: 'PENDING', ...p.set };
    return this.fromPending(em, t, id, set as Partial<Record<keyof O & string, unknown>>, p.now);
  }

  /** A payment for an order we had closed: its transaction id kept once (and marked late); the refund follows. */
  async recordLatePayment<O extends PayOrderRow>(
    em: EntityManager,
    t: PayOrderTable<O>,
    id: number,
    transactionId: string,
    now: Date,
  ): Promise<boolean> {
    const late = t.lateFlag ? `, ${sqlName(em, t.entity, t.lateFlag)} = ?` : '';
    const lateValue = t.lateFlag ? [sqlValue(em, t.entity, t.lateFlag, true)] : [];
    return (
      (await execute(
        em,
        `UPDATE ${sqlName(em, t.entity)} SET transaction_id = ?${late}, updated_at = ?
          WHERE id = ? AND status = ? AND transaction_id IS NULL`,
        [transactionId, ...lateValue, sqlValue(em, t.entity, 'updatedAt', now), id, t.closed],
      )) === 1
    );
  }

  /** Unpaid orders created before `before`, oldest first (the sync job's batch). */
  pendingBefore<O extends PayOrderRow>(t: PayOrderTable<O>, before: Date, limit: number): Promise<O[]> {
    return this.ds
      .getRepository(t.entity)
      .createQueryBuilder('o')
      .where('o.status = :pending AND o.createdAt < :before', { pending: t.pending, before })
      .orderBy('o.createdAt', 'ASC')
      .take(limit)
      .getMany();
  }

  /** Shipping upload state: UPLOADED / FAILED from PENDING or FAILED (an upload landing late still wins). */
  async markShipping<O extends PayOrderRow>(
    t: PayOrderTable<O>,
    outTradeNo: string,
    to: 'UPLOADED' | 'FAILED',
    error: string | null,
    now: Date,
  ): Promise<boolean> {
    return this.tx.run(
      async (em) =>
        (await execute(
          em,
          `UPDATE ${sqlName(em, t.entity)} SET shipping_status = ?, shipping_error = ?, updated_at = ?
            WHERE out_trade_no = ? AND shipping_status IN ('PENDING', 'FAILED')`,
          [to, error?.slice(0, 255) ?? null, sqlValue(em, t.entity, 'updatedAt', now), outTradeNo],
        )) === 1,
    );
  }

  /** The refund of an order (its latest attempt), or null when it has none. */
  async refund<R extends ObjectLiteral>(
    t: PayRefundTable<R>,
    outTradeNo: string,
    reader: Reader = this.ds,
  ): Promise<R | null> {
    const em = reader instanceof DataSource ? reader.manager : reader;
    return this.one(em, t.entity, `out_trade_no = ? AND ${sqlName(em, t.entity, t.status)} IS NOT NULL`, [outTradeNo]);
  }

  /** WeChat accepted this attempt: its refund id kept (the first acceptance time too). */
  async markRefundAccepted<R extends ObjectLiteral>(
    t: PayRefundTable<R>,
    r: RefundRecord,
    refundId: string,
    now: Date,
  ): Promise<void> {
    await this.tx.run((em) => {
      const c = (p: keyof R & string) => sqlName(em, t.entity, p);
      const at = sqlValue(em, t.entity, t.acceptedAt, now);
      return execute(
        em,
        `UPDATE ${sqlName(em, t.entity)} SET ${c(t.refundId)} = ?, ${c(t.acceptedAt)} = COALESCE(${c(t.acceptedAt)}, ?),
          updated_at = ? WHERE id = ? AND ${c(t.attempt)} = ?`,
        [refundId, at, at, r.id, r.attempt],
      );
    });
  }

  /** This attempt from → to; true when this call moved it (a later attempt is never touched). */
  async moveRefund<R extends ObjectLiteral>(
    em: EntityManager,
    t: PayRefundTable<R>,
    r: RefundRecord,
    from: PayRefundState[],
    to: PayRefundState,
    o: RefundSettled,
  ): Promise<boolean> {
    const c = (p: keyof R & string) => sqlName(em, t.entity, p);
    const at = sqlValue(em, t.entity, t.settledAt, o.at);
    return (
      (await execute(
        em,
        `UPDATE ${sqlName(em, t.entity)} SET ${c(t.status)} = ?, ${c(t.refundId)} = COALESCE(?, ${c(t.refundId)}),
          ${c(t.failReason)} = ?, ${c(t.settledAt)} = ?, updated_at = ?
          WHERE id = ? AND ${c(t.attempt)} = ? AND ${c(t.status)} IN (${from.map(() => '?').join(', ')})`,
        [to, o.refundId, o.failReason?.slice(0, 200) ?? null, at, at, r.id, r.attempt, ...from],
      )) === 1
    );
  }

  /**
   * 重新退款: an attempt that WeChat closed (or refused outright) becomes the next attempt, PROCESSING under
   * its own out_refund_no, asked afresh. Guarded by the failed attempt's number and status, so two operators
   * (or a double click) start one attempt.
   */
  async retryRefund<R extends ObjectLiteral>(
    em: EntityManager,
    t: PayRefundTable<R>,
    r: RefundRecord,
    outRefundNo: string,
    now: Date,
  ): Promise<boolean> {
    const c = (p: keyof R & string) => sqlName(em, t.entity, p);
    const at = sqlValue(em, t.entity, t.createdAt, now);
    const no = t.outRefundNo ? `${c(t.outRefundNo)} = ?, ` : '';
    return (
      (await execute(
        em,
        `UPDATE ${sqlName(em, t.entity)} SET ${no}${c(t.status)} = 'PROCESSING', ${c(t.attempt)} = ?,
          ${c(t.refundId)} = NULL, ${c(t.failReason)} = NULL, ${c(t.acceptedAt)} = NULL, ${c(t.settledAt)} = NULL,
          ${c(t.createdAt)} = ?, updated_at = ?
          WHERE id = ? AND ${c(t.attempt)} = ? AND ${c(t.status)} = 'CLOSED'`,
        [...(t.outRefundNo ? [outRefundNo] : []), r.attempt + 1, at, at, r.id, r.attempt],
      )) === 1
    );
  }

  /** Refunds still PROCESSING whose attempt was planned before `before`, oldest first (the sync job's batch). */
  refundsProcessingBefore<R extends ObjectLiteral>(t: PayRefundTable<R>, before: Date, limit: number): Promise<R[]> {
    return this.ds
      .getRepository(t.entity)
      .createQueryBuilder('r')
      .where(`r.${t.status} = 'PROCESSING' AND r.${t.createdAt} < :before`, { before })
      .orderBy(`r.${t.createdAt}`, 'ASC')
      .take(limit)
      .getMany();
  }

  private async one<T extends ObjectLiteral>(
    reader: Reader,
    entity: EntityTarget<T>,
    where: string,
    params: unknown[],
  ): Promise<T | null> {
    const em = reader instanceof DataSource ? reader.manager : reader;
    const [row] = (await em.query(`SELECT * FROM ${sqlName(em, entity)} WHERE ${where}`, params)) as (
      Record<string, unknown> | undefined
    )[];
    return row ? hydrate(em, entity, row) : null;
  }
}
