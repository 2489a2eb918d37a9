import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { execute, sqlName, sqlValue } from '../../database/raw-sql';
import { TopupOrder } from './entities/topup-order.entity';

/**
 * A paid top-up's shipping-upload state: PENDING from the credit's transaction, then UPLOADED or FAILED by
 * guarded updates (an upload that lands after a failure was recorded still wins: the funds are free; a
 * retried failure keeps WeChat's latest reason).
 */
@Injectable()
export class TopupShippingRepository {
  /** Marks a just-credited order's upload as pending (in the credit's transaction). */
  async markPending(em: EntityManager, orderId: number, now: Date): Promise<void> {
    await execute(
      em,
      `UPDATE ${sqlName(em, TopupOrder)} SET shipping_status = 'PENDING', shipping_error = NULL, updated_at = ?
        WHERE id = ? AND shipping_status IS NULL`,
      [sqlValue(em, TopupOrder, 'updatedAt', now), orderId],
    );
  }

  async markUploaded(em: EntityManager, outTradeNo: string, now: Date): Promise<boolean> {
    return (
      (await execute(
        em,
        `UPDATE ${sqlName(em, TopupOrder)} SET shipping_status = 'UPLOADED', shipping_error = NULL, updated_at = ?
          WHERE out_trade_no = ? AND shipping_status IN ('PENDING', 'FAILED')`,
        [sqlValue(em, TopupOrder, 'updatedAt', now), outTradeNo],
      )) === 1
    );
  }

  async markFailed(em: EntityManager, outTradeNo: string, error: string, now: Date): Promise<boolean> {
    return (
      (await execute(
        em,
        `UPDATE ${sqlName(em, TopupOrder)} SET shipping_status = 'FAILED', shipping_error = ?, updated_at = ?
          WHERE out_trade_no = ? AND shipping_status IN ('PENDING', 'FAILED')`,
        [error.slice(0, 255), sqlValue(em, TopupOrder, 'updatedAt', now), outTradeNo],
      )) === 1
    );
  }
}
