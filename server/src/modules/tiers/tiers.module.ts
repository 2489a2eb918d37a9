import { Module } from '@nestjs/common';
import { LedgerModule } from '../../ledger/ledger.module';
import { MemberTierAdminService } from './member-tier-admin.service';
import { MemberTierViewService } from './member-tier-view.service';
import { MemberTiersService } from './member-tiers.service';
import { TierReviewJob } from './tier-review.job';
import { TierReviewsService } from './tier-reviews.service';
import {
  AdminMemberTierController,
  MemberTierController,
  MemberTiersController,
  TierReviewsController,
  TiersAdminController,
} from './tiers.controller';
import { TiersService } from './tiers.service';

/**
 * Tiers: the ladder (definitions) and each member's place on it — promotion on growth, the tier a refund
 * leaves, manual set and pin, the yearly review with its grace period. Growth itself is a ledger account.
 */
@Module({
  imports: [LedgerModule],
  controllers: [
    TiersAdminController,
    MemberTiersController,
    MemberTierController,
    AdminMemberTierController,
    TierReviewsController,
  ],
  providers: [
    TiersService,
    MemberTiersService,
    MemberTierViewService,
    MemberTierAdminService,
    TierReviewsService,
    TierReviewJob,
  ],
  // Sales promote on purchase and follow refunds; points earn at the member's tier multiplier.
  exports: [TiersService, MemberTiersService],
})
export class TiersModule {}
