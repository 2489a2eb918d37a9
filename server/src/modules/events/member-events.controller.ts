import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentMember } from '../auth/current-principal.decorator';
import { MemberGuard } from '../auth/guards';
import type { MemberPrincipal } from '../auth/token.service';
import { EventCancelSignupDto, EventQueryDto, EventSignupDto, MyEventQueryDto } from './dto/events.dto';
import { EventSignupsService } from './event-signups.service';
import { MemberEventsService } from './member-events.service';

@ApiTags('member')
@ApiBearerAuth()
@UseGuards(MemberGuard)
@Controller('api/v1')
export class MemberEventsController {
  constructor(
    private readonly events: MemberEventsService,
    private readonly signups: EventSignupsService,
  ) {}

  /** 活动: upcoming events (published or sign-up closed, not over), soonest first. */
  @Get('events')
  list(@CurrentMember() m: MemberPrincipal, @Query() q: EventQueryDto) {
    return this.events.list(m.memberId, q);
  }

  @Get('events/:id')
  detail(@CurrentMember() m: MemberPrincipal, @Param('id', ParseIntPipe) id: number) {
    return this.events.detail(m.memberId, id);
  }

  @Post('me/events/:id/signups')
  signUp(@CurrentMember() m: MemberPrincipal, @Param('id', ParseIntPipe) id: number, @Body() body: EventSignupDto) {
    return this.signups.signUp(m, id, body);
  }

  @Post('me/events/:id/signups/cancel')
  @HttpCode(200)
  cancel(
    @CurrentMember() m: MemberPrincipal,
    @Param('id', ParseIntPipe) id: number,
    @Body() body: EventCancelSignupDto,
  ) {
    return this.signups.cancel(m, id, body);
  }

  /** 去支付: a sign-up waiting for its cash fee gets freshly signed WeChat Pay parameters. */
  @Post('me/events/:id/signups/pay')
  @HttpCode(200)
  pay(@CurrentMember() m: MemberPrincipal, @Param('id', ParseIntPipe) id: number) {
    return this.signups.pay(m, id);
  }

  /** 我的活动. */
  @Get('me/events')
  mine(@CurrentMember() m: MemberPrincipal, @Query() q: MyEventQueryDto) {
    return this.events.mine(m.memberId, q);
  }
}
