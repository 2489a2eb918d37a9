import { Module } from '@nestjs/common';
import { LedgerModule } from '../../ledger/ledger.module';
import { LoyaltyModule } from '../loyalty/loyalty.module';
import { MembersModule } from '../members/members.module';
import { MemberPointsService } from './member-points.service';
import { MemberTiersService } from './member-tiers.service';
import { PointsExpiryJob } from './points-expiry.job';
import { AdminMemberPointsController, MemberPointsController } from './points.controller';
import { MemberTierViewService } from './member-tier-view.service';
import { SignUpBonusService } from './sign-up-bonus.service';
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

@Module({
  imports: [LedgerModule, LoyaltyModule, MembersModule],
  controllers: [
    MemberPointsController,
    AdminMemberPointsController,
    AdminMemberAdjustmentsController,
    PointsAdjustmentsController,
    TierReviewsController,
  ],
  providers: [
    MemberPointsService,
    MemberTiersService,
    PointsExpiryJob,
    MemberTierViewService,
    SignUpBonusService,
    PointsAdjustmentsService,
    TierReviewsService,
    TierReviewJob,
    MemberTierAdminService,
    ExpiryRemindersService,
  ],
  // The sales module promotes on purchase and follows refunds through MemberTiersService.
  exports: [MemberTiersService],
})
export class PointsModule {}
