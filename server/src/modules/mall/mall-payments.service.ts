import { Injectable } from '@nestjs/common';
import { ActorType, ErrorCode, type MallOrderResult, type MallPayParams } from '@member/shared';
import type { EntityManager } from 'typeorm';
import { AppException } from '../../common/app-exception';
import { AppConfig } from '../../config/app-config';
import { LedgerService } from '../../ledger/ledger.service';
import { PayPrepayService } from '../payments/pay-prepay.service';
import type { MallOrderRow } from './entities/mall-order.entity';
import { MallOrderViews } from './mall-order-views';
import { MallOrdersRepository } from './mall-orders.repository';
import { MALL_PAY_ORDERS } from './mall-pay.repository';

/** The ledger key of a points + cash order's hold (bizId: the order no.); its debit is MALL_ORDER like any. */
export const MALL_HOLD_BIZ = 'MALL_ORDER_HOLD';

/** What a points + cash order takes at redemption besides stock and quota: the points hold and the pay window. */
export interface PendingPayment {
  outTradeNo: string;
  payUntil: Date;
  pointsHoldId: number | null;
}

/**
 * The cash part of points + cash goods, members' side. At redemption (inside its transaction) the points are
 * held in the ledger and the order gets its out_trade_no and pay window (wallet.orderExpireMinutes, the same
 * WeChat Pay window as top-ups). After the commit — no transaction is held across an HTTP call — the JSAPI
 * prepay with time_expire = the end of the hold; the same again (a retry of the request id, or 去支付)
 * answers the same order with freshly signed pay parameters.
 */
@Injectable()
export class MallPaymentsService {
  constructor(
    private readonly config: AppConfig,
    private readonly ledger: LedgerService,
    private readonly orders: MallOrdersRepository,
    private readonly views: MallOrderViews,
    private readonly prepays: PayPrepayService,
  ) {}

  /** Inside the redemption's transaction: holds the points (refused like a debit when short). */
  async hold(
    em: EntityManager,
    memberId: number,
    orderNo: string,
    points: number,
    label: string,
    now: Date,
  ): Promise<PendingPayment> {
    let pointsHoldId: number | null = null;
    if (points > 0) {
      const account = await this.ledger.openLockedAccount(em, memberId, 'POINTS');
      if (account.balance < points) throw new AppException(ErrorCode.MALL_NOT_ENOUGH_POINTS);
      try {
        const hold = await this.ledger.hold(em, {
          accountId: account.id,
          amount: points,
          bizType: MALL_HOLD_BIZ,
          bizId: orderNo,
          reason: `积分兑换 ${label}（待支付）`,
          actor: { type: ActorType.Member, id: memberId },
        });
        pointsHoldId = hold.id;
      } catch (error) {
        if (error instanceof AppException && error.code === ErrorCode.LEDGER_INSUFFICIENT_BALANCE)
          throw new AppException(ErrorCode.MALL_NOT_ENOUGH_POINTS);
        throw error;
      }
    }
    const payUntil = new Date(now.getTime() + this.config.wallet.orderExpireMinutes * 60_000);
    return { outTradeNo: orderNo, payUntil, pointsHoldId };
  }

  /** The redemption's answer for a points + cash order: as it is now, with fresh pay params while unpaid. */
  async answer(memberId: number, orderId: number, replayed: boolean): Promise<MallOrderResult> {
    const row = (await this.orders.byId(orderId))!;
    const pay = row.status === 'PENDING_PAYMENT' && this.payable(row) ? await this.prepay(row) : null;
    const { balance } = await this.ledger.available(memberId, 'POINTS');
    return { order: await this.views.one(row), pay, pointsBalance: balance, replayed };
  }

  /** POST /me/mall/orders/:id/pay: fresh pay params for the member's own unpaid order within its window. */
  async payAgain(memberId: number, orderId: number): Promise<MallOrderResult> {
    const row = await this.orders.byId(orderId);
    if (!row || row.memberId !== memberId) throw new AppException(ErrorCode.MALL_ORDER_NOT_FOUND);
    if (row.status !== 'PENDING_PAYMENT' || !this.payable(row))
      throw new AppException(ErrorCode.MALL_ORDER_NOT_PAYABLE);
    const pay = await this.prepay(row);
    const { balance } = await this.ledger.available(memberId, 'POINTS');
    return { order: await this.views.one(row), pay, pointsBalance: balance };
  }

  private payable(row: MallOrderRow): boolean {
    return this.prepays.payable(row.payUntil);
  }

  private prepay(row: MallOrderRow): Promise<MallPayParams> {
    const description = `积分商城 ${row.goodsName}`.slice(0, 120);
    return this.prepays.prepay(MALL_PAY_ORDERS, row, { amountFen: row.cashFen, description });
  }
}
