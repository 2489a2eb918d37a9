import { Injectable, Logger } from '@nestjs/common';
import { ErrorCode, formatCny, type MallPayParams } from '@member/shared';
import { AppException } from '../../common/app-exception';
import { Clock } from '../../common/clock';
import { AppConfig } from '../../config/app-config';
import { WechatPayError, WechatPayGateway } from '../../wechat-pay/wechat-pay.gateway';
import { MemberDirectory } from '../members/member-directory';
import { PayRowsRepository } from './pay-rows.repository';
import type { PayOrderRow, PayOrderTable } from './payment-owner';

/**
 * The JSAPI prepay of an unpaid order, after the transaction that wrote it (no transaction is held across an
 * HTTP call), with time_expire = the end of its pay window. Asking again (a retried request id, 去支付)
 * answers the same WeChat order with freshly signed pay parameters: WeChat answers a repeated prepay of an
 * out_trade_no only for the same parameters, so the owner passes what the order was opened with.
 */
@Injectable()
export class PayPrepayService {
  private readonly log = new Logger('PayPrepay');

  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly gateway: WechatPayGateway,
    private readonly members: MemberDirectory,
    private readonly rows: PayRowsRepository,
  ) {}

  /** WeChat refuses a prepay within the last minute of time_expire; the sync job closes it soon after. */
  payable(payUntil: Date | null): boolean {
    return payUntil !== null && payUntil.getTime() - this.clock.now().getTime() > 60_000;
  }

  async prepay<O extends PayOrderRow>(
    orders: PayOrderTable<O>,
    o: O,
    { amountFen, description }: { amountFen: number; description: string },
  ): Promise<MallPayParams> {
    const openid = await this.members.payerOpenid(o.memberId);
    if (!openid) throw new AppException(ErrorCode.MEMBER_NOT_FOUND);
    const outTradeNo = o.outTradeNo!;
    try {
      const prepay = await this.gateway.prepay({
        outTradeNo,
        description,
        amountFen,
        openid,
        timeExpire: o.payUntil!,
      });
      if (o.prepayId !== prepay.prepayId) await this.rows.setPrepayId(orders, o.id, prepay.prepayId, this.clock.now());
      return { appId: this.config.wechat.appId, ...prepay.payParams };
    } catch (error) {
      if (!(error instanceof WechatPayError)) throw error;
      // The order stays unpaid: 去支付 asks again, the sync job closes it when its window ends.
      this.log.warn(`prepay ${outTradeNo} (${formatCny(amountFen)}) failed: ${error.code}`);
      throw new AppException(ErrorCode.WALLET_PAY_UNAVAILABLE);
    }
  }
}
