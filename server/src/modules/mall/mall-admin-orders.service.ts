import { Injectable } from '@nestjs/common';
import {
  AuditAction,
  ErrorCode,
  type MallGoodsKind,
  type MallOrderAdmin,
  type MallOrderAdminQuery,
  type MallOrderStatus,
  type MallRefundView,
  type Page,
  type PayRefundRetryRequest,
  type PayRefundRetryResult,
} from '@member/shared';
import { AppException } from '../../common/app-exception';
import { addBizDays, shanghaiDayStart } from '../../common/clock';
import { csvDocument, csvTime } from '../../common/csv';
import { AuditService, operatorActor } from '../audit/audit.service';
import type { OperatorPrincipal } from '../auth/token.service';
import { MemberDirectory, unknownMember } from '../members/member-directory';
import { MemberScope } from '../members/member-scope';
import type { MallOrderRow } from './entities/mall-order.entity';
import { PayRefundsService } from '../payments/pay-refunds.service';
import type { MallRefundRow } from './entities/mall-refund.entity';
import { MallOrderViews } from './mall-order-views';
import { MallOrdersRepository, type OrderFilter } from './mall-orders.repository';
import { MallPayOwner } from './mall-pay-owner';
import { MallPayRepository } from './mall-pay.repository';

/** Rows one CSV download holds at most (the filters narrow a bigger set). */
export const MALL_EXPORT_MAX_ROWS = 10_000;
export const MALL_ORDER_STATUS_LABELS: Record<MallOrderStatus, string> = {
  PENDING_PAYMENT: '待支付',
  READY: '待自提',
  DONE: '已完成',
  CANCELLED: '已取消',
  EXPIRED: '已过期',
};
export const MALL_KIND_LABELS: Record<MallGoodsKind, string> = {
  PHYSICAL: '实物自提',
  COUPON: '优惠券',
  SERVICE: '服务',
};
const refundView = (r: MallRefundRow | undefined): MallRefundView | null =>
  r
    ? {
        outRefundNo: r.outRefundNo,
        refundFen: r.refundFen,
        status: r.status,
        settledAt: r.settledAt?.toISOString() ?? null,
        attempt: r.attempt,
        failReason: r.failReason,
      }
    : null;
const yuan = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

/**
 * The console's redemption orders. Store managers see the orders picked up (or to be picked up) at their
 * store whatever store the query names; analysts get the total and no rows (auth/access-policy.ts). The CSV
 * holds the same rows, is audited and names members only by member no. and nickname.
 */
@Injectable()
export class MallAdminOrdersService {
  constructor(
    private readonly orders: MallOrdersRepository,
    private readonly views: MallOrderViews,
    private readonly members: MemberDirectory,
    private readonly scope: MemberScope,
    private readonly audit: AuditService,
    private readonly pay: MallPayRepository,
    private readonly payRefunds: PayRefundsService,
    private readonly payOwner: MallPayOwner,
  ) {}

  async list(q: MallOrderAdminQuery, op: OperatorPrincipal): Promise<Page<MallOrderAdmin>> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const filter = await this.filter(q, op);
    if (!filter) return { items: [], total: 0, page, pageSize };
    const qb = this.orders.filtered(filter);
    if (this.scope.aggregateOnly(op)) return { items: [], total: await qb.getCount(), page, pageSize };
    const [rows, total] = await qb
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    return { items: await this.rows(rows), total, page, pageSize };
  }

  async csv(q: MallOrderAdminQuery, op: OperatorPrincipal): Promise<string> {
    if (this.scope.aggregateOnly(op)) throw new AppException(ErrorCode.FORBIDDEN);
    const filter = await this.filter(q, op);
    const rows = filter ? await this.rows(await this.orders.filtered(filter).take(MALL_EXPORT_MAX_ROWS).getMany()) : [];
    const filters = Object.fromEntries(
      Object.entries(q).filter(([k, v]) => v !== undefined && !['page', 'pageSize'].includes(k)),
    );
    await this.audit.record(operatorActor(op), {
      action: AuditAction.MallOrdersExported,
      targetType: 'mall_order',
      after: { ...filters, rows: rows.length },
    });
    return csvDocument(
      [
        '订单号',
        '商品',
        '类型',
        '数量',
        '积分',
        '现金（元）',
        '会员号',
        '会员昵称',
        '自提门店',
        '状态',
        '兑换时间',
        '完成时间',
        '结束原因',
      ],
      rows.map((r) => [
        r.orderNo,
        r.goods.name,
        MALL_KIND_LABELS[r.goods.kind],
        r.quantity,
        r.pointsTotal,
        yuan(r.cashFen),
        r.memberNo,
        r.memberNickname,
        r.pickupStore?.name ?? '',
        MALL_ORDER_STATUS_LABELS[r.status],
        csvTime(r.createdAt),
        csvTime(r.doneAt),
        r.endReason ?? '',
      ]),
    );
  }

  /**
   * 重新退款: the order's cash refund failed for good (WeChat closed it, or refused it outright), so it is
   * asked again under a new out_refund_no — audited, idempotent by the request id (modules/payments).
   */
  async retryRefund(id: number, req: PayRefundRetryRequest, op: OperatorPrincipal): Promise<PayRefundRetryResult> {
    const order = await this.orders.byId(id);
    if (!order) throw new AppException(ErrorCode.MALL_ORDER_NOT_FOUND);
    if (!order.outTradeNo) throw new AppException(ErrorCode.PAY_REFUND_NOT_FOUND);
    const target = { type: 'mall_order', id };
    return this.payRefunds.retry(this.payOwner, order.outTradeNo, { requestId: req.requestId, op, target });
  }

  /** The query as a filter in the operator's scope; null when nothing can match (an unknown member no.). */
  private async filter(q: MallOrderAdminQuery, op: OperatorPrincipal): Promise<OrderFilter | null> {
    const own = this.scope.storeOf(op);
    let memberId: number | undefined;
    if (q.memberNo) {
      const no = q.memberNo.trim();
      memberId = (await this.members.idsByNo([no])).get(no);
      if (!memberId) return null;
    }
    return {
      status: q.status,
      kind: q.kind,
      storeId: own ?? q.storeId,
      goodsId: q.goodsId,
      memberId,
      from: q.from ? shanghaiDayStart(q.from) : undefined,
      until: q.to ? shanghaiDayStart(addBizDays(q.to, 1)) : undefined,
    };
  }

  private async rows(rows: MallOrderRow[]): Promise<MallOrderAdmin[]> {
    const [views, refs, refunds] = await Promise.all([
      this.views.many(rows),
      this.members.refs(rows.map((o) => o.memberId)),
      this.pay.refundsOf(rows.filter((o) => o.cashFen > 0).map((o) => o.id)),
    ]);
    return views.map((v, i) => {
      const o = rows[i];
      const m = refs.get(o.memberId) ?? unknownMember(o.memberId);
      return {
        ...v,
        memberNo: m.memberNo,
        memberNickname: m.nickname,
        pickedUpByStaffId: o.pickedUpByStaffId,
        outTradeNo: o.outTradeNo,
        shippingStatus: o.shippingStatus,
        refund: refundView(refunds.get(o.id)),
      };
    });
  }
}
