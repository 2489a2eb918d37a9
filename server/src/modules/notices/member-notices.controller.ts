import { Body, Controller, Get, HttpCode, Post, Put, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentMember } from '../auth/current-principal.decorator';
import { MemberGuard } from '../auth/guards';
import type { MemberPrincipal } from '../auth/token.service';
import { NoticePreferenceDto, NoticePromptQueryDto, SubscribeReportDto } from './dto/notices.dto';
import { MemberNoticesService } from './member-notices.service';

// A member reads and changes only their own subscriptions.
@ApiTags('member')
@ApiBearerAuth()
@UseGuards(MemberGuard)
@Controller('api/v1/me/notices')
export class MemberNoticesController {
  constructor(private readonly notices: MemberNoticesService) {}

  /** 我的 → 消息提醒. */
  @Get('subscriptions')
  subscriptions(@CurrentMember() m: MemberPrincipal) {
    return this.notices.subscriptions(m.memberId);
  }

  /** What the subscription popup answered (each accept = one more send of that template). */
  @Post('subscriptions')
  @HttpCode(200)
  report(@CurrentMember() m: MemberPrincipal, @Body() body: SubscribeReportDto) {
    return this.notices.report(m.memberId, body);
  }

  @Put('preferences')
  preferences(@CurrentMember() m: MemberPrincipal, @Body() body: NoticePreferenceDto) {
    return this.notices.setPreferences(m.memberId, body);
  }

  /** The template ids to ask for at a natural moment (none when paused or turned off). */
  @Get('prompt')
  prompt(@CurrentMember() m: MemberPrincipal, @Query() q: NoticePromptQueryDto) {
    return this.notices.prompt(m.memberId, q.moment);
  }
}
