import { Injectable, Logger } from '@nestjs/common';
import {
  ActorType,
  AuditAction,
  ErrorCode,
  type Page,
  type ReconAnomalyKind,
  type ReconItem as ReconItemView,
  type ReconItemQuery,
  type ReconRun as ReconRunView,
  type ReconRunDetail,
  type ReconRunQuery,
} from '@member/shared';
import { AppException } from '../../common/app-exception';
import { addBizDays, Clock, shanghaiDayStart } from '../../common/clock';
import { WechatPayError, WechatPayGateway } from '../../wechat-pay/wechat-pay.gateway';
import { AuditService, operatorActor, type AuditActor } from '../audit/audit.service';
import type { OperatorPrincipal } from '../auth/token.service';
import type { ReconRun } from './entities/recon-run.entity';
import { TopupSettlementService } from './topup-settlement.service';
import { parseTradeBill, TradeBillFormatError, type BillPayment, type TradeBill } from './wechat-trade-bill';
import {
  WalletReconciliationRepository,
  type NewReconItem,
  type OrderSide,
  type RefundSide,
  type RunTotals,
} from './wallet-reconciliation.repository';

/** WeChat keeps trade bills for three months. */
export const RECON_MAX_DAYS = 92;
const JOB_ACTOR: AuditActor = { type: ActorType.System, id: null, name: 'wallet-reconcile', role: null, storeId: null };

type Trigger = { kind: 'JOB' } | { kind: 'OPERATOR'; op: OperatorPrincipal };

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * Reconciles one day of WeChat Pay's trade bill with our top-ups, line by line. A payment in the bill
 * whose order is still unpaid here is a 掉单: WeChat is asked for the full transaction and it is credited
 * through TopupSettlementService (the one idempotent credit path), audited. Every other disagreement is a
 * line for the operator and a pay_anomaly (支付异常). One run per bill date: a rerun replaces its lines;
 * repairs and flags are idempotent, so running a day twice changes nothing the first run settled.
 * Refund lines are matched with our principal refunds by out_refund_no the same way (nothing to repair:
 * a refund's outcome arrives by notification or the refund sync job).
 */
@Injectable()
export class WalletReconciliationService {
  private readonly log = new Logger('WalletReconcile');

  constructor(
    private readonly clock: Clock,
    private readonly gateway: WechatPayGateway,
    private readonly repo: WalletReconciliationRepository,
    private readonly settlement: TopupSettlementService,
    private readonly audit: AuditService,
  ) {}

  /** The daily job: yesterday's bill (WeChat's is ready about 10:00 the next day). */
  async reconcileYesterday(runKey: string): Promise<ReconRunView> {
    return this.reconcile(addBizDays(runKey, -1), { kind: 'JOB' });
  }

  /** An operator's run of any day within WeChat's three months (today's bill is partial until tomorrow). */
  async reconcileForOperator(billDate: string, op: OperatorPrincipal): Promise<ReconRunView> {
    const today = this.clock.today();
    if (billDate > today || billDate < addBizDays(today, -RECON_MAX_DAYS)) {
      throw new AppException(ErrorCode.WALLET_RECON_DATE_INVALID);
    }
    return this.reconcile(billDate, { kind: 'OPERATOR', op });
  }

  async list(query: ReconRunQuery): Promise<Page<ReconRunView>> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const [rows, total] = await this.repo.runs(query, page, pageSize);
    return { items: rows.map(runView), total, page, pageSize };
  }

  async detail(id: number, query: ReconItemQuery): Promise<ReconRunDetail> {
    const run = await this.repo.runById(id);
    if (!run) throw new AppException(ErrorCode.WALLET_RECON_NOT_FOUND);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    const [rows, total] = await this.repo.items(id, query, page, pageSize);
    const items: ReconItemView[] = rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      status: r.status,
      outTradeNo: r.outTradeNo,
      outRefundNo: r.outRefundNo,
      transactionId: r.transactionId,
      billFen: r.billFen,
      ourFen: r.ourFen,
      tradeTime: iso(r.tradeTime),
      note: r.note,
    }));
    return { run: runView(run), items: { items, total, page, pageSize } };
  }

  private async reconcile(billDate: string, trigger: Trigger): Promise<ReconRunView> {
    const actor = trigger.kind === 'JOB' ? JOB_ACTOR : operatorActor(trigger.op);
    const runId = await this.repo.claim(
      billDate,
      { triggeredBy: trigger.kind, operatorId: trigger.kind === 'OPERATOR' ? trigger.op.operatorId : null },
      this.clock.now(),
    );
    if (runId === null) throw new AppException(ErrorCode.WALLET_RECON_RUNNING);
    let totals: RunTotals;
    let items: NewReconItem[] = [];
    try {
      const text = await this.gateway.tradeBill(billDate);
      const bill: TradeBill = text === null ? emptyBill() : parseTradeBill(text);
      ({ totals, items } = await this.compare(billDate, bill, actor));
      totals.noStatement = text === null;
    } catch (e) {
      if (!(e instanceof WechatPayError) && !(e instanceof TradeBillFormatError)) {
        await this.repo.finish(runId, failed('对账中断，请重新对账'), [], this.clock.now());
        throw e;
      }
      this.log.warn(`bill ${billDate}: ${e.message}`);
      const reason = e instanceof WechatPayError ? `下载微信支付账单失败（${e.code}）` : `账单格式异常：${e.message}`;
      totals = failed(reason.slice(0, 255));
    }
    await this.repo.finish(runId, totals, items, this.clock.now());
    const run = (await this.repo.runById(runId))!;
    if (trigger.kind === 'OPERATOR') {
      await this.audit.record(actor, {
        action: AuditAction.WalletReconciled,
        targetType: 'recon_run',
        targetId: runId,
        after: { billDate, status: run.status, repaired: run.repairedCount, mismatches: run.mismatchCount },
      });
    }
    return runView(run);
  }

  private async compare(
    billDate: string,
    bill: TradeBill,
    actor: AuditActor,
  ): Promise<{ totals: RunTotals; items: NewReconItem[] }> {
    const dayStart = shanghaiDayStart(billDate);
    const dayEnd = shanghaiDayStart(addBizDays(billDate, 1));
    const known = await this.repo.ordersByOutTradeNo([...new Set(bill.payments.map((p) => p.outTradeNo))]);
    const items: NewReconItem[] = [];
    // Ours: paid that day, plus any order a bill line matched (paid at a day's edge on our clock).
    const ours = new Map((await this.repo.paidBetween(dayStart, dayEnd)).map((o) => [o.outTradeNo, o]));
    const seen = new Set<string>();
    for (const line of bill.payments) {
      const order = known.get(line.outTradeNo) ?? null;
      const item = await this.matchLine(billDate, line, order, seen, actor);
      items.push(item);
      if (order && (item.status === 'MATCHED' || item.status === 'REPAIRED' || item.status === 'AMOUNT_MISMATCH')) {
        ours.set(order.outTradeNo, order);
      }
    }
    for (const order of ours.values()) {
      if (seen.has(order.outTradeNo)) continue;
      items.push({
        kind: 'PAYMENT',
        status: 'MISSING_AT_WECHAT',
        outTradeNo: order.outTradeNo,
        outRefundNo: null,
        transactionId: order.transactionId,
        billFen: null,
        ourFen: order.payFen,
        tradeTime: null,
        note: '本系统已到账，微信支付当天账单中没有这笔',
      });
      await this.raise('RECON_NOT_AT_WECHAT', billDate, order, null, true);
    }
    const refunds = await this.compareRefunds(billDate, bill, dayStart, dayEnd);
    items.push(...refunds.items);
    const count = (s: NewReconItem['status']) => items.filter((i) => i.status === s).length;
    const mismatchCount = items.length - count('MATCHED') - count('REPAIRED');
    return {
      items,
      totals: {
        status: mismatchCount === 0 ? 'BALANCED' : 'MISMATCHED',
        noStatement: false,
        billCount: bill.payments.length,
        billFen: bill.payments.reduce((s, p) => s + p.orderFen, 0),
        ourCount: ours.size,
        ourFen: [...ours.values()].reduce((s, o) => s + o.payFen, 0),
        matchedCount: count('MATCHED'),
        repairedCount: count('REPAIRED'),
        mismatchCount,
        billRefundCount: bill.refunds.length,
        billRefundFen: bill.refunds.reduce((s, r) => s + r.refundFen, 0),
        ourRefundCount: refunds.ours.length,
        ourRefundFen: refunds.ours.reduce((s, r) => s + r.principalFen, 0),
        error: null,
      },
    };
  }

  /** One payment line of the bill against our order of the same out_trade_no. */
  private async matchLine(
    billDate: string,
    line: BillPayment,
    order: OrderSide | null,
    seen: Set<string>,
    actor: AuditActor,
  ): Promise<NewReconItem> {
    const item = (status: NewReconItem['status'], note: string | null, ourFen = order?.payFen ?? null) => ({
      kind: 'PAYMENT' as const,
      status,
      outTradeNo: line.outTradeNo,
      outRefundNo: null,
      transactionId: line.transactionId,
      billFen: line.orderFen,
      ourFen,
      tradeTime: line.tradeTime,
      note,
    });
    if (!order) {
      await this.raise('RECON_UNKNOWN_TRADE', billDate, null, line, false);
      return item('MISSING_HERE', '微信支付已收款，本系统没有这笔订单');
    }
    if (seen.has(order.outTradeNo)) {
      await this.raise('RECON_AMOUNT_DIFF', billDate, order, line, true);
      return item('AMOUNT_MISMATCH', '账单中同一商户订单号出现两次');
    }
    seen.add(order.outTradeNo);
    if (order.status === 'NOTPAY' || order.status === 'CLOSED') return this.repair(billDate, line, order, item, actor);
    if (order.payFen !== line.orderFen || order.transactionId !== line.transactionId) {
      await this.raise('RECON_AMOUNT_DIFF', billDate, order, line, true);
      const note = order.payFen !== line.orderFen ? '金额不一致' : '微信支付单号不一致';
      return item('AMOUNT_MISMATCH', note);
    }
    return item('MATCHED', null);
  }

  /** 掉单: WeChat has the money, our order is unpaid. Ask WeChat for the transaction, credit it once. */
  private async repair(
    billDate: string,
    line: BillPayment,
    order: OrderSide,
    item: (status: NewReconItem['status'], note: string | null) => NewReconItem,
    actor: AuditActor,
  ): Promise<NewReconItem> {
    let note: string;
    try {
      const t = await this.gateway.query(order.outTradeNo);
      const outcome = t ? await this.settlement.settle(t, 'QUERY') : 'UNKNOWN';
      if (outcome === 'CREDITED') {
        await this.audit.record(actor, {
          action: AuditAction.TopupRepairedByRecon,
          targetType: 'topup_order',
          targetId: order.outTradeNo,
          before: { status: order.status },
          after: { status: 'PAID', transactionId: t!.transactionId, payFen: order.payFen, billDate },
        });
        return item('REPAIRED', `掉单已补：按微信支付查询结果入账（原状态 ${order.status}）`);
      }
      if (outcome === 'ALREADY') return item('MATCHED', '对账时已由支付通知或查询入账');
      // FLAGGED: WeChat's transaction disagrees with our order (settle flagged it, nothing credited).
      if (outcome === 'FLAGGED') return item('AMOUNT_MISMATCH', '微信支付的交易与订单不一致，未入账');
      note = `账单有此笔，但向微信支付查询的结果不是已支付（${t?.tradeState ?? '无此订单'}）`;
    } catch (e) {
      if (!(e instanceof WechatPayError)) throw e;
      note = `向微信支付查询失败（${e.code}），请稍后重新对账`;
    }
    await this.raise('RECON_NOT_CREDITED', billDate, order, line, false);
    return item('MISSING_HERE', note);
  }

  /**
   * The bill's refund lines against our principal refunds WeChat accepted that day, by out_refund_no. A refund
   * WeChat reports SUCCESS that we recorded CLOSED (the member's wallet was given back) — or the reverse — is
   * a difference like an amount; states still moving (PROCESSING) are left to the refund notification.
   */
  private async compareRefunds(billDate: string, bill: TradeBill, dayStart: Date, dayEnd: Date) {
    const ours = await this.repo.refundsAcceptedBetween(dayStart, dayEnd);
    const known = await this.repo.refundsByOutRefundNo([...new Set(bill.refunds.map((r) => r.outRefundNo))]);
    const items: NewReconItem[] = [];
    const seen = new Set<string>();
    for (const line of bill.refunds) {
      const ourRefund = known.get(line.outRefundNo) ?? null;
      const item = (status: NewReconItem['status'], note: string | null): NewReconItem => ({
        kind: 'REFUND',
        status,
        outTradeNo: line.outTradeNo,
        outRefundNo: line.outRefundNo,
        transactionId: null,
        billFen: line.refundFen,
        ourFen: ourRefund?.principalFen ?? null,
        tradeTime: null,
        note,
      });
      const flag = (kind: ReconAnomalyKind) =>
        this.raiseRefund(kind, billDate, line.outTradeNo, line.outRefundNo, ourRefund, line.refundFen);
      if (!ourRefund) {
        await flag('RECON_UNKNOWN_TRADE');
        items.push(item('MISSING_HERE', '微信支付有这笔退款，本系统没有对应的退款记录'));
        continue;
      }
      seen.add(ourRefund.outRefundNo);
      const settledApart =
        (line.status === 'SUCCESS' && ourRefund.status === 'CLOSED') ||
        (line.status === 'CLOSED' && ourRefund.status === 'SUCCESS');
      if (ourRefund.principalFen !== line.refundFen || settledApart) {
        await flag('RECON_AMOUNT_DIFF');
        items.push(
          item(
            'AMOUNT_MISMATCH',
            settledApart ? `退款状态不一致：微信 ${line.status}，本系统 ${ourRefund.status}` : '退款金额不一致',
          ),
        );
        continue;
      }
      items.push(
        item('MATCHED', line.status === ourRefund.status ? null : `微信 ${line.status}，本系统 ${ourRefund.status}`),
      );
    }
    for (const r of ours) {
      if (seen.has(r.outRefundNo)) continue;
      await this.raiseRefund('RECON_NOT_AT_WECHAT', billDate, r.outTradeNo, r.outRefundNo, r, null);
      items.push({
        kind: 'REFUND',
        status: 'MISSING_AT_WECHAT',
        outTradeNo: r.outTradeNo,
        outRefundNo: r.outRefundNo,
        transactionId: null,
        billFen: null,
        ourFen: r.principalFen,
        tradeTime: null,
        note: '微信支付已受理的退款，不在当天账单中',
      });
    }
    return { items, ours };
  }

  private async raiseRefund(
    kind: ReconAnomalyKind,
    billDate: string,
    outTradeNo: string,
    outRefundNo: string,
    ours: RefundSide | null,
    billFen: number | null,
  ): Promise<void> {
    await this.settlement.flag({
      kind,
      outTradeNo,
      transactionId: null,
      // Refund flags are keyed by the refund, as the refund notifications' are.
      transactionKey: `refund:${outRefundNo}`,
      expectedFen: ours?.principalFen ?? null,
      reportedFen: billFen,
      credited: false,
      memberId: ours?.memberId ?? null,
      detail: { billDate, outRefundNo, ourStatus: ours?.status ?? null },
    });
  }

  /** A flag for the 支付异常 page, once per (kind, order, transaction): reruns do not repeat it. */
  private async raise(
    kind: ReconAnomalyKind,
    billDate: string,
    order: OrderSide | null,
    line: BillPayment | null,
    credited: boolean,
  ): Promise<void> {
    const outTradeNo = line?.outTradeNo ?? order!.outTradeNo;
    const transactionId = line?.transactionId ?? order?.transactionId ?? null;
    await this.settlement.flag({
      kind,
      outTradeNo,
      transactionId,
      expectedFen: order?.payFen ?? null,
      reportedFen: line?.orderFen ?? null,
      credited,
      memberId: order?.memberId ?? null,
      detail: {
        billDate,
        ...(line
          ? { billTransactionId: line.transactionId, billFen: line.orderFen, tradeTime: line.tradeTime.toISOString() }
          : {}),
        ...(order ? { ourTransactionId: order.transactionId, ourStatus: order.status } : {}),
      },
    });
  }
}

function emptyBill(): TradeBill {
  return { payments: [], refunds: [], summaryCount: 0, summaryOrderFen: 0 };
}

function failed(error: string): RunTotals {
  return {
    status: 'FAILED',
    noStatement: false,
    billCount: 0,
    billFen: 0,
    ourCount: 0,
    ourFen: 0,
    matchedCount: 0,
    repairedCount: 0,
    mismatchCount: 0,
    billRefundCount: 0,
    billRefundFen: 0,
    ourRefundCount: 0,
    ourRefundFen: 0,
    error,
  };
}

function runView(r: ReconRun): ReconRunView {
  return {
    id: r.id,
    billDate: r.billDate,
    status: r.status,
    noStatement: r.noStatement,
    billCount: r.billCount,
    billFen: r.billFen,
    ourCount: r.ourCount,
    ourFen: r.ourFen,
    matchedCount: r.matchedCount,
    repairedCount: r.repairedCount,
    mismatchCount: r.mismatchCount,
    billRefundCount: r.billRefundCount,
    billRefundFen: r.billRefundFen,
    ourRefundCount: r.ourRefundCount,
    ourRefundFen: r.ourRefundFen,
    error: r.error,
    triggeredBy: r.triggeredBy,
    startedAt: r.startedAt.toISOString(),
    finishedAt: iso(r.finishedAt),
  };
}
