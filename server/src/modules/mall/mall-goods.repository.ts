import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { execute, hydrate, sqlName, sqlValue } from '../../database/raw-sql';
import { MallGoodsRow } from './entities/mall-goods.entity';
import { MallMemberQuota } from './entities/mall-member-quota.entity';

type Reader = DataSource | EntityManager;

/**
 * The goods statements that must hold under bursts, in plain SQL: stock is taken by a guarded update
 * (`stock >= n`) together with sold_count, a member's quota by `taken + n <= limit`; giving back undoes
 * exactly what an order took. Nothing here reads and then writes.
 */
@Injectable()
export class MallGoodsRepository {
  constructor(private readonly ds: DataSource) {}

  /** One goods by plain SQL (the redeem path reads it every time). */
  async goods(id: number, reader: Reader = this.ds): Promise<MallGoodsRow | null> {
    const em = reader instanceof DataSource ? reader.manager : reader;
    const [row] = (await em.query(`SELECT * FROM ${sqlName(em, MallGoodsRow)} WHERE id = ?`, [id])) as (
      Record<string, unknown> | undefined
    )[];
    return row ? hydrate(em, MallGoodsRow, row) : null;
  }

  /** Takes `n` units of an on-sale goods; false when fewer are left or it is no longer ON_SALE. */
  async takeStock(em: EntityManager, goodsId: number, n: number): Promise<boolean> {
    return (
      (await execute(
        em,
        `UPDATE ${sqlName(em, MallGoodsRow)} SET stock = stock - ?, sold_count = sold_count + ?
          WHERE id = ? AND status = 'ON_SALE' AND (stock IS NULL OR stock >= ?)`,
        [n, n, goodsId, n],
      )) === 1
    );
  }

  /** Puts back what an ended order took (whatever the goods' status now). */
  async giveStock(em: EntityManager, goodsId: number, n: number): Promise<void> {
    const done = await execute(
      em,
      `UPDATE ${sqlName(em, MallGoodsRow)} SET stock = stock + ?, sold_count = sold_count - ?
        WHERE id = ? AND sold_count >= ?`,
      [n, n, goodsId, n],
    );
    if (done !== 1) throw new Error(`mall goods ${goodsId}: sold count below ${n} on give-back`);
  }

  /**
   * An operator's stock change, guarded by the version they saw and by what is left: stock never goes below
   * zero however many orders land meanwhile. False when refused (version moved, or too few left).
   */
  async adjustStock(em: EntityManager, goodsId: number, delta: number, version: number, now: Date): Promise<boolean> {
    const g = sqlName(em, MallGoodsRow);
    return (
      (await execute(
        em,
        `UPDATE ${g} SET stock = stock + ?, stock_total = stock_total + ?, version = version + 1, updated_at = ?
          WHERE id = ? AND version = ? AND stock IS NOT NULL AND stock + ? >= 0`,
        [delta, delta, sqlValue(em, MallGoodsRow, 'updatedAt', now), goodsId, version, delta],
      )) === 1
    );
  }

  /**
   * Takes `n` of the member's units of a goods in one limit period; false past the limit. The row is created
   * on the first redemption: a concurrent first one waits on the insert and then counts against it.
   */
  async takeQuota(
    em: EntityManager,
    key: { goodsId: number; memberId: number; periodKey: string },
    n: number,
    limit: number,
  ): Promise<boolean> {
    if (n > limit) return false;
    const q = sqlName(em, MallMemberQuota);
    const params = [key.goodsId, key.memberId, key.periodKey];
    const take = () =>
      execute(
        em,
        `UPDATE ${q} SET taken = taken + ? WHERE goods_id = ? AND member_id = ? AND period_key = ? AND taken + ? <= ?`,
        [n, ...params, n, limit],
      );
    if ((await take()) === 1) return true;
    const ignore = em.connection.options.type === 'better-sqlite3' ? 'INSERT OR IGNORE' : 'INSERT IGNORE';
    const inserted = await execute(
      em,
      `${ignore} INTO ${q} (goods_id, member_id, period_key, taken) VALUES (?, ?, ?, ?)`,
      [...params, n],
    );
    if (inserted === 1) return true;
    // Another redemption created the row first (and committed): count against it.
    return (await take()) === 1;
  }

  /** Gives back units an ended order took from its period (never below zero). */
  /** An order's units back: the member's quota for the period they came from, then the stock (the hot row last). */
  async giveBack(
    em: EntityManager,
    o: { goodsId: number; memberId: number; quotaKey: string | null; quantity: number },
  ): Promise<void> {
    if (o.quotaKey !== null)
      await this.giveQuota(em, { goodsId: o.goodsId, memberId: o.memberId, periodKey: o.quotaKey }, o.quantity);
    await this.giveStock(em, o.goodsId, o.quantity);
  }

  async giveQuota(
    em: EntityManager,
    key: { goodsId: number; memberId: number; periodKey: string },
    n: number,
  ): Promise<void> {
    await execute(
      em,
      `UPDATE ${sqlName(em, MallMemberQuota)} SET taken = taken - ?
        WHERE goods_id = ? AND member_id = ? AND period_key = ? AND taken >= ?`,
      [n, key.goodsId, key.memberId, key.periodKey, n],
    );
  }

  /** Units the member has taken of each goods in the period given for it (one query for a page). */
  async taken(memberId: number, keys: { goodsId: number; periodKey: string }[]): Promise<Map<number, number>> {
    if (!keys.length) return new Map();
    const rows = (await this.ds.query(
      `SELECT goods_id AS g, period_key AS p, taken AS t FROM ${sqlName(this.ds.manager, MallMemberQuota)}
        WHERE member_id = ? AND goods_id IN (${keys.map(() => '?').join(', ')})`,
      [memberId, ...keys.map((k) => k.goodsId)],
    )) as { g: unknown; p: string; t: unknown }[];
    const wanted = new Map(keys.map((k) => [k.goodsId, k.periodKey]));
    const out = new Map<number, number>();
    for (const r of rows) if (wanted.get(Number(r.g)) === r.p) out.set(Number(r.g), Number(r.t));
    return out;
  }
}
