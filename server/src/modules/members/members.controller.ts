import { Body, Controller, Get, HttpCode, Patch, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Throttle } from '../../common/rate-limit/throttle.guard';
import { CurrentMember } from '../auth/current-principal.decorator';
import { MemberGuard } from '../auth/guards';
import type { MemberPrincipal } from '../auth/token.service';
import { BindPhoneDto, UpdateProfileDto, WechatLoginDto } from './dto/member.dto';
import { MembersService } from './members.service';

@ApiTags('member')
@Controller('api/v1/auth/wechat')
export class WechatAuthController {
  constructor(private readonly members: MembersService) {}

  @Post('login')
  @HttpCode(200)
  @Throttle('memberLogin', 'ip')
  login(@Body() body: WechatLoginDto) {
    return this.members.loginWithWechat(body.code);
  }
}

@ApiTags('member')
@ApiBearerAuth()
@UseGuards(MemberGuard)
@Controller('api/v1/me')
export class MeController {
  constructor(private readonly members: MembersService) {}

  @Get()
  me(@CurrentMember() m: MemberPrincipal) {
    return this.members.profile(m.memberId);
  }

  @Patch()
  update(@CurrentMember() m: MemberPrincipal, @Body() body: UpdateProfileDto) {
    return this.members.updateProfile(m.memberId, body);
  }

  @Post('phone')
  @HttpCode(200)
  bindPhone(@CurrentMember() m: MemberPrincipal, @Body() body: BindPhoneDto) {
    return this.members.bindPhone(m.memberId, body.code);
  }

  @Get('card')
  @Throttle('memberCodeMint', 'member')
  card(@CurrentMember() m: MemberPrincipal) {
    return this.members.card(m.memberId);
  }
}
