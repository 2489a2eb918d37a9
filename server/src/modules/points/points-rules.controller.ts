import { Body, Controller, Get, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
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

  @Post()
  @Roles(...WRITE_ROLES)
  publish(@Body() body: PublishPointsRulesDto, @CurrentOperator() op: OperatorPrincipal) {
    return this.rules.publish(body, op);
  }
}
