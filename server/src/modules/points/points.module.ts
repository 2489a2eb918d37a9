import { Module } from '@nestjs/common';
import { LedgerModule } from '../../ledger/ledger.module';
import { LoyaltyModule } from '../loyalty/loyalty.module';
import { MembersModule } from '../members/members.module';
import { MemberPointsService } from './member-points.service';
import { MemberTiersService } from './member-tiers.service';
import { PointsExpiryJob } from './points-expiry.job';
import { MemberPointsController, StaffPurchasesController } from './points.controller';
import { PurchasesService } from './purchases.service';

@Module({
  imports: [LedgerModule, LoyaltyModule, MembersModule],
  controllers: [StaffPurchasesController, MemberPointsController],
  providers: [PurchasesService, MemberPointsService, MemberTiersService, PointsExpiryJob],
})
export class PointsModule {}
