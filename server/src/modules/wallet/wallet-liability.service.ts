import { Injectable } from '@nestjs/common';
import {
  AuditAction,
  ErrorCode,
  OperatorRole,
  type LiabilityFigures,
  type LiabilityGroupBy,
  type LiabilityQuery,
  type LiabilityReport,
  type LiabilityRow,
  type PrincipalBonus,
} from '@member/shared';
import { AppException } from '../../common/app-exception';
import { addBizDays, Clock, shanghaiDayStart } from '../../common/clock';
import { csvDocument } from '../../common/csv';
import { AppConfig } from '../../config/app-config';
import { AuditService, operatorActor } from '../audit/audit.service';
import type { OperatorPrincipal } from '../auth/token.service';
import { MemberDirectory } from '../members/member-directory';
import { StoreDirectory } from '../stores/store-directory';
import { WalletLiabilityRepository, type MovementSum } from './wallet-liability.repository';

/** A report spans at most this many days (the daily chart has one point per day). */
export const LIABILITY_MAX_DAYS = 400;
/** Member rows one report holds at most (largest closing balances first). */
export const LIABILITY_MAX_MEMBER_ROWS = 5000;

type Movement = Exclude<keyof LiabilityFigures, 'opening' | 'closing'>;

const zero = (): PrincipalBonus => ({ principalFen: 0, bonusFen: 0, totalFen: 0 });
const blank = (): LiabilityFigures => ({
  opening: zero(),
  topups: zero(),
  bonusGranted: zero(),
  spent: zero(),
  spendReturned: zero(),
  refunded: zero(),
  forfeited: zero(),
  adjustments: zero(),
  closing: zero(),
});

/**
 * Where a member leg goes in the statement, and its sign there. Movements that take money out of the
 * wallets (spend, refunds, forfeits) are shown positive; adjustments keep their sign.
 */
function lineOf(m: MovementSum): { line: Movement; sign: 1 | -1 } {
  if (m.role === 'CASH_RECEIVED') return { line: 'topups', sign: 1 };
  if (m.role === 'BONUS_GRANTED') return { line: 'bonusGranted', sign: 1 };
  if (m.role === 'REFUNDED') return { line: 'refunded', sign: -1 };
  if (m.role === 'FORFEITED') return { line: 'forfeited', sign: -1 };
  // A sale refund restores the tender (REVERSAL of the sale's debit); a voided hold simply un-spends.
  if (m.role === 'REDEEMED' && m.sale)
    return { line: m.entryType === 'REVERSAL' ? 'spendReturned' : 'spent', sign: m.entryType === 'REVERSAL' ? 1 : -1 };
  if (m.role === 'HELD') return { line: 'spent', sign: -1 };
  return { line: 'adjustments', sign: 1 };
}

function add(into: PrincipalBonus, amountFen: number, bonusFen: number, sign: 1 | -1): void {
  into.totalFen += sign * amountFen;
  into.bonusFen += sign * bonusFen;
  into.principalFen += sign * (amountFen - bonusFen);
}

/** closing = opening + top-ups + bonus − spent + returned − refunded − forfeited + adjustments. */
function close(f: LiabilityFigures): void {
  const parts: [PrincipalBonus, number][] = [
    [f.opening, 1],
    [f.topups, 1],
    [f.bonusGranted, 1],
    [f.spent, -1],
    [f.spendReturned, 1],
    [f.refunded, -1],
    [f.forfeited, -1],
    [f.adjustments, 1],
  ];
  for (const key of ['principalFen', 'bonusFen', 'totalFen'] as const) {
    f.closing[key] = parts.reduce((sum, [p, sign]) => sum + sign * p[key], 0);
  }
}

/** First day of the quarter `date` falls in. */
function quarterStart(date: string): string {
  const [y, m] = date.split('-').map(Number);
  return `${y}-${String(Math.floor((m - 1) / 3) * 3 + 1).padStart(2, '0')}-01`;
}

/** Fen as yuan for a spreadsheet: digits and a point, no currency sign or grouping. */
const yuan = (fen: number) =>
  `${fen < 0 ? '-' : ''}${Math.floor(Math.abs(fen) / 100)}.${String(Math.abs(fen) % 100).padStart(2, '0')}`;

/**
 * The stored-value liability (储值负债) as of a day: a statement of the period from `from` to `asOf`
 * (Asia/Shanghai days) — opening, principal top-ups, bonus granted, spend and its returns, refunds,
 * forfeits, adjustments, closing, each split principal/bonus — read from the ledger's member legs and
 * tied out against the system accounts and the members' balance chains. Per store it shows where the
 * money moved (top-ups carry no store: 线上充值); per member each wallet's statement.
 */
@Injectable()
export class WalletLiabilityService {
  constructor(
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly repo: WalletLiabilityRepository,
    private readonly members: MemberDirectory,
    private readonly stores: StoreDirectory,
    private readonly audit: AuditService,
  ) {}

  async report(query: LiabilityQuery, op: OperatorPrincipal): Promise<LiabilityReport> {
    const groupBy: LiabilityGroupBy = query.groupBy ?? 'total';
    // Analysts read totals only (as for coupons): no statement per member.
    if (groupBy === 'member' && op.role === OperatorRole.Analyst) throw new AppException(ErrorCode.FORBIDDEN);
    const asOf = query.asOf;
    const from = query.from ?? `${asOf.slice(0, 7)}-01`;
    if (from > asOf || asOf > this.clock.today() || addBizDays(from, LIABILITY_MAX_DAYS) <= asOf) {
      throw new AppException(ErrorCode.WALLET_LIABILITY_RANGE_INVALID);
    }
    const start = shanghaiDayStart(from);
    const end = shanghaiDayStart(addBizDays(asOf, 1));
    const accounts = await this.repo.systemAccounts();
    const sums = await this.repo.movements(accounts, start, end, groupBy);
    const total = blank();
    const groups = new Map<number | null, LiabilityFigures>();
    for (const m of sums) {
      if (m.inPeriod === 0) add(total.opening, m.amountFen, m.bonusFen, 1);
      else {
        const { line, sign } = lineOf(m);
        add(total[line], m.amountFen, m.bonusFen, sign);
      }
      if (groupBy === 'total') continue;
      const g = groups.get(m.groupKey) ?? blank();
      groups.set(m.groupKey, g);
      if (m.inPeriod === 0) {
        // Balances are per member, not per store: store rows show the period's movements only.
        if (groupBy === 'member') add(g.opening, m.amountFen, m.bonusFen, 1);
      } else {
        const { line, sign } = lineOf(m);
        add(g[line], m.amountFen, m.bonusFen, sign);
      }
    }
    close(total);
    const [systemAccountsFen, memberBalancesFen, daily, custody] = await Promise.all([
      this.repo.systemTotal(accounts, end),
      this.repo.memberBalancesTotal(end),
      this.daily(accounts, from, asOf, total.opening.totalFen),
      this.custody(accounts, asOf),
    ]);
    const recognition = this.config.wallet.bonusRecognition;
    return {
      from,
      asOf,
      groupBy,
      total,
      rows: groupBy === 'total' ? [] : await this.rows(groupBy, groups),
      tieOut: {
        closingFen: total.closing.totalFen,
        systemAccountsFen,
        memberBalancesFen,
        matches: total.closing.totalFen === systemAccountsFen && systemAccountsFen === memberBalancesFen,
      },
      bonusRecognition: recognition,
      bonusExpenseFen:
        recognition === 'EXPENSE_AT_GRANT'
          ? total.bonusGranted.bonusFen - total.forfeited.bonusFen
          : total.spent.bonusFen - total.spendReturned.bonusFen,
      custody,
      daily,
    };
  }

  /** The report as CSV (audited: a per-member report names members). */
  async csv(query: LiabilityQuery, op: OperatorPrincipal): Promise<string> {
    const r = await this.report(query, op);
    await this.audit.record(operatorActor(op), {
      action: AuditAction.WalletLiabilityExported,
      targetType: 'wallet_liability',
      after: { from: r.from, asOf: r.asOf, groupBy: r.groupBy, rows: r.rows.length },
    });
    const lines: [string, keyof LiabilityFigures][] = [
      ['期初', 'opening'],
      ['本金充值', 'topups'],
      ['赠送', 'bonusGranted'],
      ['消费', 'spent'],
      ['消费退回', 'spendReturned'],
      ['退款', 'refunded'],
      ['赠送作废', 'forfeited'],
      ['调整', 'adjustments'],
      ['期末', 'closing'],
    ];
    const header = [
      r.groupBy === 'member' ? '会员号' : r.groupBy === 'store' ? '门店' : '范围',
      ...lines.flatMap(([label]) => [`${label}本金（元）`, `${label}赠送（元）`, `${label}合计（元）`]),
    ];
    const body = [...r.rows, { ...r.total, label: '合计' }].map((row) => [
      row.label,
      ...lines.flatMap(([, key]) => [yuan(row[key].principalFen), yuan(row[key].bonusFen), yuan(row[key].totalFen)]),
    ]);
    return csvDocument(header, [
      ...body,
      [],
      ['报表期间', `${r.from} 至 ${r.asOf}`],
      [
        '账本核对',
        r.tieOut.matches ? '一致' : '不一致',
        yuan(r.tieOut.systemAccountsFen),
        yuan(r.tieOut.memberBalancesFen),
      ],
      [
        '存管要求',
        `${r.custody.percent}% × ${r.custody.quarterEnd} 余额 ${yuan(r.custody.quarterEndBalanceFen)}`,
        yuan(r.custody.requiredFen),
      ],
    ]);
  }

  private async rows(
    groupBy: 'store' | 'member',
    groups: Map<number | null, LiabilityFigures>,
  ): Promise<LiabilityRow[]> {
    const keys = [...groups.keys()].filter((k): k is number => k !== null);
    if (groupBy === 'store') {
      const names = await this.stores.names(keys);
      return [...groups]
        .map(([storeId, f]) => {
          close(f);
          const label = storeId === null ? '线上充值' : (names.get(storeId) ?? `门店 ${storeId}`);
          return { ...f, key: storeId === null ? 'online' : String(storeId), label, storeId };
        })
        .sort((a, b) => (a.storeId === null ? -1 : b.storeId === null ? 1 : a.storeId - b.storeId));
    }
    const figures = [...groups].filter((e): e is [number, LiabilityFigures] => e[0] !== null);
    for (const [, f] of figures) close(f);
    // Members whose wallet neither held nor moved anything in the period are left out.
    const active = figures.filter(([, f]) =>
      Object.values(f).some((p: PrincipalBonus) => p.totalFen !== 0 || p.bonusFen !== 0),
    );
    const shown = active
      .sort((a, b) => b[1].closing.totalFen - a[1].closing.totalFen || a[0] - b[0])
      .slice(0, LIABILITY_MAX_MEMBER_ROWS);
    const cards = await this.members.cards(shown.map(([id]) => id));
    return shown.map(([id, f]) => {
      const memberNo = cards.get(id)?.memberNo ?? '';
      return { ...f, key: String(id), label: memberNo || `会员 ${id}`, memberNo };
    });
  }

  /** Closing balance at the end of each day of the period. */
  private async daily(accounts: Map<number, string>, from: string, asOf: string, openingFen: number) {
    const net = await this.repo.dailyNet(accounts, shanghaiDayStart(from), shanghaiDayStart(addBizDays(asOf, 1)));
    const out: { date: string; closingFen: number }[] = [];
    let balance = openingFen;
    for (let d = from; d <= asOf; d = addBizDays(d, 1)) {
      balance += net.get(d) ?? 0;
      out.push({ date: d, closingFen: balance });
    }
    return out;
  }

  /** wallet.custodyPercent of the balance at the end of the quarter before asOf's, rounded up to the fen. */
  private async custody(accounts: Map<number, string>, asOf: string) {
    const qStart = quarterStart(asOf);
    const balance = await this.repo.systemTotal(accounts, shanghaiDayStart(qStart));
    const percent = this.config.wallet.custodyPercent;
    // Exact in integers: percent in basis points, the product in BigInt, rounded up (keep at least this much).
    const bp = BigInt(Math.round(percent * 100));
    const product = BigInt(Math.max(balance, 0)) * bp;
    const requiredFen = Number((product + 9_999n) / 10_000n);
    return { percent, quarterEnd: addBizDays(qStart, -1), quarterEndBalanceFen: balance, requiredFen };
  }
}
