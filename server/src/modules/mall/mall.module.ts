import { Module } from '@nestjs/common';
import { LedgerModule } from '../../ledger/ledger.module';
import { WechatModule } from '../../wechat/wechat.module';
import { CouponsModule } from '../coupons/coupons.module';
import { MediaModule } from '../media/media.module';
import { NoticesModule } from '../notices/notices.module';
import { PaymentsModule } from '../payments/payments.module';
import { TiersModule } from '../tiers/tiers.module';
import { WalletModule } from '../wallet/wallet.module';
import { AdminMallOrdersController } from './admin-mall-orders.controller';
import { AdminMallController } from './admin-mall.controller';
import { MallAdminOrdersService } from './mall-admin-orders.service';
import { MallCatalogService } from './mall-catalog.service';
import { MallDashboardService } from './mall-dashboard.service';
import { MallExpiryJob } from './mall-expiry.job';
import { MallGoodsRepository } from './mall-goods.repository';
import { MallImages } from './mall-images';
import { MallMemberOrdersService } from './mall-member-orders.service';
import { MallOrderEndings } from './mall-order-endings.service';
import { MallOrderViews } from './mall-order-views';
import { MallOrdersRepository } from './mall-orders.repository';
import { MallPayOwner } from './mall-pay-owner';
import { MallPayRepository } from './mall-pay.repository';
import { MallPaySyncService } from './mall-pay-sync.service';
import { MallPaymentsService } from './mall-payments.service';
import { MallNotices } from './mall-notices';
import { MallPickupsService } from './mall-pickups.service';
import { MallRedeemService } from './mall-redeem.service';
import { MallShelfService } from './mall-shelf.service';
import { MemberMallController } from './member-mall.controller';
import { StaffMallController } from './staff-mall.controller';

/**
 * 积分商城: operators' catalogue and orders, members' shelf and redemptions (points through the ledger, coupons
 * through the coupons module's issuing service), staff pickups, and the hourly expiry of unpicked orders.
 */
@Module({
  imports: [
    LedgerModule,
    TiersModule,
    CouponsModule,
    MediaModule,
    WalletModule,
    WechatModule,
    NoticesModule,
    PaymentsModule,
  ],
  controllers: [MemberMallController, StaffMallController, AdminMallController, AdminMallOrdersController],
  providers: [
    MallGoodsRepository,
    MallOrdersRepository,
    MallImages,
    MallOrderViews,
    MallOrderEndings,
    MallCatalogService,
    MallShelfService,
    MallRedeemService,
    MallMemberOrdersService,
    MallPickupsService,
    MallAdminOrdersService,
    MallDashboardService,
    MallExpiryJob,
    // Points + cash through WeChat Pay: the mall's side of modules/payments (the notify route 'M', the sync
    // job, refunds, shipping upload).
    MallPayRepository,
    MallPaymentsService,
    MallPayOwner,
    MallNotices,
    MallPaySyncService,
  ],
  exports: [MallRedeemService, MallCatalogService, MallPickupsService],
})
export class MallModule {}
