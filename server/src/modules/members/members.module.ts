import { Module } from '@nestjs/common';
import { WechatModule } from '../../wechat/wechat.module';
import { AdminMembersController } from './admin-members.controller';
import { AdminMembersService } from './admin-members.service';
import { MemberCodesService } from './member-codes.service';
import { MeController, WechatAuthController } from './members.controller';
import { MembersService } from './members.service';
import { PhoneCryptoService } from './phone-crypto.service';

@Module({
  imports: [WechatModule],
  controllers: [WechatAuthController, MeController, AdminMembersController],
  providers: [MembersService, AdminMembersService, MemberCodesService, PhoneCryptoService],
  exports: [MembersService, MemberCodesService, PhoneCryptoService],
})
export class MembersModule {}
