import { Module } from '@nestjs/common';
import { LedgerModule } from '../../ledger/ledger.module';
import { CouponsModule } from '../coupons/coupons.module';
import { TiersModule } from '../tiers/tiers.module';
import { MembersModule } from '../members/members.module';
import { PointsModule } from '../points/points.module';
import { StaffModule } from '../staff/staff.module';
import { SaleApprovalsController } from './sale-approvals.controller';
import { SaleApprovalsService } from './sale-approvals.service';
import { CardActivityService } from './card-activity.service';
import { CardActivityController, StaffCheckoutsController } from './checkouts.controller';
import { CheckoutsRepository } from './checkouts.repository';
import { CheckoutsService } from './checkouts.service';
import { PurchasesService } from './purchases.service';
import { RefundsService } from './refunds.service';
import { ShiftSummaryController, StaffPurchasesController } from './sales.controller';
import { ShiftSummaryService } from './shift-summary.service';
import { StaffSalesController } from './staff-sales.controller';
import { StaffSalesRepository } from './staff-sales.repository';
import { StaffSalesService } from './staff-sales.service';
import { WalletTenderService } from './wallet-tender.service';
import { WalletConfirmationExpiryJob } from './wallet-confirmation-expiry.job';
import {
  MemberWalletConfirmationsController,
  StaffWalletConfirmationsController,
} from './wallet-confirmations.controller';
import { WalletConfirmationsRepository } from './wallet-confirmations.repository';
import { WalletConfirmationsService } from './wallet-confirmations.service';

/**
 * The counter: checkouts opened by a scan, sales with their tenders (coupons, points deduction, stored value and
 * cash; a large stored-value charge confirmed by the member on their phone first), refunds split across the
 * tenders, today's sales and the shift summary.
 * Points, growth and stored value move through LedgerService; tier changes through the points module's MemberTiersService.
 */
@Module({
  imports: [LedgerModule, MembersModule, PointsModule, TiersModule, StaffModule, CouponsModule],
  controllers: [
    StaffCheckoutsController,
    CardActivityController,
    StaffPurchasesController,
    StaffSalesController,
    ShiftSummaryController,
    SaleApprovalsController,
    StaffWalletConfirmationsController,
    MemberWalletConfirmationsController,
  ],
  providers: [
    CheckoutsRepository,
    CheckoutsService,
    CardActivityService,
    PurchasesService,
    RefundsService,
    ShiftSummaryService,
    StaffSalesService,
    StaffSalesRepository,
    SaleApprovalsService,
    WalletTenderService,
    WalletConfirmationsRepository,
    WalletConfirmationsService,
    WalletConfirmationExpiryJob,
  ],
  exports: [CheckoutsService, PurchasesService, RefundsService],
})
export class SalesModule {}
