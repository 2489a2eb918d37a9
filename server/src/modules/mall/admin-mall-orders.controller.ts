import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { OperatorRole, type PayRefundRetryResult } from '@member/shared';
import type { Response } from 'express';
import { csvHeaders } from '../../common/csv';
import { CurrentOperator } from '../auth/current-principal.decorator';
import { PERSONAL_DATA_ROLES } from '../auth/access-policy';
import { OperatorGuard, Roles, WRITE_ROLES } from '../auth/guards';
import type { OperatorPrincipal } from '../auth/token.service';
import { PayRefundRetryDto } from '../payments/dto/pay-refund-retry.dto';
import { MallDashboardQueryDto, MallOrderAdminQueryDto } from './dto/mall.dto';
import { MallAdminOrdersService } from './mall-admin-orders.service';
import { MallDashboardService } from './mall-dashboard.service';

// Aggregates (no member rows): everyone but store managers (access-policy.ts).
const FIGURE_ROLES = [OperatorRole.Admin, OperatorRole.Operator, OperatorRole.Analyst];

const stamp = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10).replace(/-/g, '');

/**
 * Redemption orders (store managers: their store's; analysts: totals), 重新退款 of a cash refund WeChat closed,
 * and the redemption dashboard.
 */
@ApiTags('admin')
@ApiBearerAuth()
@UseGuards(OperatorGuard)
@Controller('api/v1/admin/mall')
export class AdminMallOrdersController {
  constructor(
    private readonly orders: MallAdminOrdersService,
    private readonly figures: MallDashboardService,
  ) {}

  @Get('orders')
  list(@Query() q: MallOrderAdminQueryDto, @CurrentOperator() op: OperatorPrincipal) {
    return this.orders.list(q, op);
  }

  // Rows that name members: not for analysts (they read the list's total). The route writes the download
  // itself (a file, not JSON: the documented answer is binary).
  @Get('orders.csv')
  @Roles(...PERSONAL_DATA_ROLES)
  async csv(
    @Query() q: MallOrderAdminQueryDto,
    @CurrentOperator() op: OperatorPrincipal,
    @Res() res: Response,
  ): Promise<void> {
    const csv = await this.orders.csv(q, op);
    res.set(csvHeaders('mall-orders.csv', `兑换订单_${stamp()}.csv`)).send(csv);
  }

  // Money goes out again: brand-level, like refunds of stored value (no store managers, no analysts).
  @Post('orders/:id/refund/retry')
  @HttpCode(200)
  @Roles(...WRITE_ROLES)
  retryRefund(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: PayRefundRetryDto,
    @CurrentOperator() op: OperatorPrincipal,
  ): Promise<PayRefundRetryResult> {
    return this.orders.retryRefund(id, body, op);
  }

  @Get('dashboard')
  @Roles(...FIGURE_ROLES)
  dashboard(@Query() q: MallDashboardQueryDto) {
    return this.figures.dashboard(q);
  }
}
