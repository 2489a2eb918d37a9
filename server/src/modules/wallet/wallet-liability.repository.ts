import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/** Movements of member wallets summed per (period, contra role, kind of leg, group key). */
export interface MovementSum {
  /** 0: before the period (the opening balance); 1: within it. */
  inPeriod: 0 | 1;
  /** The system account's role: CASH_RECEIVED, BONUS_GRANTED, REDEEMED, HELD, REFUNDED, FORFEITED, … */
  role: string;
  entryType: string;
  /** The leg is a counter sale's stored-value tender (SALE_WALLET). */
  sale: boolean;
  /** store id, member id or null, per grouping. */
  groupKey: number | null;
  amountFen: number;
  /** The bonus part of amountFen (same sign). */
  bonusFen: number;
}

export type MovementGroup = 'total' | 'store' | 'member';

const SALE_WALLET_BIZ = 'SALE_WALLET';

/**
 * The ledger reads behind the liability report. Every query starts from the WALLET system accounts' legs
 * (idx_ledger_entry_account_created: account, time range) and reaches the member leg of the same journal
 * by uq_ledger_entry_journal; a leg's principal/bonus split comes from the lots it created or moved
 * (idx_ledger_lot_entry, idx_ledger_allocation_entry). No scan of the whole entry table.
 */
@Injectable()
export class WalletLiabilityRepository {
  constructor(private readonly ds: DataSource) {}

  private get em(): EntityManager {
    return this.ds.manager;
  }

  /** A datetime parameter: a Date for mysql2, TypeORM's UTC text for SQLite (how the rows store it). */
  private at(d: Date): unknown {
    return this.mysql ? d : d.toISOString().replace('T', ' ').replace('Z', '');
  }

  private get mysql(): boolean {
    return this.ds.options.type !== 'better-sqlite3';
  }

  /** The WALLET system accounts (id → role). */
  async systemAccounts(): Promise<Map<number, string>> {
    const rows = (await this.em.query(
      `SELECT id, system_code FROM ledger_account WHERE member_id IS NULL AND kind = 'WALLET' AND system_code LIKE 'WALLET:%'`,
    )) as { id: number | string; system_code: string }[];
    return new Map(rows.map((r) => [Number(r.id), r.system_code.slice('WALLET:'.length)]));
  }

  /** Member-leg movements before `periodStart` (opening) and within [periodStart, end), grouped. */
  async movements(
    accounts: Map<number, string>,
    periodStart: Date,
    end: Date,
    group: MovementGroup,
  ): Promise<MovementSum[]> {
    if (accounts.size === 0) return [];
    const ids = [...accounts.keys()];
    const key = group === 'store' ? 'm.store_id' : group === 'member' ? 'ma.member_id' : 'NULL';
    // The bonus part of a leg: BONUS lots it created (credits, renewed restores) plus BONUS lots it moved.
    const legs = `
      SELECT CASE WHEN s.created_at < ? THEN 0 ELSE 1 END AS in_period, s.account_id AS system_id,
             m.entry_type, CASE WHEN m.biz_type = ? THEN 1 ELSE 0 END AS sale, ${key} AS group_key, m.amount,
             (SELECT COALESCE(SUM(l.amount), 0) FROM ledger_lot l WHERE l.entry_id = m.id AND l.lot_kind = 'BONUS')
           + (SELECT COALESCE(SUM(a.amount), 0) FROM ledger_allocation a JOIN ledger_lot al ON al.id = a.lot_id
               WHERE a.entry_id = m.id AND al.lot_kind = 'BONUS') AS bonus_abs
        FROM ledger_entry s
        JOIN ledger_entry m ON m.journal_account_id = s.journal_account_id AND m.journal_seq = s.journal_seq
                           AND m.account_id <> s.account_id
        JOIN ledger_account ma ON ma.id = m.account_id AND ma.member_id IS NOT NULL AND ma.kind = 'WALLET'
       WHERE s.account_id IN (${ids.map(() => '?').join(', ')}) AND s.created_at < ?`;
    const rows = (await this.em.query(
      `SELECT in_period, system_id, entry_type, sale, group_key, SUM(amount) AS amount,
              SUM(CASE WHEN amount < 0 THEN -bonus_abs ELSE bonus_abs END) AS bonus
         FROM (${legs}) legs
        GROUP BY in_period, system_id, entry_type, sale, group_key`,
      [this.at(periodStart), SALE_WALLET_BIZ, ...ids, this.at(end)],
    )) as Record<string, unknown>[];
    return rows.map((r) => ({
      inPeriod: Number(r.in_period) === 1 ? 1 : 0,
      role: accounts.get(Number(r.system_id)) ?? 'UNKNOWN',
      entryType: String(r.entry_type),
      sale: Number(r.sale) === 1,
      groupKey: r.group_key === null || r.group_key === undefined ? null : Number(r.group_key),
      amountFen: Number(r.amount),
      bonusFen: Number(r.bonus),
    }));
  }

  /** −Σ the WALLET system accounts' legs before `end`: what the ledger says members hold. */
  async systemTotal(accounts: Map<number, string>, end: Date): Promise<number> {
    if (accounts.size === 0) return 0;
    const ids = [...accounts.keys()];
    const [row] = (await this.em.query(
      `SELECT COALESCE(SUM(amount), 0) AS total FROM ledger_entry
        WHERE account_id IN (${ids.map(() => '?').join(', ')}) AND created_at < ?`,
      [...ids, this.at(end)],
    )) as { total: number | string }[];
    return -Number(row.total);
  }

  /** Σ each member wallet's balance_after of its last leg before `end` (the balance chain, independently). */
  async memberBalancesTotal(end: Date): Promise<number> {
    const [row] = (await this.em.query(
      `SELECT COALESCE(SUM(e.balance_after), 0) AS total FROM ledger_entry e
         JOIN (SELECT x.account_id, MAX(x.journal_seq) AS seq FROM ledger_entry x
                 JOIN ledger_account a ON a.id = x.account_id
                WHERE a.kind = 'WALLET' AND a.member_id IS NOT NULL AND x.journal_account_id = x.account_id
                  AND x.created_at < ?
                GROUP BY x.account_id) last
           ON last.account_id = e.account_id AND e.journal_account_id = e.account_id AND e.journal_seq = last.seq`,
      [this.at(end)],
    )) as { total: number | string }[];
    return Number(row.total);
  }

  /** Σ system legs per Asia/Shanghai day within [start, end) (negated: members' net inflow per day). */
  async dailyNet(accounts: Map<number, string>, start: Date, end: Date): Promise<Map<string, number>> {
    if (accounts.size === 0) return new Map();
    const ids = [...accounts.keys()];
    const day = this.mysql
      ? "DATE_FORMAT(DATE_ADD(created_at, INTERVAL 8 HOUR), '%Y-%m-%d')"
      : "date(created_at, '+8 hours')";
    const rows = (await this.em.query(
      `SELECT ${day} AS day, SUM(amount) AS total FROM ledger_entry
        WHERE account_id IN (${ids.map(() => '?').join(', ')}) AND created_at >= ? AND created_at < ?
        GROUP BY ${day}`,
      [...ids, this.at(start), this.at(end)],
    )) as { day: string; total: number | string }[];
    return new Map(rows.map((r) => [String(r.day), -Number(r.total)]));
  }
}
