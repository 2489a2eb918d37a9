import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Patch, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { OperatorRole } from '@member/shared';
import { CurrentOperator } from '../auth/current-principal.decorator';
import { OperatorGuard, Roles, WRITE_ROLES } from '../auth/guards';
import type { OperatorPrincipal } from '../auth/token.service';
import { SetTopupPlanStatusDto, TopupPlanDto, TopupPlanPatchDto } from './dto/wallet.dto';
import { TopupPlansService } from './topup-plans.service';

/** Stored value is brand-level: store managers have no part in it. */
export const WALLET_READ_ROLES = [OperatorRole.Admin, OperatorRole.Operator, OperatorRole.Analyst];

@ApiTags('admin')
@ApiBearerAuth()
@UseGuards(OperatorGuard)
@Controller('api/v1/admin/wallet/plans')
export class TopupPlansController {
  constructor(private readonly plans: TopupPlansService) {}

  @Get()
  @Roles(...WALLET_READ_ROLES)
  list() {
    return this.plans.list();
  }

  @Post()
  @Roles(...WRITE_ROLES)
  create(@Body() body: TopupPlanDto, @CurrentOperator() op: OperatorPrincipal) {
    return this.plans.create(body, op);
  }

  @Patch(':id')
  @Roles(...WRITE_ROLES)
  update(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: TopupPlanPatchDto,
    @CurrentOperator() op: OperatorPrincipal,
  ) {
    return this.plans.update(id, body, op);
  }

  @Post(':id/status')
  @HttpCode(200)
  @Roles(...WRITE_ROLES)
  setStatus(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: SetTopupPlanStatusDto,
    @CurrentOperator() op: OperatorPrincipal,
  ) {
    return this.plans.setStatus(id, body.status, op);
  }
}
