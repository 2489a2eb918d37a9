import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { DecideRuleChangeDto, RuleChangeQueryDto } from '../../common/rule-change.dto';
import { CurrentOperator } from '../auth/current-principal.decorator';
import { OperatorGuard, Roles, WRITE_ROLES } from '../auth/guards';
import type { OperatorPrincipal } from '../auth/token.service';
import { PublishPointsRulesDto } from './dto/points-rules.dto';
import { PointsRulesService } from './points-rules.service';

@ApiTags('admin')
@ApiBearerAuth()
@UseGuards(OperatorGuard)
@Controller('api/v1/admin/points-rules')
export class PointsRulesAdminController {
  constructor(private readonly rules: PointsRulesService) {}

  @Get()
  current() {
    return this.rules.current();
  }

  @Get('versions')
  versions() {
    return this.rules.versions();
  }

  /** Applied at once, or pending a second operator when a value is beyond a hard bound. */
  @Post()
  @Roles(...WRITE_ROLES)
  publish(@Body() body: PublishPointsRulesDto, @CurrentOperator() op: OperatorPrincipal) {
    return this.rules.publish(body, op);
  }

  @Get('changes')
  changes(@Query() q: RuleChangeQueryDto) {
    return this.rules.changes(q.status);
  }

  @Post('changes/:id/approve')
  @HttpCode(200)
  @Roles(...WRITE_ROLES)
  approve(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: DecideRuleChangeDto,
    @CurrentOperator() op: OperatorPrincipal,
  ) {
    return this.rules.approve(id, op, body.note);
  }

  @Post('changes/:id/reject')
  @HttpCode(200)
  @Roles(...WRITE_ROLES)
  reject(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: DecideRuleChangeDto,
    @CurrentOperator() op: OperatorPrincipal,
  ) {
    return this.rules.reject(id, op, body.note);
  }
}
