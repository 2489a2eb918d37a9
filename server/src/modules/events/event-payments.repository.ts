import { Injectable } from '@nestjs/common';
import { randomInt } from 'node:crypto';
import { DataSource, In, type EntityManager } from 'typeorm';
import { shanghaiDate } from '../../common/clock';
import { execute, hydrate, insertRows, sqlName, sqlValue } from '../../database/raw-sql';
import { PayRowsRepository } from '../payments/pay-rows.repository';
import type { PayOrderTable, PayRefundTable } from '../payments/payment-owner';
import { EventPaymentRow, type EventRefundCause } from './entities/event-payment.entity';

type Reader = DataSource | EntityManager;

/** Cash fees as WeChat Pay orders: PENDING until paid; CLOSED when we closed them (a payment then is late). */
export const EVENT_PAYMENTS: PayOrderTable<EventPaymentRow> = {
  entity: EventPaymentRow,
  pending: 'PENDING',
  closed: 'CLOSED',
  lateFlag: 'late',
};

/** Their refunds, on the payment row (refund_*). */
export const EVENT_REFUNDS: PayRefundTable<EventPaymentRow> = {
  entity: EventPaymentRow,
  status: 'refundStatus',
  refundId: 'refundId',
  failReason: 'refundFailReason',
  acceptedAt: 'refundAcceptedAt',
  settledAt: 'refundSettledAt',
  createdAt: 'refundCreatedAt',
  attempt: 'refundAttempt',
};

/** E + the Asia/Shanghai business date + 10 random digits (the 'E' routes WeChat's notifications here). */
export function newEventTradeNo(now: Date): string {
  let digits = '';
  for (let i = 0; i < 2; i++) digits += String(randomInt(0, 100_000)).padStart(5, '0');
  return `E${shanghaiDate(now).replace(/-/g, '')}${digits}`;
}

/**
 * Cash fee payments' own statements; the ones every WeChat Pay order shares (lookups, prepay id, the sync
 * batch, late payments, shipping, refund moves) are PayRowsRepository's over EVENT_PAYMENTS and
 * EVENT_REFUNDS. Every move is guarded by the state it must leave (`status = 'PENDING'`,
 * `refund_status IS NULL`), so racing callers change a row once.
 */
@Injectable()
export class EventPaymentsRepository {
  constructor(
    private readonly ds: DataSource,
    private readonly rows: PayRowsRepository,
  ) {}

  async insert(em: EntityManager, row: Omit<EventPaymentRow, 'id'>): Promise<EventPaymentRow> {
    const id = await insertRows(em, EventPaymentRow, [row as EventPaymentRow]);
    return Object.assign(new EventPaymentRow(), row, { id });
  }

  async bySignup(signupId: number, reader: Reader = this.ds): Promise<EventPaymentRow | null> {
    return reader.getRepository(EventPaymentRow).findOneBy({ signupId });
  }

  /** The sign-up's payment locked for the rest of the caller's transaction (payment row before sign-up row). */
  async lockBySignup(em: EntityManager, signupId: number): Promise<EventPaymentRow | null> {
    const lock = em.connection.options.type === 'better-sqlite3' ? '' : ' FOR UPDATE';
    const [row] = (await em.query(`SELECT * FROM ${sqlName(em, EventPaymentRow)} WHERE signup_id = ?${lock}`, [
      signupId,
    ])) as (Record<string, unknown> | undefined)[];
    return row ? hydrate(em, EventPaymentRow, row) : null;
  }

  async bySignups(signupIds: number[], reader: Reader = this.ds): Promise<Map<number, EventPaymentRow>> {
    if (!signupIds.length) return new Map();
    const rows = await reader.getRepository(EventPaymentRow).findBy({ signupId: In(signupIds) });
    return new Map(rows.map((r) => [r.signupId, r]));
  }

  /** PENDING → PAID with WeChat's transaction id, shipping to upload; true when this call moved it. */
  markPaid(em: EntityManager, id: number, transactionId: string, paidAt: Date, now: Date): Promise<boolean> {
    return this.rows.markPaid(em, EVENT_PAYMENTS, id, { to: 'PAID', transactionId, now, set: { paidAt } });
  }

  /** PENDING → CLOSED (not paid in time, or the sign-up ended unpaid); true when this call moved it. */
  close(em: EntityManager, id: number, now: Date): Promise<boolean> {
    return this.rows.fromPending(em, EVENT_PAYMENTS, id, { status: 'CLOSED' }, now);
  }

  /** Plans the refund of a paid (or late-paid) fee once: refund_status NULL → PROCESSING. */
  async planRefund(em: EntityManager, id: number, cause: EventRefundCause, now: Date): Promise<boolean> {
    const at = sqlValue(em, EventPaymentRow, 'refundCreatedAt', now);
    return (
      (await execute(
        em,
        `UPDATE ${sqlName(em, EventPaymentRow)} SET refund_status = 'PROCESSING', refund_cause = ?, refund_created_at = ?,
          updated_at = ? WHERE id = ? AND refund_status IS NULL AND transaction_id IS NOT NULL`,
        [cause, at, at, id],
      )) === 1
    );
  }
}
