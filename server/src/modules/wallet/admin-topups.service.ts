import { Injectable } from '@nestjs/common';
import {
  AuditAction,
  ErrorCode,
  OperatorRole,
  type AdminTopup,
  type AdminTopupQuery,
  type AdminTopupStats,
  type Page,
  type PayAnomalyKind,
  type TopupStatus,
} from '@member/shared';
import { AppException } from '../../common/app-exception';
import { Clock, shanghaiDayStart } from '../../common/clock';
import { csvDocument, csvTime } from '../../common/csv';
import { LedgerService } from '../../ledger/ledger.service';
import { walletSplit } from '../../ledger/ledger.types';
import { WechatPayError } from '../../wechat-pay/wechat-pay.gateway';
import { AuditService, operatorActor } from '../audit/audit.service';
import type { OperatorPrincipal } from '../auth/token.service';
import { MemberDirectory } from '../members/member-directory';
import type { TopupOrder } from './entities/topup-order.entity';
import { PayAnomaliesRepository } from './pay-anomalies.repository';
import { TopupOrdersRepository } from './topup-orders.repository';
import { TopupPlansRepository } from './topup-plans.repository';
import { TopupSyncService } from './topup-sync.service';
import { adminTopupView } from './wallet-views';
import { WalletReadsRepository } from './wallet-reads.repository';

/** Rows one CSV download holds at most (the filters narrow a bigger set). */
export const TOPUP_EXPORT_MAX_ROWS = 10_000;
const STATUS_LABELS: Record<TopupStatus, string> = {
  NOTPAY: '待支付',
  PAID: '已到账',
  CLOSED: '已关闭',
  REFUNDED: '已退款',
};
const ANOMALY_LABELS: Record<PayAnomalyKind, string> = {
  AMOUNT_MISMATCH: '金额不符',
  MCHID_MISMATCH: '商户号不符',
  APPID_MISMATCH: 'AppID 不符',
  UNKNOWN_ORDER: '未知订单',
  PAID_AFTER_CLOSE: '关单后支付',
  OVER_CAP: '超出储值上限',
  REFUND_ABNORMAL: '退款异常',
  RECON_UNKNOWN_TRADE: '对账：我方无此订单',
  RECON_NOT_CREDITED: '对账：微信已收款未入账',
  RECON_NOT_AT_WECHAT: '对账：微信账单无此笔',
  RECON_AMOUNT_DIFF: '对账：金额不符',
};
/** Fen as yuan for a spreadsheet: digits and a point, no currency sign or grouping. */
const yuan = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
/** Analysts see who paid as a member no. only: the nickname is masked. */
const masked = (name: string | null) => (name ? `${name.slice(0, 1)}**` : null);

/** The console's top-up orders: list (and CSV), today's figures, and asking WeChat about one order now. */
@Injectable()
export class AdminTopupsService {
  constructor(
    private readonly clock: Clock,
    private readonly orders: TopupOrdersRepository,
    private readonly plans: TopupPlansRepository,
    private readonly reads: WalletReadsRepository,
    private readonly anomalies: PayAnomaliesRepository,
    private readonly members: MemberDirectory,
    private readonly sync: TopupSyncService,
    private readonly audit: AuditService,
    private readonly ledger: LedgerService,
  ) {}

  async list(query: AdminTopupQuery, op: OperatorPrincipal): Promise<Page<AdminTopup>> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const memberId = await this.memberFilter(query);
    if (memberId === null) return { items: [], total: 0, page, pageSize };
    const [rows, total] = await this.reads.orders({ ...query, memberId }, (page - 1) * pageSize, pageSize);
    const items = await this.views(rows);
    return {
      items: op.role === OperatorRole.Analyst ? items.map((i) => ({ ...i, memberName: masked(i.memberName) })) : items,
      total,
      page,
      pageSize,
    };
  }

  /** The orders the filters show, as CSV (audited: it names members). Analysts get no download. */
  async csv(query: AdminTopupQuery, op: OperatorPrincipal): Promise<string> {
    if (op.role === OperatorRole.Analyst) throw new AppException(ErrorCode.FORBIDDEN);
    const memberId = await this.memberFilter(query);
    const rows =
      memberId === null
        ? []
        : await this.views((await this.reads.orders({ ...query, memberId }, 0, TOPUP_EXPORT_MAX_ROWS))[0]);
    const filters = Object.fromEntries(
      Object.entries(query).filter(([k, v]) => v !== undefined && !['format', 'page', 'pageSize'].includes(k)),
    );
    await this.audit.record(operatorActor(op), {
      action: AuditAction.TopupsExported,
      targetType: 'topup_order',
      after: { ...filters, rows: rows.length },
    });
    return csvDocument(
      [
        '商户订单号',
        '微信支付单号',
        '会员号',
        '会员昵称',
        '充值方案',
        '支付金额（元）',
        '赠送金额（元）',
        '状态',
        '确认方式',
        '已退本金（元）',
        '异常',
        '下单时间',
        '支付时间',
      ],
      rows.map((r) => [
        r.outTradeNo,
        r.transactionId ?? '',
        r.memberNo,
        r.memberName ?? '',
        r.planName ?? '自定义金额',
        yuan(r.payFen),
        yuan(r.bonusFen),
        STATUS_LABELS[r.status],
        r.confirmedBy === 'NOTIFY' ? '支付通知' : r.confirmedBy === 'QUERY' ? '主动查询' : '',
        yuan(r.refundedFen),
        r.anomaly ? ANOMALY_LABELS[r.anomaly] : '',
        csvTime(r.createdAt),
        csvTime(r.paidAt),
      ]),
    );
  }

  async stats(): Promise<AdminTopupStats> {
    const [today, outstanding, openAnomalies, unpaidOpen] = await Promise.all([
      this.reads.paidSince(shanghaiDayStart(this.clock.today())),
      this.ledger.outstandingByLotKind('WALLET').then(walletSplit),
      this.anomalies.countOpen(),
      this.reads.countUnpaid(),
    ]);
    return {
      todayCount: today.count,
      todayPayFen: today.payFen,
      todayBonusFen: today.bonusFen,
      outstandingPrincipalFen: outstanding.principalFen,
      outstandingBonusFen: outstanding.bonusFen,
      openAnomalies,
      unpaidOpen,
    };
  }

  /** Asks WeChat about the order now (credit when paid, close when expired), audited. */
  async syncOne(outTradeNo: string, op: OperatorPrincipal): Promise<AdminTopup> {
    const order = await this.orders.byOutTradeNo(outTradeNo);
    if (!order) throw new AppException(ErrorCode.WALLET_TOPUP_NOT_FOUND);
    let outcome: string;
    try {
      outcome = await this.sync.syncOne(order);
    } catch (error) {
      if (!(error instanceof WechatPayError)) throw error;
      throw new AppException(ErrorCode.WALLET_PAY_UNAVAILABLE);
    }
    const after = (await this.orders.byOutTradeNo(outTradeNo))!;
    await this.audit.record(operatorActor(op), {
      action: AuditAction.TopupSynced,
      targetType: 'topup_order',
      targetId: outTradeNo,
      before: { status: order.status },
      after: { status: after.status, outcome },
    });
    return (await this.views([after]))[0];
  }

  /** The member filter as an id: undefined = no filter, null = no such member (nothing matches). */
  private async memberFilter(query: AdminTopupQuery): Promise<number | undefined | null> {
    if (!query.memberNo) return undefined;
    const no = query.memberNo.trim();
    return (await this.members.idsByNo([no])).get(no) ?? null;
  }

  private async views(rows: TopupOrder[]): Promise<AdminTopup[]> {
    const [refs, plans, flags] = await Promise.all([
      this.members.refs(rows.map((r) => r.memberId)),
      this.plans.byIds(rows.map((r) => r.planId).filter((id): id is number => id !== null)),
      this.anomalies.openKinds(rows.map((r) => r.outTradeNo)),
    ]);
    const names = new Map(plans.map((p) => [p.id, p.name]));
    return rows.map((o) =>
      adminTopupView(
        o,
        refs.get(o.memberId),
        o.planId === null ? null : (names.get(o.planId) ?? null),
        flags.get(o.outTradeNo) ?? null,
      ),
    );
  }
}
