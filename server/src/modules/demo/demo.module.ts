import { Module } from '@nestjs/common';
import { StaffModule } from '../staff/staff.module';
import { StoresModule } from '../stores/stores.module';
import { DemoMembersSeed } from './demo-members.seed';
import { DemoSeedService } from './demo-seed.service';

@Module({ imports: [StaffModule, StoresModule], providers: [DemoSeedService, DemoMembersSeed] })
export class DemoModule {}
