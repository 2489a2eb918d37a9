import { Body, Controller, Get, Param, ParseIntPipe, Patch, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentOperator } from '../auth/current-principal.decorator';
import { MemberGuard, OperatorGuard, Roles, WRITE_ROLES } from '../auth/guards';
import type { OperatorPrincipal } from '../auth/token.service';
import { CreateTierDto, PublishPointsRulesDto, UpdateTierDto } from './dto/loyalty.dto';
import { PointsRulesService } from './points-rules.service';
import { TiersService } from './tiers.service';

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

@ApiTags('admin')
@ApiBearerAuth()
@UseGuards(OperatorGuard)
@Controller('api/v1/admin/tiers')
export class TiersAdminController {
  constructor(private readonly tiers: TiersService) {}

  @Get()
  list() {
    return this.tiers.list();
  }

  @Post()
  @Roles(...WRITE_ROLES)
  create(@Body() body: CreateTierDto, @CurrentOperator() op: OperatorPrincipal) {
    return this.tiers.create(body, op);
  }

  @Patch(':id')
  @Roles(...WRITE_ROLES)
  update(@Param('id', ParseIntPipe) id: number, @Body() body: UpdateTierDto, @CurrentOperator() op: OperatorPrincipal) {
    return this.tiers.update(id, body, op);
  }
}

@ApiTags('member')
@ApiBearerAuth()
@UseGuards(MemberGuard)
@Controller('api/v1/tiers')
export class MemberTiersController {
  constructor(private readonly tiers: TiersService) {}

  @Get()
  list() {
    return this.tiers.memberTiers();
  }
}
