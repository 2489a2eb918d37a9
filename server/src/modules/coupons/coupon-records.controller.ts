import { Body, Controller, Get, Param, ParseIntPipe, Post, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { OperatorRole, type AdminCouponRow, type CouponUseRow, type Page } from '@member/shared';
import type { Response } from 'express';
import { csvHeaders } from '../../common/csv';
import { CurrentOperator } from '../auth/current-principal.decorator';
import { OperatorGuard, Roles, WRITE_ROLES } from '../auth/guards';
import type { OperatorPrincipal } from '../auth/token.service';
import { CouponBatchesService } from './coupon-batches.service';
import { CouponRecordsService } from './coupon-records.service';
import {
  AdminCouponQueryDto,
  CouponBatchQueryDto,
  CouponUseQueryDto,
  CreateCouponBatchDto,
} from './dto/coupon-admin.dto';

// Aggregates and batch progress (no member rows): everyone but store managers (access-policy.ts).
const FIGURE_ROLES = [OperatorRole.Admin, OperatorRole.Operator, OperatorRole.Analyst];

const stamp = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10).replace(/-/g, '');

/**
 * The console's coupon records and batch issue. Issue and use records answer `format=csv` with the same
 * rows as a download; store managers see their store's part and analysts totals (CouponRecordsService).
 */
@ApiTags('admin')
@ApiBearerAuth()
@UseGuards(OperatorGuard)
@Controller('api/v1/admin')
export class CouponRecordsController {
  constructor(
    private readonly records: CouponRecordsService,
    private readonly batches: CouponBatchesService,
  ) {}

  @Get('coupons')
  async issues(
    @Query() q: AdminCouponQueryDto,
    @CurrentOperator() op: OperatorPrincipal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Page<AdminCouponRow> | string> {
    if (q.format !== 'csv') return this.records.issues(q, op);
    res.set(csvHeaders('coupons.csv', `发券记录_${stamp()}.csv`));
    return this.records.issuesCsv(q, op);
  }

  @Get('coupon-uses')
  async uses(
    @Query() q: CouponUseQueryDto,
    @CurrentOperator() op: OperatorPrincipal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Page<CouponUseRow> | string> {
    if (q.format !== 'csv') return this.records.uses(q, op);
    res.set(csvHeaders('coupon-uses.csv', `用券记录_${stamp()}.csv`));
    return this.records.usesCsv(q, op);
  }

  @Get('coupon-templates/:id/stats')
  @Roles(...FIGURE_ROLES)
  stats(@Param('id', ParseIntPipe) id: number) {
    return this.records.stats(id);
  }

  @Post('coupon-batches')
  @Roles(...WRITE_ROLES)
  createBatch(@Body() body: CreateCouponBatchDto, @CurrentOperator() op: OperatorPrincipal) {
    return this.batches.create(body, op);
  }

  @Get('coupon-batches')
  @Roles(...FIGURE_ROLES)
  listBatches(@Query() q: CouponBatchQueryDto) {
    return this.batches.list(q);
  }

  @Get('coupon-batches/:id')
  @Roles(...FIGURE_ROLES)
  getBatch(@Param('id', ParseIntPipe) id: number) {
    return this.batches.get(id);
  }
}
