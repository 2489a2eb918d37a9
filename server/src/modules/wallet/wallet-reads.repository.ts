import { Injectable } from '@nestjs/common';
import type { AdminTopupQuery, TopupStatus } from '@member/shared';
import { DataSource } from 'typeorm';
import { shanghaiDayStart, addBizDays } from '../../common/clock';
import { sqlValue } from '../../database/raw-sql';
import { TopupOrder } from './entities/topup-order.entity';

export interface HistoryGroup {
  lastId: number;
  at: Date;
  bizType: string;
  bizId: string;
  entryType: string;
  amount: number;
  bonus: number;
  balanceAfter: number;
}

const TOPUP_TYPES = `'WALLET_TOPUP', 'WALLET_TOPUP_BONUS'`;
// A principal refund and its forfeited bonus are one line, all its parts together (their out_refund_no share
// all but the 2-digit part no.); a part WeChat closed comes back as a line of its own.
const REFUND_TYPES = `'WALLET_REFUND', 'WALLET_REFUND_FORFEIT'`;
const REFUND_CLOSED_TYPES = `'WALLET_REFUND_CLOSED', 'WALLET_REFUND_FORFEIT_CLOSED'`;
const n = (v: unknown) => Number(v ?? 0);

/**
 * What the wallet reads from the ledger (balance split by lot kind, history grouped per business event)
 * and the console's order lists and figures. Plain SQL by table name where it reads ledger tables.
 */
@Injectable()
export class WalletReadsRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * The account's legs grouped per business event (a top-up's principal and bonus legs are one group),
   * newest first. `bonus` is the signed part that moved bonus lots (credited lots or debit allocations).
   */
  async history(accountId: number, page: number, pageSize: number): Promise<{ groups: HistoryGroup[]; total: number }> {
    const em = this.ds.manager;
    const legs = `SELECT e.id, e.created_at, e.amount, e.entry_type,
        CASE WHEN e.biz_type IN (${REFUND_TYPES}) THEN SUBSTR(e.biz_id, 1, LENGTH(e.biz_id) - 2) ELSE e.biz_id END
          AS biz_id,
        CASE WHEN e.biz_type IN (${TOPUP_TYPES}) THEN 'WALLET_TOPUP'
             WHEN e.biz_type IN (${REFUND_TYPES}) THEN 'WALLET_REFUND'
             WHEN e.biz_type IN (${REFUND_CLOSED_TYPES}) THEN 'WALLET_REFUND_CLOSED'
             ELSE e.biz_type END AS grp,
        (CASE WHEN e.amount < 0 THEN -1 ELSE 1 END) * (
          COALESCE((SELECT SUM(l.amount) FROM ledger_lot l WHERE l.entry_id = e.id AND l.lot_kind = 'BONUS'), 0) +
          COALESCE((SELECT SUM(ABS(x.amount)) FROM ledger_allocation x JOIN ledger_lot l ON l.id = x.lot_id
                     WHERE x.entry_id = e.id AND l.lot_kind = 'BONUS'), 0)) AS bonus
      FROM ledger_entry e WHERE e.account_id = ? AND e.journal_account_id = ?`;
    const grouped = `SELECT grp, biz_id, entry_type, MAX(id) AS last_id, MAX(created_at) AS at, SUM(amount) AS amount,
        SUM(bonus) AS bonus FROM (${legs}) t GROUP BY grp, biz_id, entry_type`;
    const [{ total }] = (await em.query(`SELECT COUNT(*) AS total FROM (${grouped}) g`, [accountId, accountId])) as {
      total: unknown;
    }[];
    const rows = (await em.query(`${grouped} ORDER BY last_id DESC LIMIT ? OFFSET ?`, [
      accountId,
      accountId,
      pageSize,
      (page - 1) * pageSize,
    ])) as Record<string, unknown>[];
    const after = new Map<number, number>();
    if (rows.length) {
      const ids = rows.map((r) => n(r.last_id));
      const found = (await em.query(
        `SELECT id, balance_after FROM ledger_entry WHERE id IN (${ids.map(() => '?').join(', ')})`,
        ids,
      )) as { id: unknown; balance_after: unknown }[];
      for (const f of found) after.set(n(f.id), n(f.balance_after));
    }
    return {
      total: n(total),
      groups: rows.map((r) => ({
        lastId: n(r.last_id),
        at: r.at instanceof Date ? r.at : new Date(`${String(r.at).replace(' ', 'T')}Z`),
        bizType: String(r.grp),
        bizId: String(r.biz_id),
        entryType: String(r.entry_type),
        amount: n(r.amount),
        bonus: n(r.bonus),
        balanceAfter: after.get(n(r.last_id)) ?? 0,
      })),
    };
  }

  /** The console's order list: filters as AdminTopupQuery says (memberId already resolved), newest first. */
  async orders(
    query: AdminTopupQuery & { memberId?: number },
    skip: number,
    take: number,
  ): Promise<[TopupOrder[], number]> {
    const qb = this.ds.getRepository(TopupOrder).createQueryBuilder('o');
    if (query.status) qb.andWhere('o.status = :status', { status: query.status as TopupStatus });
    if (query.memberId) qb.andWhere('o.memberId = :memberId', { memberId: query.memberId });
    if (query.outTradeNo) qb.andWhere('o.outTradeNo = :no', { no: query.outTradeNo.trim() });
    // Paid orders by their payment time, unpaid ones by creation (Asia/Shanghai days).
    if (query.from) qb.andWhere('COALESCE(o.paidAt, o.createdAt) >= :from', { from: shanghaiDayStart(query.from) });
    if (query.to)
      qb.andWhere('COALESCE(o.paidAt, o.createdAt) < :to', { to: shanghaiDayStart(addBizDays(query.to, 1)) });
    if (query.shipping) qb.andWhere('o.shippingStatus = :shipping', { shipping: query.shipping });
    if (query.flagged)
      qb.andWhere(`EXISTS (SELECT 1 FROM pay_anomaly p WHERE p.out_trade_no = o.out_trade_no AND p.status = 'OPEN')`);
    return qb.orderBy('o.id', 'DESC').skip(skip).take(take).getManyAndCount();
  }

  /** Paid since `since`: count, principal and bonus. */
  async paidSince(since: Date): Promise<{ count: number; payFen: number; bonusFen: number }> {
    const em = this.ds.manager;
    const [row] = (await em.query(
      `SELECT COUNT(*) AS c, COALESCE(SUM(pay_fen), 0) AS p, COALESCE(SUM(bonus_fen), 0) AS b FROM topup_order
        WHERE status IN ('PAID', 'REFUNDED') AND paid_at >= ?`,
      [sqlValue(em, TopupOrder, 'paidAt', since)],
    )) as Record<string, unknown>[];
    return { count: n(row.c), payFen: n(row.p), bonusFen: n(row.b) };
  }

  async countUnpaid(): Promise<number> {
    return this.ds.getRepository(TopupOrder).countBy({ status: 'NOTPAY' });
  }
}
