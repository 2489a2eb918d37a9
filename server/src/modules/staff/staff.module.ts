import { Module } from '@nestjs/common';
import { MembersModule } from '../members/members.module';
import { StoresModule } from '../stores/stores.module';
import { AdminStaffController, StaffController } from './staff.controller';
import { StaffInvitesService } from './staff-invites.service';
import { StaffSessionService } from './staff-session.service';
import { StaffService } from './staff.service';
import { StaffPinService } from './staff-pin.service';

@Module({
  imports: [MembersModule, StoresModule],
  controllers: [StaffController, AdminStaffController],
  providers: [StaffInvitesService, StaffSessionService, StaffService, StaffPinService],
  exports: [StaffInvitesService, StaffPinService],
})
export class StaffModule {}
