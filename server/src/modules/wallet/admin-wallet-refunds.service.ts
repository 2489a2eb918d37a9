import { Injectable } from '@nestjs/common';
import {
  AuditAction,
  ErrorCode,
  OperatorRole,
  type AdminMemberWallet,
  type AdminWalletRefundQuery,
  type Page,
  type WalletRefund,
  type WalletRefundStatus,
} from '@member/shared';
import { AppException } from '../../common/app-exception';
import { Clock } from '../../common/clock';
import { csvDocument, csvTime } from '../../common/csv';
import { LedgerService } from '../../ledger/ledger.service';
import { walletSplit } from '../../ledger/ledger.types';
import { AuditService, operatorActor } from '../audit/audit.service';
import type { OperatorPrincipal } from '../auth/token.service';
import { MemberDirectory } from '../members/member-directory';
import { AdminTopupsService } from './admin-topups.service';
import { walletRefundViews } from './wallet-refund-views';
import { REFUND_WINDOW_MS, refundableOf } from './wallet-refunds.service';
import { WalletRefundsRepository } from './wallet-refunds.repository';

/** Rows one CSV download holds at most (the filters narrow a bigger set). */
export const REFUND_EXPORT_MAX_ROWS = 10_000;
/** Orders and refunds the member wallet drawer lists (newest first). */
const MEMBER_WALLET_ROWS = 100;
const STATUS_LABELS: Record<WalletRefundStatus, string> = {
  PROCESSING: '退款中',
  SUCCESS: '已退款',
  CLOSED: '退款关闭',
  ABNORMAL: '退款异常',
};
const yuan = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
/** Analysts see who was refunded as a member no. only: the nickname is masked. */
const masked = (name: string | null) => (name ? `${name.slice(0, 1)}**` : null);

/** The console's side of refunds: one member's wallet (with what can be refunded), and the refund records. */
@Injectable()
export class AdminWalletRefundsService {
  constructor(
    private readonly clock: Clock,
    private readonly ledger: LedgerService,
    private readonly refunds: WalletRefundsRepository,
    private readonly members: MemberDirectory,
    private readonly topups: AdminTopupsService,
    private readonly audit: AuditService,
  ) {}

  async memberWallet(memberId: number, op: OperatorPrincipal): Promise<AdminMemberWallet> {
    const ref = (await this.members.refs([memberId])).get(memberId);
    if (!ref) throw new AppException(ErrorCode.MEMBER_NOT_FOUND);
    const now = this.clock.now();
    const [accounts, paid, rows] = await Promise.all([
      this.ledger.availableWithLots(memberId, ['WALLET']),
      this.refunds.paidOrders(memberId, MEMBER_WALLET_ROWS),
      this.refunds.byMember(memberId, MEMBER_WALLET_ROWS),
    ]);
    const wallet = accounts.get('WALLET');
    const balance = wallet?.balance ?? 0;
    const { principalFen, bonusFen } = wallet ? walletSplit(wallet.lots) : { principalFen: 0, bonusFen: 0 };
    const split = { principal: principalFen, bonus: bonusFen };
    const orderPage = await this.topups.list({ memberNo: ref.memberNo, pageSize: MEMBER_WALLET_ROWS }, op);
    const byNo = new Map(paid.map((o) => [o.outTradeNo, o]));
    const wechat = Math.min(
      split.principal,
      paid.reduce((sum, o) => sum + refundableOf(o, now), 0),
    );
    const refunds = await walletRefundViews(this.members, this.refunds, rows);
    const analyst = op.role === OperatorRole.Analyst;
    return {
      memberId,
      memberNo: ref.memberNo,
      memberName: analyst ? masked(ref.nickname || null) : ref.nickname || null,
      balanceFen: balance,
      principalFen: split.principal,
      bonusFen: split.bonus,
      wechatRefundableFen: wechat,
      offPlatformRefundableFen: split.principal - wechat,
      orders: orderPage.items
        .filter((o) => byNo.has(o.outTradeNo))
        .map((o) => {
          const p = byNo.get(o.outTradeNo)!;
          return {
            ...o,
            refundableFen: refundableOf(p, now),
            refundCount: p.refundCount,
            refundableUntil: new Date(p.paidAt.getTime() + REFUND_WINDOW_MS).toISOString(),
          };
        }),
      refunds: analyst ? refunds.map((r) => ({ ...r, memberName: masked(r.memberName) })) : refunds,
    };
  }

  async list(query: AdminWalletRefundQuery, op: OperatorPrincipal): Promise<Page<WalletRefund>> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const memberId = await this.memberFilter(query);
    if (memberId === null) return { items: [], total: 0, page, pageSize };
    const [rows, total] = await this.refunds.page({ ...query, memberId }, (page - 1) * pageSize, pageSize);
    const items = await walletRefundViews(this.members, this.refunds, rows);
    return {
      items: op.role === OperatorRole.Analyst ? items.map((i) => ({ ...i, memberName: masked(i.memberName) })) : items,
      total,
      page,
      pageSize,
    };
  }

  /** The refunds the filters show, as CSV (audited: it names members). Analysts get no download. */
  async csv(query: AdminWalletRefundQuery, op: OperatorPrincipal): Promise<string> {
    if (op.role === OperatorRole.Analyst) throw new AppException(ErrorCode.FORBIDDEN);
    const memberId = await this.memberFilter(query);
    const rows =
      memberId === null
        ? []
        : await walletRefundViews(
            this.members,
            this.refunds,
            (await this.refunds.page({ ...query, memberId }, 0, REFUND_EXPORT_MAX_ROWS))[0],
          );
    const filters = Object.fromEntries(
      Object.entries(query).filter(([k, v]) => v !== undefined && !['format', 'page', 'pageSize'].includes(k)),
    );
    await this.audit.record(operatorActor(op), {
      action: AuditAction.WalletRefundsExported,
      targetType: 'wallet_refund',
      after: { ...filters, rows: rows.length },
    });
    return csvDocument(
      [
        '商户退款单号',
        '微信退款单号',
        '会员号',
        '会员昵称',
        '商户订单号',
        '微信支付单号',
        '退款方式',
        '退还本金（元）',
        '作废赠送（元）',
        '状态',
        '退款原因',
        '失败原因',
        '操作人',
        '申请时间',
        '退款成功时间',
      ],
      rows.map((r) => [
        r.outRefundNo,
        r.refundId ?? '',
        r.memberNo,
        r.memberName ?? '',
        r.outTradeNo ?? '',
        r.transactionId ?? '',
        r.offPlatform ? '线下退款' : '原路退回',
        yuan(r.principalFen),
        yuan(r.bonusForfeitedFen),
        STATUS_LABELS[r.status],
        r.reason,
        r.failReason ?? '',
        r.operatorName ?? '',
        csvTime(r.createdAt),
        csvTime(r.successAt),
      ]),
    );
  }

  /** The member filter as an id: undefined = no filter, null = no such member (nothing matches). */
  private async memberFilter(query: AdminWalletRefundQuery): Promise<number | undefined | null> {
    if (!query.memberNo) return undefined;
    const no = query.memberNo.trim();
    return (await this.members.idsByNo([no])).get(no) ?? null;
  }
}
