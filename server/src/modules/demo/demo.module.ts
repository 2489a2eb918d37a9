import { Module } from '@nestjs/common';
import { OperatorsModule } from '../operators/operators.module';
import { NoticesModule } from '../notices/notices.module';
import { PointsModule } from '../points/points.module';
import { StaffModule } from '../staff/staff.module';
import { StoresModule } from '../stores/stores.module';
import { DemoCouponsSeed } from './demo-coupons.seed';
import { DemoEventsSeed } from './demo-events.seed';
import { DemoMallSeed } from './demo-mall.seed';
import { DemoMembersSeed } from './demo-members.seed';
import { DemoNoticesSeed } from './demo-notices.seed';
import { DemoSeedService } from './demo-seed.service';
import { DemoSurveysSeed } from './demo-surveys.seed';
import { DemoWalletActivitySeed } from './demo-wallet-activity.seed';
import { DemoWalletSeed } from './demo-wallet.seed';

@Module({
  imports: [StaffModule, StoresModule, OperatorsModule, PointsModule, NoticesModule],
  providers: [
    DemoSeedService,
    DemoMembersSeed,
    DemoCouponsSeed,
    DemoWalletSeed,
    DemoWalletActivitySeed,
    DemoMallSeed,
    DemoEventsSeed,
    DemoNoticesSeed,
    DemoSurveysSeed,
  ],
})
export class DemoModule {}
