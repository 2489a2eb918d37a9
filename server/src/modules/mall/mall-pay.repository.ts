import { Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import { execute, insertRows, sqlName } from '../../database/raw-sql';
import { isUniqueViolation } from '../../database/transaction-runner';
import { PayRowsRepository } from '../payments/pay-rows.repository';
import type { PayOrderTable, PayRefundTable } from '../payments/payment-owner';
import { MallOrderRow } from './entities/mall-order.entity';
import { MallRefundRow } from './entities/mall-refund.entity';
import { newPickupCode } from './mall-orders.repository';

/** The points + cash orders as WeChat Pay orders: waiting in PENDING_PAYMENT; CANCELLED when we closed them. */
export const MALL_PAY_ORDERS: PayOrderTable<MallOrderRow> = {
  entity: MallOrderRow,
  pending: 'PENDING_PAYMENT',
  closed: 'CANCELLED',
};

/** Their refunds: a table of their own, one row per order. */
export const MALL_REFUNDS: PayRefundTable<MallRefundRow> = {
  entity: MallRefundRow,
  status: 'status',
  refundId: 'refundId',
  failReason: 'failReason',
  acceptedAt: 'acceptedAt',
  settledAt: 'settledAt',
  createdAt: 'createdAt',
  attempt: 'attempt',
  outRefundNo: 'outRefundNo',
};

/** What a paid order becomes: READY with a pickup code and window, or DONE (coupon goods, issued at once). */
export interface PaidChange {
  to: 'READY' | 'DONE';
  transactionId: string;
  pickupUntil: string | null;
  now: Date;
}

/**
 * The mall's own statements about its cash orders; the ones every WeChat Pay order shares (lookups, prepay
 * id, the sync batch, late payments, shipping, refund moves) are PayRowsRepository's over MALL_PAY_ORDERS
 * and MALL_REFUNDS. Every move is guarded by the status the order must be in.
 */
@Injectable()
export class MallPayRepository {
  constructor(
    private readonly ds: DataSource,
    private readonly rows: PayRowsRepository,
  ) {}

  /**
   * PENDING_PAYMENT → READY / DONE with WeChat's transaction id; a READY one draws a pickup code (again on the
   * rare collision with another READY order's). True when this call moved it.
   */
  async markPaid(em: EntityManager, id: number, c: PaidChange): Promise<boolean> {
    for (let attempt = 0; ; attempt++) {
      const set = {
        pickupCode: c.to === 'READY' ? newPickupCode() : null,
        pickupUntil: c.pickupUntil,
        doneAt: c.to === 'DONE' ? c.now : null,
      };
      try {
        return await this.rows.markPaid(em, MALL_PAY_ORDERS, id, {
          to: c.to,
          transactionId: c.transactionId,
          now: c.now,
          set,
        });
      } catch (error) {
        if (!isUniqueViolation(error) || attempt >= 8 || !String((error as Error).message).includes('pickup_code'))
          throw error;
      }
    }
  }

  /** The points debit and the coupon of a just-paid order (same transaction as markPaid). */
  async setFulfilment(em: EntityManager, id: number, pointsEntryId: number | null, couponId: number | null) {
    await execute(em, `UPDATE ${sqlName(em, MallOrderRow)} SET points_entry_id = ?, coupon_id = ? WHERE id = ?`, [
      pointsEntryId,
      couponId,
      id,
    ]);
  }

  /** PENDING_PAYMENT → CANCELLED (paying is over: closed at WeChat, or paid but not fulfillable). */
  cancelUnpaid(em: EntityManager, id: number, reason: 'PAY_TIMEOUT' | 'SOLD_OUT', now: Date): Promise<boolean> {
    return this.rows.fromPending(
      em,
      MALL_PAY_ORDERS,
      id,
      { status: 'CANCELLED', cancelledAt: now, endReason: reason },
      now,
    );
  }

  /** Inserts the order's refund; null when the order has one already (unique order id). */
  async insertRefund(em: EntityManager, row: Omit<MallRefundRow, 'id'>): Promise<MallRefundRow | null> {
    try {
      const id = await insertRows(em, MallRefundRow, [row as MallRefundRow]);
      return Object.assign(new MallRefundRow(), row, { id });
    } catch (error) {
      if (isUniqueViolation(error)) return null;
      throw error;
    }
  }

  async refundsOf(orderIds: number[]): Promise<Map<number, MallRefundRow>> {
    if (!orderIds.length) return new Map();
    const rows = await this.ds.getRepository(MallRefundRow).findBy({ orderId: In(orderIds) });
    return new Map(rows.map((r) => [r.orderId, r]));
  }
}
