import { Injectable } from '@nestjs/common';
import { ErrorCode, type MallDashboard } from '@member/shared';
import { DataSource } from 'typeorm';
import { AppException } from '../../common/app-exception';
import { addBizDays, Clock, shanghaiDayStart } from '../../common/clock';
import { sqlValue } from '../../database/raw-sql';
import { MallOrderRow } from './entities/mall-order.entity';

const DEFAULT_DAYS = 30;
const MAX_DAYS = 366;
const TOP_GOODS = 10;
// Orders that spent points: waiting for pickup or done (ended ones gave everything back).
const SPENT = "status IN ('READY', 'DONE')";

/**
 * 兑换看板 over Asia/Shanghai days: points and cash spent, orders, the pickup rate (picked up / (picked up +
 * expired) among physical and service orders that ended in the range), top goods and a daily series. Each
 * figure is one aggregate query over idx_mall_order_created.
 */
@Injectable()
export class MallDashboardService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
  ) {}

  async dashboard(q: { from?: string; to?: string }): Promise<MallDashboard> {
    const to = q.to ?? this.clock.today();
    const from = q.from ?? addBizDays(to, 1 - DEFAULT_DAYS);
    const days = Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000) + 1;
    if (days < 1 || days > MAX_DAYS)
      throw new AppException(ErrorCode.VALIDATION_FAILED, `开始日期须不晚于截止日期，且最多查询 ${MAX_DAYS} 天`);
    const since = this.at(shanghaiDayStart(from));
    const until = this.at(shanghaiDayStart(addBizDays(to, 1)));
    const day =
      this.ds.options.type === 'better-sqlite3'
        ? "date(created_at, '+8 hours')"
        : "DATE_FORMAT(DATE_ADD(created_at, INTERVAL 8 HOUR), '%Y-%m-%d')";
    const range = 'created_at >= ? AND created_at < ?';
    const [totals, ended, top, daily] = await Promise.all([
      this.ds.query(
        `SELECT COUNT(*) AS n, COALESCE(SUM(points_total), 0) AS p, COALESCE(SUM(cash_fen), 0) AS c
          FROM mall_order WHERE ${range} AND ${SPENT}`,
        [since, until],
      ) as Promise<{ n: unknown; p: unknown; c: unknown }[]>,
      this.ds.query(
        `SELECT status AS s, COUNT(*) AS n FROM mall_order WHERE kind IN ('PHYSICAL', 'SERVICE') AND
          ((status = 'DONE' AND done_at >= ? AND done_at < ?) OR (status = 'EXPIRED' AND cancelled_at >= ? AND cancelled_at < ?))
          GROUP BY status`,
        [since, until, since, until],
      ) as Promise<{ s: string; n: unknown }[]>,
      this.ds.query(
        `SELECT goods_id AS g, MAX(goods_name) AS name, SUM(quantity) AS q, SUM(points_total) AS p FROM mall_order
          WHERE ${range} AND ${SPENT} GROUP BY goods_id ORDER BY q DESC, p DESC LIMIT ${TOP_GOODS}`,
        [since, until],
      ) as Promise<{ g: unknown; name: string; q: unknown; p: unknown }[]>,
      this.ds.query(
        `SELECT ${day} AS d, COUNT(*) AS n, COALESCE(SUM(points_total), 0) AS p FROM mall_order
          WHERE ${range} AND ${SPENT} GROUP BY ${day}`,
        [since, until],
      ) as Promise<{ d: string; n: unknown; p: unknown }[]>,
    ]);
    const done = Number(ended.find((r) => r.s === 'DONE')?.n ?? 0);
    const expired = Number(ended.find((r) => r.s === 'EXPIRED')?.n ?? 0);
    const perDay = new Map(daily.map((r) => [String(r.d), r]));
    return {
      from,
      to,
      pointsSpent: Number(totals[0]?.p ?? 0),
      cashFen: Number(totals[0]?.c ?? 0),
      orders: Number(totals[0]?.n ?? 0),
      pickupRatePct: done + expired ? Math.round((done * 1000) / (done + expired)) / 10 : null,
      topGoods: top.map((r) => ({ goodsId: Number(r.g), name: r.name, quantity: Number(r.q), points: Number(r.p) })),
      daily: Array.from({ length: days }, (_, i) => {
        const date = addBizDays(from, i);
        const d = perDay.get(date);
        return { date, orders: Number(d?.n ?? 0), points: Number(d?.p ?? 0) };
      }),
    };
  }

  private at(d: Date): unknown {
    return sqlValue(this.ds.manager, MallOrderRow, 'createdAt', d);
  }
}
