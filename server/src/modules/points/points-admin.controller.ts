import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentOperator } from '../auth/current-principal.decorator';
import { OperatorGuard, Roles, WRITE_ROLES } from '../auth/guards';
import { MemberScopeGuard } from '../members/member-scope';
import type { OperatorPrincipal } from '../auth/token.service';
import {
  ApproveAdjustmentDto,
  CreatePointsAdjustmentDto,
  ExpiryReminderQueryDto,
  PointsAdjustmentQueryDto,
  RejectAdjustmentDto,
} from './dto/points-admin.dto';
import { ExpiryRemindersService } from './expiry-reminders.service';
import { PointsAdjustmentsService } from './points-adjustments.service';

@ApiTags('admin')
@ApiBearerAuth()
@UseGuards(OperatorGuard, MemberScopeGuard)
@Controller('api/v1/admin/members/:id')
export class AdminMemberAdjustmentsController {
  constructor(private readonly adjustments: PointsAdjustmentsService) {}

  @Post('points/adjustments')
  @HttpCode(200)
  @Roles(...WRITE_ROLES)
  adjust(
    @CurrentOperator() op: OperatorPrincipal,
    @Param('id', ParseIntPipe) id: number,
    @Body() body: CreatePointsAdjustmentDto,
  ) {
    return this.adjustments.request(op, id, body);
  }
}

@ApiTags('admin')
@ApiBearerAuth()
@UseGuards(OperatorGuard)
@Controller('api/v1/admin/points')
export class PointsAdjustmentsController {
  constructor(
    private readonly adjustments: PointsAdjustmentsService,
    private readonly reminders: ExpiryRemindersService,
  ) {}

  @Get('adjustments')
  list(@Query() q: PointsAdjustmentQueryDto, @CurrentOperator() op: OperatorPrincipal) {
    return this.adjustments.list(q, op);
  }

  @Get('adjustments/quota')
  quota(@CurrentOperator() op: OperatorPrincipal) {
    return this.adjustments.quota(op);
  }

  @Post('adjustments/:adjustmentId/approve')
  @HttpCode(200)
  @Roles(...WRITE_ROLES)
  approve(
    @CurrentOperator() op: OperatorPrincipal,
    @Param('adjustmentId', ParseIntPipe) id: number,
    @Body() body: ApproveAdjustmentDto,
  ) {
    return this.adjustments.approve(op, id, body.note);
  }

  @Post('adjustments/:adjustmentId/reject')
  @HttpCode(200)
  @Roles(...WRITE_ROLES)
  reject(
    @CurrentOperator() op: OperatorPrincipal,
    @Param('adjustmentId', ParseIntPipe) id: number,
    @Body() body: RejectAdjustmentDto,
  ) {
    return this.adjustments.reject(op, id, body.note);
  }

  @Get('expiry-reminders')
  expiryReminders(@Query() q: ExpiryReminderQueryDto, @CurrentOperator() op: OperatorPrincipal) {
    return this.reminders.list(q, op);
  }
}
