import { Body, Controller, Get, Param, ParseIntPipe, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentMember } from '../auth/current-principal.decorator';
import { MemberGuard } from '../auth/guards';
import type { MemberPrincipal } from '../auth/token.service';
import { FeedbackQueryDto, FeedbackStatesQueryDto, SurveySubmitDto } from './dto/surveys.dto';
import { MemberSurveysService } from './member-surveys.service';

// The member's own surveys only: every route reads and writes as the signed-in member.
@ApiTags('member')
@ApiBearerAuth()
@UseGuards(MemberGuard)
@Controller('api/v1/me/surveys')
export class MemberSurveysController {
  constructor(private readonly surveys: MemberSurveysService) {}

  /** An event's feedback form, opened from 我的活动 by the sign-up. */
  @Get('feedback')
  feedback(@CurrentMember() m: MemberPrincipal, @Query() q: FeedbackQueryDto) {
    return this.surveys.feedback(m.memberId, q.signupId);
  }

  @Get('feedback-states')
  feedbackStates(@CurrentMember() m: MemberPrincipal, @Query() q: FeedbackStatesQueryDto) {
    return this.surveys.feedbackStates(m.memberId, q.eventIds);
  }

  @Get('open')
  open(@CurrentMember() m: MemberPrincipal) {
    return this.surveys.open(m.memberId);
  }

  @Get(':id')
  get(@CurrentMember() m: MemberPrincipal, @Param('id', ParseIntPipe) id: number) {
    return this.surveys.get(m.memberId, id);
  }

  @Post(':id/responses')
  submit(@CurrentMember() m: MemberPrincipal, @Param('id', ParseIntPipe) id: number, @Body() body: SurveySubmitDto) {
    return this.surveys.submit(m, id, body);
  }
}
