import { Injectable } from '@nestjs/common';
import { DataSource, LessThan, type EntityManager } from 'typeorm';
import { execute, hydrate, insertRows, sqlName, sqlValue } from '../../database/raw-sql';
import { TopupOrder } from './entities/topup-order.entity';
import { TopupPlan } from './entities/topup-plan.entity';

type Reader = DataSource | EntityManager;
const manager = (r: Reader): EntityManager => (r instanceof DataSource ? r.manager : r);

/**
 * The top-up order statements. Every status change is guarded by the status the order must be in, so a
 * notification, a query and the sync job racing on one order change it once; nothing reads then writes.
 */
@Injectable()
export class TopupOrdersRepository {
  constructor(private readonly ds: DataSource) {}

  async byOutTradeNo(outTradeNo: string, reader: Reader = this.ds): Promise<TopupOrder | null> {
    const em = manager(reader);
    const [row] = (await em.query(`SELECT * FROM ${sqlName(em, TopupOrder)} WHERE out_trade_no = ?`, [outTradeNo])) as (
      Record<string, unknown> | undefined
    )[];
    return row ? hydrate(em, TopupOrder, row) : null;
  }

  async byRequest(memberId: number, requestId: string, reader: Reader = this.ds): Promise<TopupOrder | null> {
    const em = manager(reader);
    const [row] = (await em.query(`SELECT * FROM ${sqlName(em, TopupOrder)} WHERE member_id = ? AND request_id = ?`, [
      memberId,
      requestId,
    ])) as (Record<string, unknown> | undefined)[];
    return row ? hydrate(em, TopupOrder, row) : null;
  }

  insert(em: EntityManager, row: Partial<TopupOrder>): Promise<number> {
    return insertRows(em, TopupOrder, [row]);
  }

  async setPrepayId(outTradeNo: string, prepayId: string, now: Date): Promise<void> {
    await this.ds
      .createQueryBuilder()
      .update(TopupOrder)
      .set({ prepayId, updatedAt: now })
      .where('outTradeNo = :outTradeNo', { outTradeNo })
      .execute();
  }

  /** NOTPAY/CLOSED → PAID, from exactly `from`; false when the order is not (or no longer) in it. */
  async markPaid(
    em: EntityManager,
    id: number,
    from: 'NOTPAY' | 'CLOSED',
    paid: { transactionId: string; paidAt: Date; confirmedBy: 'NOTIFY' | 'QUERY'; now: Date },
  ): Promise<boolean> {
    const t = sqlName(em, TopupOrder);
    const at = (d: Date) => sqlValue(em, TopupOrder, 'paidAt', d);
    return (
      (await execute(
        em,
        `UPDATE ${t} SET status = 'PAID', transaction_id = ?, paid_at = ?, confirmed_by = ?, updated_at = ?
          WHERE id = ? AND status = ?`,
        [paid.transactionId, at(paid.paidAt), paid.confirmedBy, at(paid.now), id, from],
      )) === 1
    );
  }

  /** NOTPAY → CLOSED (expired unpaid, WeChat closed it too); false when it was paid or closed meanwhile. */
  async markClosed(id: number, now: Date): Promise<boolean> {
    const result = await this.ds
      .createQueryBuilder()
      .update(TopupOrder)
      .set({ status: 'CLOSED', closedAt: now, updatedAt: now })
      .where("id = :id AND status = 'NOTPAY'", { id })
      .execute();
    return result.affected === 1;
  }

  /** The member's orders of a plan that count against its limit: paid, or unpaid and still payable. */
  async countTowardsLimit(em: EntityManager, memberId: number, planId: number, now: Date): Promise<number> {
    const [row] = (await em.query(
      `SELECT COUNT(*) AS n FROM ${sqlName(em, TopupOrder)}
        WHERE member_id = ? AND plan_id = ? AND (status IN ('PAID', 'REFUNDED') OR (status = 'NOTPAY' AND expires_at > ?))`,
      [memberId, planId, sqlValue(em, TopupOrder, 'expiresAt', now)],
    )) as { n: number | string }[];
    return Number(row.n);
  }

  /** Per plan, the member's orders that count against its limit (for the wallet page). */
  async countsTowardsLimits(memberId: number, now: Date): Promise<Map<number, number>> {
    const em = this.ds.manager;
    const rows = (await em.query(
      `SELECT plan_id, COUNT(*) AS n FROM ${sqlName(em, TopupOrder)}
        WHERE member_id = ? AND plan_id IS NOT NULL
          AND (status IN ('PAID', 'REFUNDED') OR (status = 'NOTPAY' AND expires_at > ?))
        GROUP BY plan_id`,
      [memberId, sqlValue(em, TopupOrder, 'expiresAt', now)],
    )) as { plan_id: number | string; n: number | string }[];
    return new Map(rows.map((r) => [Number(r.plan_id), Number(r.n)]));
  }

  /** Unpaid orders created before `createdBefore`, oldest first: the ones to ask WeChat about. */
  async unpaidBefore(createdBefore: Date, limit: number): Promise<TopupOrder[]> {
    return this.ds.getRepository(TopupOrder).find({
      where: { status: 'NOTPAY', createdAt: LessThan(createdBefore) },
      order: { createdAt: 'ASC', id: 'ASC' },
      take: limit,
    });
  }

  async incrementPlanPaid(em: EntityManager, planId: number): Promise<void> {
    await execute(em, `UPDATE ${sqlName(em, TopupPlan)} SET paid_count = paid_count + 1 WHERE id = ?`, [planId]);
  }
}
