import { Module } from '@nestjs/common';
import { WechatModule } from '../../wechat/wechat.module';
import { WalletModule } from '../wallet/wallet.module';
import { PayPrepayService } from './pay-prepay.service';
import { PayRefundsService } from './pay-refunds.service';
import { PayRowsRepository } from './pay-rows.repository';
import { PaySettlementService } from './pay-settlement.service';
import { PayShippingService } from './pay-shipping.service';
import { PaySyncService } from './pay-sync.service';

/**
 * WeChat Pay orders of the modules that sell for cash besides stored value — the mall's points + cash
 * orders and the events' cash fees: prepay, the one settle path, the sync job, refunds (and 重新退款) and the
 * shipping upload, once for every owner. Each owner implements PaymentOwner (payment-owner.ts) for what
 * paying, closing and refunding mean to it, and registers with PaySyncService at start. Built on the
 * WeChat Pay gateway and the wallet's notification routes and anomaly flags; it never reaches an owner's
 * tables other than through the owner's PayOrderTable / PayRefundTable.
 */
@Module({
  imports: [WalletModule, WechatModule],
  providers: [
    PayRowsRepository,
    PayShippingService,
    PayRefundsService,
    PaySettlementService,
    PaySyncService,
    PayPrepayService,
  ],
  exports: [PayRowsRepository, PayRefundsService, PaySettlementService, PaySyncService, PayPrepayService],
})
export class PaymentsModule {}
