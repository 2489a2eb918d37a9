import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Put, Query, Res, UseGuards } from '@nestjs/common';
import { ErrorCode } from '@member/shared';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AppException } from '../../common/app-exception';
import { csvHeaders } from '../../common/csv';
import { PERSONAL_DATA_ROLES } from '../auth/access-policy';
import { CurrentOperator } from '../auth/current-principal.decorator';
import { OperatorGuard, Roles, WRITE_ROLES } from '../auth/guards';
import type { OperatorPrincipal } from '../auth/token.service';
import { AdminSurveysService } from './admin-surveys.service';
import {
  NpsSurveyInputDto,
  StoreFeedbackQueryDto,
  SurveyAdminQueryDto,
  SurveyQuestionsUpdateDto,
  SurveyResponseQueryDto,
  SurveyVersionDto,
  targetOf,
} from './dto/surveys.dto';
import { SurveyResultsService } from './survey-results.service';

const stamp = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10).replace(/-/g, '');

// Every operator role reads surveys and their results (store managers their store's event surveys);
// answers one by one carry member numbers and comments, so only roles that see personal data list them;
// admins and operators send, edit and close surveys.
@ApiTags('admin')
@ApiBearerAuth()
@UseGuards(OperatorGuard)
@Controller('api/v1/admin/surveys')
export class AdminSurveysController {
  constructor(
    private readonly surveys: AdminSurveysService,
    private readonly results: SurveyResultsService,
  ) {}

  @Get()
  list(@Query() q: SurveyAdminQueryDto, @CurrentOperator() op: OperatorPrincipal) {
    return this.surveys.list(q, op);
  }

  @Post()
  @Roles(...WRITE_ROLES)
  create(@Body() body: NpsSurveyInputDto, @CurrentOperator() op: OperatorPrincipal) {
    const target = targetOf(body.target);
    if (!target) throw new AppException(ErrorCode.VALIDATION_FAILED, '请选择会员等级或填写会员号');
    return this.surveys.createNps({ ...body, target }, op);
  }

  /** Per store, over events that ended in the period. */
  @Get('stores')
  stores(@Query() q: StoreFeedbackQueryDto, @CurrentOperator() op: OperatorPrincipal) {
    return this.results.stores(q.from, q.to, op);
  }

  @Get('events/:eventId')
  forEvent(@Param('eventId', ParseIntPipe) eventId: number, @CurrentOperator() op: OperatorPrincipal) {
    return this.surveys.forEvent(eventId, op);
  }

  @Get(':id')
  get(@Param('id', ParseIntPipe) id: number, @CurrentOperator() op: OperatorPrincipal) {
    return this.surveys.get(id, op);
  }

  @Put(':id')
  @Roles(...WRITE_ROLES)
  update(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: SurveyQuestionsUpdateDto,
    @CurrentOperator() op: OperatorPrincipal,
  ) {
    return this.surveys.update(id, body, op);
  }

  @Post(':id/close')
  @HttpCode(200)
  @Roles(...WRITE_ROLES)
  close(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: SurveyVersionDto,
    @CurrentOperator() op: OperatorPrincipal,
  ) {
    return this.surveys.close(id, body.version, op);
  }

  @Get(':id/results')
  resultsOf(@Param('id', ParseIntPipe) id: number, @CurrentOperator() op: OperatorPrincipal) {
    return this.results.results(id, op);
  }

  @Get(':id/responses')
  @Roles(...PERSONAL_DATA_ROLES)
  responses(
    @Param('id', ParseIntPipe) id: number,
    @Query() q: SurveyResponseQueryDto,
    @CurrentOperator() op: OperatorPrincipal,
  ) {
    return this.results.responses(id, q, op);
  }

  @Get(':id/responses.csv')
  @Roles(...PERSONAL_DATA_ROLES)
  async csv(
    @Param('id', ParseIntPipe) id: number,
    @Query() q: SurveyResponseQueryDto,
    @CurrentOperator() op: OperatorPrincipal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const csv = await this.results.csv(id, q, op);
    res.set(csvHeaders(`survey-${id}-responses.csv`, `问卷回答_${id}_${stamp()}.csv`));
    return csv;
  }
}
