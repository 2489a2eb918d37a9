import { Module } from '@nestjs/common';
import { OperatorsModule } from '../operators/operators.module';
import { PointsModule } from '../points/points.module';
import { StaffModule } from '../staff/staff.module';
import { StoresModule } from '../stores/stores.module';
import { DemoCouponsSeed } from './demo-coupons.seed';
import { DemoMembersSeed } from './demo-members.seed';
import { DemoSeedService } from './demo-seed.service';
import { DemoWalletActivitySeed } from './demo-wallet-activity.seed';
import { DemoWalletSeed } from './demo-wallet.seed';

@Module({
  imports: [StaffModule, StoresModule, OperatorsModule, PointsModule],
  providers: [DemoSeedService, DemoMembersSeed, DemoCouponsSeed, DemoWalletSeed, DemoWalletActivitySeed],
})
export class DemoModule {}
