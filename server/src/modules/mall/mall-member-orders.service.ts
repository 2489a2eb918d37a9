import { Injectable } from '@nestjs/common';
import {
  ErrorCode,
  type MallOrderQuery,
  type MallOrderStatus,
  type MallOrderTab,
  type MallOrderView,
  type Page,
} from '@member/shared';
import { AppException } from '../../common/app-exception';
import { Clock } from '../../common/clock';
import { TransactionRunner } from '../../database/transaction-runner';
import { MallOrderEndings } from './mall-order-endings.service';
import { MallOrderViews } from './mall-order-views';
import { MallOrdersRepository } from './mall-orders.repository';

const TAB_STATUSES: Record<MallOrderTab, MallOrderStatus[] | null> = {
  ALL: null,
  PENDING: ['PENDING_PAYMENT'],
  READY: ['READY'],
  DONE: ['DONE'],
  ENDED: ['CANCELLED', 'EXPIRED'],
};

/** 我的兑换: a member's own orders (another member's id answers 404 like an unknown one) and cancelling. */
@Injectable()
export class MallMemberOrdersService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly orders: MallOrdersRepository,
    private readonly views: MallOrderViews,
    private readonly endings: MallOrderEndings,
  ) {}

  async list(memberId: number, q: MallOrderQuery): Promise<Page<MallOrderView>> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const { items, total } = await this.orders.memberPage(
      memberId,
      TAB_STATUSES[q.tab ?? 'ALL'],
      (page - 1) * pageSize,
      pageSize,
    );
    return { items: await this.views.many(items), total, page, pageSize };
  }

  async detail(memberId: number, id: number): Promise<MallOrderView> {
    const row = await this.orders.byId(id);
    if (!row || row.memberId !== memberId) throw new AppException(ErrorCode.MALL_ORDER_NOT_FOUND);
    return this.views.one(row);
  }

  /** Before pickup only (coupons are issued at once and cannot be cancelled); exactly once under races. */
  async cancel(memberId: number, id: number): Promise<MallOrderView> {
    return this.tx.run(async (em) => {
      const row = await this.orders.byId(id, em);
      if (!row || row.memberId !== memberId) throw new AppException(ErrorCode.MALL_ORDER_NOT_FOUND);
      if (row.kind === 'COUPON' || row.status !== 'READY') throw new AppException(ErrorCode.MALL_ORDER_NOT_CANCELLABLE);
      if (!(await this.endings.end(em, row, 'CANCELLED', 'MEMBER', this.clock.now())))
        throw new AppException(ErrorCode.MALL_ORDER_NOT_CANCELLABLE);
      return this.views.one((await this.orders.byId(id, em))!, em);
    });
  }
}
