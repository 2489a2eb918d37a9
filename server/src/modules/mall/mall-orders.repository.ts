import { Injectable } from '@nestjs/common';
import type { MallGoodsKind, MallOrderStatus } from '@member/shared';
import { randomInt } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { execute, hydrate, insertRows, sqlName, sqlValue } from '../../database/raw-sql';
import { isUniqueViolation } from '../../database/transaction-runner';
import { MallOrderRow, type MallEndReason } from './entities/mall-order.entity';

type Reader = DataSource | EntityManager;

/** Six random digits: what the member shows and the clerk types (unique among READY orders). */
export const newPickupCode = (): string => String(randomInt(0, 1_000_000)).padStart(6, '0');

/** What the admin list and CSV filter by (store managers get their store forced in). */
export interface OrderFilter {
  status?: MallOrderStatus;
  kind?: MallGoodsKind;
  storeId?: number;
  goodsId?: number;
  memberId?: number;
  from?: Date;
  until?: Date;
}

/**
 * Order statements. Status changes are guarded by the status the order must be in (`WHERE status = 'READY'`),
 * so whichever of cancel, expiry and pickup comes first ends the order and the others change nothing.
 */
@Injectable()
export class MallOrdersRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * Inserts an order; a READY one draws a pickup code, drawing again on the rare collision with another READY
   * order's code (the unique index is the truth). Returns the row with its id and code.
   */
  async insert(em: EntityManager, row: Omit<MallOrderRow, 'id' | 'pickupCode'>, withCode: boolean) {
    for (let attempt = 0; ; attempt++) {
      const order = { ...row, pickupCode: withCode ? newPickupCode() : null } as MallOrderRow;
      try {
        order.id = await insertRows(em, MallOrderRow, [order]);
        return order;
      } catch (error) {
        if (!withCode || !isUniqueViolation(error) || attempt >= 8) throw error;
        if (!String((error as Error).message).includes('pickup_code')) throw error;
      }
    }
  }

  async byId(id: number, reader: Reader = this.ds): Promise<MallOrderRow | null> {
    return this.one(reader, 'id = ?', [id]);
  }

  /** The READY order a pickup code names now (codes are cleared when an order leaves READY). */
  async byCode(code: string, reader: Reader = this.ds): Promise<MallOrderRow | null> {
    return this.one(reader, 'pickup_code = ?', [code]);
  }

  private async one(reader: Reader, where: string, params: unknown[]): Promise<MallOrderRow | null> {
    const em = reader instanceof DataSource ? reader.manager : reader;
    const [row] = (await em.query(`SELECT * FROM ${sqlName(em, MallOrderRow)} WHERE ${where}`, params)) as (
      Record<string, unknown> | undefined
    )[];
    return row ? hydrate(em, MallOrderRow, row) : null;
  }

  /** READY → CANCELLED / EXPIRED, clearing the code; true when this call ended it. */
  async end(
    em: EntityManager,
    id: number,
    to: 'CANCELLED' | 'EXPIRED',
    reason: MallEndReason,
    now: Date,
  ): Promise<boolean> {
    const at = sqlValue(em, MallOrderRow, 'cancelledAt', now);
    return (
      (await execute(
        em,
        `UPDATE ${sqlName(em, MallOrderRow)} SET status = ?, pickup_code = NULL, cancelled_at = ?, end_reason = ?,
          updated_at = ? WHERE id = ? AND status = 'READY'`,
        [to, at, reason, at, id],
      )) === 1
    );
  }

  /** READY → DONE at the clerk's store, clearing the code; true when this call handed it over. */
  async pickedUp(em: EntityManager, id: number, storeId: number, staffId: number, now: Date): Promise<boolean> {
    const at = sqlValue(em, MallOrderRow, 'doneAt', now);
    return (
      (await execute(
        em,
        `UPDATE ${sqlName(em, MallOrderRow)} SET status = 'DONE', pickup_code = NULL, done_at = ?,
          picked_up_by_staff_id = ?, updated_at = ? WHERE id = ? AND status = 'READY' AND pickup_store_id = ?`,
        [at, staffId, at, id, storeId],
      )) === 1
    );
  }

  /** A member's orders, newest first, in some statuses (all when none given). */
  async memberPage(memberId: number, statuses: MallOrderStatus[] | null, skip: number, take: number) {
    const qb = this.ds
      .getRepository(MallOrderRow)
      .createQueryBuilder('o')
      .where('o.memberId = :memberId', { memberId });
    if (statuses) qb.andWhere('o.status IN (:...statuses)', { statuses });
    const [items, total] = await qb.orderBy('o.id', 'DESC').skip(skip).take(take).getManyAndCount();
    return { items, total };
  }

  /** Ids of READY orders whose last pickup day is before `today`, oldest first. */
  async dueForExpiry(today: string, limit: number): Promise<number[]> {
    const rows = (await this.ds.query(
      `SELECT id FROM ${sqlName(this.ds.manager, MallOrderRow)} WHERE status = 'READY' AND pickup_until < ?
        ORDER BY pickup_until, id LIMIT ${Number(limit)}`,
      [today],
    )) as { id: unknown }[];
    return rows.map((r) => Number(r.id));
  }

  /** Orders handed over at a store since `since`, newest first. */
  async pickedUpAt(storeId: number, since: Date, limit: number): Promise<MallOrderRow[]> {
    return this.ds
      .getRepository(MallOrderRow)
      .createQueryBuilder('o')
      .where('o.pickupStoreId = :storeId AND o.doneAt >= :since', { storeId, since })
      .orderBy('o.doneAt', 'DESC')
      .take(limit)
      .getMany();
  }

  /** The console's order list: filters, newest first. */
  filtered(f: OrderFilter) {
    const qb = this.ds.getRepository(MallOrderRow).createQueryBuilder('o');
    if (f.status) qb.andWhere('o.status = :status', { status: f.status });
    if (f.kind) qb.andWhere('o.kind = :kind', { kind: f.kind });
    if (f.storeId !== undefined) qb.andWhere('o.pickupStoreId = :storeId', { storeId: f.storeId });
    if (f.goodsId) qb.andWhere('o.goodsId = :goodsId', { goodsId: f.goodsId });
    if (f.memberId) qb.andWhere('o.memberId = :memberId', { memberId: f.memberId });
    if (f.from) qb.andWhere('o.createdAt >= :from', { from: f.from });
    if (f.until) qb.andWhere('o.createdAt < :until', { until: f.until });
    return qb.orderBy('o.id', 'DESC');
  }
}
