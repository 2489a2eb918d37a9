import { Module } from '@nestjs/common';
import { LedgerModule } from '../../ledger/ledger.module';
import { WechatModule } from '../../wechat/wechat.module';
import { CouponsModule } from '../coupons/coupons.module';
import { NoticesModule } from '../notices/notices.module';
import { AdminTopupsService } from './admin-topups.service';
import { AdminWalletController } from './admin-wallet.controller';
import { AdminWalletRefundsController } from './admin-wallet-refunds.controller';
import { AdminWalletRefundsService } from './admin-wallet-refunds.service';
import { MemberWalletController } from './member-wallet.controller';
import { MemberWalletService } from './member-wallet.service';
import { PayAnomaliesRepository } from './pay-anomalies.repository';
import { PayAnomaliesService } from './pay-anomalies.service';
import { PayNotificationRoutes } from './pay-notification-routes';
import { PayNotificationsController } from './pay-notifications.controller';
import { PayNotificationsService } from './pay-notifications.service';
import { TopupCreditFollowUps } from './topup-credit-follow-ups.service';
import { TopupOrdersRepository } from './topup-orders.repository';
import { TopupPlanCouponsRepository } from './topup-plan-coupons.repository';
import { TopupPlanCouponsService } from './topup-plan-coupons.service';
import { TopupPlansController } from './topup-plans.controller';
import { TopupPlansRepository } from './topup-plans.repository';
import { TopupPlansService } from './topup-plans.service';
import { TopupSettlementService } from './topup-settlement.service';
import { TopupShippingRepository } from './topup-shipping.repository';
import { TopupShippingService } from './topup-shipping.service';
import { TopupSyncService } from './topup-sync.service';
import { TopupsService } from './topups.service';
import { WalletReadsRepository } from './wallet-reads.repository';
import { WalletFinanceController } from './wallet-finance.controller';
import { WalletLiabilityRepository } from './wallet-liability.repository';
import { WalletLiabilityService } from './wallet-liability.service';
import { WalletReconcileJob } from './wallet-reconcile.job';
import { WalletReconciliationRepository } from './wallet-reconciliation.repository';
import { WalletReconciliationService } from './wallet-reconciliation.service';
import { WalletTopupSyncJob } from './wallet-topup-sync.job';
import { WalletRefundSettlementService } from './wallet-refund-settlement.service';
import { WalletRefundSyncJob } from './wallet-refund-sync.job';
import { WalletRefundSyncService } from './wallet-refund-sync.service';
import { WalletRefundsRepository } from './wallet-refunds.repository';
import { WalletRefundsService } from './wallet-refunds.service';

/**
 * Stored value (储值): top-up plans (operators), top-ups paid through WeChat Pay (members), WeChat Pay's
 * notifications and the sync job — both credit through TopupSettlementService — and the console's orders
 * and flagged payments. WechatPayGateway and NotificationVerifier come from WechatPayModule.
 */
@Module({
  imports: [LedgerModule, WechatModule, CouponsModule, NoticesModule],
  controllers: [
    MemberWalletController,
    TopupPlansController,
    AdminWalletController,
    AdminWalletRefundsController,
    WalletFinanceController,
    PayNotificationsController,
  ],
  providers: [
    TopupPlansRepository,
    TopupOrdersRepository,
    PayAnomaliesRepository,
    PayNotificationRoutes,
    WalletReadsRepository,
    TopupPlansService,
    TopupSettlementService,
    TopupsService,
    TopupSyncService,
    WalletTopupSyncJob,
    MemberWalletService,
    PayNotificationsService,
    AdminTopupsService,
    PayAnomaliesService,
    WalletReconciliationRepository,
    WalletReconciliationService,
    WalletReconcileJob,
    WalletLiabilityRepository,
    WalletLiabilityService,
    TopupShippingRepository,
    TopupShippingService,
    TopupPlanCouponsRepository,
    TopupPlanCouponsService,
    TopupCreditFollowUps,
    WalletRefundsRepository,
    WalletRefundSettlementService,
    WalletRefundsService,
    WalletRefundSyncService,
    WalletRefundSyncJob,
    AdminWalletRefundsService,
  ],
  exports: [TopupSettlementService, TopupsService, PayAnomaliesRepository, PayNotificationRoutes],
})
export class WalletModule {}
