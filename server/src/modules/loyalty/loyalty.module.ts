import { Module } from '@nestjs/common';
import { MemberTiersController, PointsRulesAdminController, TiersAdminController } from './loyalty-admin.controller';
import { PointsRulesService } from './points-rules.service';
import { TiersService } from './tiers.service';

@Module({
  controllers: [PointsRulesAdminController, TiersAdminController, MemberTiersController],
  providers: [PointsRulesService, TiersService],
  exports: [PointsRulesService, TiersService],
})
export class LoyaltyModule {}
