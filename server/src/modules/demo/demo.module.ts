import { Module } from '@nestjs/common';
import { StaffModule } from '../staff/staff.module';
import { StoresModule } from '../stores/stores.module';
import { DemoSeedService } from './demo-seed.service';

@Module({ imports: [StaffModule, StoresModule], providers: [DemoSeedService] })
export class DemoModule {}
