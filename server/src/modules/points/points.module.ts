import { Module } from '@nestjs/common';
import { LedgerModule } from '../../ledger/ledger.module';
import { NoticesModule } from '../notices/notices.module';
import { PointsRulesAdminController } from './points-rules.controller';
import { PointsRulesService } from './points-rules.service';
import { MemberPointsService } from './member-points.service';
import { PointsExpiryJob } from './points-expiry.job';
import { AdminMemberPointsController, MemberPointsController } from './points.controller';
import { SignUpBonusService } from './sign-up-bonus.service';
import { AdminMemberAdjustmentsController, PointsAdjustmentsController } from './points-admin.controller';
import { PointsAdjustmentsService } from './points-adjustments.service';
import { ExpiryRemindersService } from './expiry-reminders.service';

@Module({
  imports: [LedgerModule, NoticesModule],
  controllers: [
    PointsRulesAdminController,
    MemberPointsController,
    AdminMemberPointsController,
    AdminMemberAdjustmentsController,
    PointsAdjustmentsController,
  ],
  providers: [
    PointsRulesService,
    MemberPointsService,
    PointsExpiryJob,
    SignUpBonusService,
    PointsAdjustmentsService,
    ExpiryRemindersService,
  ],
  // Sales price bills with the current rules.
  exports: [PointsRulesService],
})
export class PointsModule {}
