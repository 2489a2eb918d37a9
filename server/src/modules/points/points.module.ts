import { Module } from '@nestjs/common';
import { LedgerModule } from '../../ledger/ledger.module';
import { LoyaltyModule } from '../loyalty/loyalty.module';
import { MembersModule } from '../members/members.module';
import { MemberPointsService } from './member-points.service';
import { MemberTiersService } from './member-tiers.service';
import { PointsExpiryJob } from './points-expiry.job';
import {
  AdminMemberPointsController,
  MemberPointsController,
  ShiftSummaryController,
  StaffPurchasesController,
} from './points.controller';
import { MemberTierViewService } from './member-tier-view.service';
import { ShiftSummaryService } from './shift-summary.service';
import { SignUpBonusService } from './sign-up-bonus.service';
import { RefundsService } from './refunds.service';
import { PurchasesService } from './purchases.service';
import { CardActivityController, StaffCheckoutsController } from './checkouts.controller';
import { CheckoutsRepository } from './checkouts.repository';
import { CheckoutsService } from './checkouts.service';
import { CardActivityService } from './card-activity.service';
import {
  AdminMemberAdjustmentsController,
  PointsAdjustmentsController,
  TierReviewsController,
} from './points-admin.controller';
import { PointsAdjustmentsService } from './points-adjustments.service';
import { TierReviewsService } from './tier-reviews.service';
import { TierReviewJob } from './tier-review.job';
import { MemberTierAdminService } from './member-tier-admin.service';
import { ExpiryRemindersService } from './expiry-reminders.service';
import { StaffSalesController } from './staff-sales.controller';
import { StaffSalesRepository } from './staff-sales.repository';
import { StaffSalesService } from './staff-sales.service';

@Module({
  imports: [LedgerModule, LoyaltyModule, MembersModule],
  controllers: [
    StaffCheckoutsController,
    CardActivityController,
    StaffPurchasesController,
    StaffSalesController,
    ShiftSummaryController,
    MemberPointsController,
    AdminMemberPointsController,
    AdminMemberAdjustmentsController,
    PointsAdjustmentsController,
    TierReviewsController,
  ],
  providers: [
    CheckoutsRepository,
    CheckoutsService,
    CardActivityService,
    PurchasesService,
    MemberPointsService,
    MemberTiersService,
    PointsExpiryJob,
    MemberTierViewService,
    ShiftSummaryService,
    SignUpBonusService,
    RefundsService,
    PointsAdjustmentsService,
    TierReviewsService,
    TierReviewJob,
    MemberTierAdminService,
    ExpiryRemindersService,
    StaffSalesService,
    StaffSalesRepository,
  ],
})
export class PointsModule {}
