import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AdminTopup, Page } from '@member/shared';
import type { Response } from 'express';
import { csvHeaders } from '../../common/csv';
import { CurrentOperator } from '../auth/current-principal.decorator';
import { OperatorGuard, Roles, WRITE_ROLES } from '../auth/guards';
import type { OperatorPrincipal } from '../auth/token.service';
import { AdminTopupsService } from './admin-topups.service';
import { AdminTopupQueryDto, PayAnomalyQueryDto, ResolveAnomalyDto } from './dto/wallet.dto';
import { PayAnomaliesService } from './pay-anomalies.service';
import { WALLET_READ_ROLES } from './topup-plans.controller';

const stamp = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10).replace(/-/g, '');

/** The console's top-up orders and flagged payments (stored value is brand-level: no store managers). */
@ApiTags('admin')
@ApiBearerAuth()
@UseGuards(OperatorGuard)
@Controller('api/v1/admin/wallet')
export class AdminWalletController {
  constructor(
    private readonly topups: AdminTopupsService,
    private readonly anomalies: PayAnomaliesService,
  ) {}

  @Get('topups')
  @Roles(...WALLET_READ_ROLES)
  async list(
    @Query() q: AdminTopupQueryDto,
    @CurrentOperator() op: OperatorPrincipal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Page<AdminTopup> | string> {
    if (q.format !== 'csv') return this.topups.list(q, op);
    const csv = await this.topups.csv(q, op);
    res.set(csvHeaders('topups.csv', `充值订单_${stamp()}.csv`));
    return csv;
  }

  @Get('topups/stats')
  @Roles(...WALLET_READ_ROLES)
  stats() {
    return this.topups.stats();
  }

  @Post('topups/:outTradeNo/sync')
  @HttpCode(200)
  @Roles(...WRITE_ROLES)
  sync(@Param('outTradeNo') outTradeNo: string, @CurrentOperator() op: OperatorPrincipal) {
    return this.topups.syncOne(outTradeNo, op);
  }

  @Get('anomalies')
  @Roles(...WALLET_READ_ROLES)
  listAnomalies(@Query() q: PayAnomalyQueryDto) {
    return this.anomalies.list(q);
  }

  @Post('anomalies/:id/resolve')
  @HttpCode(200)
  @Roles(...WRITE_ROLES)
  resolve(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: ResolveAnomalyDto,
    @CurrentOperator() op: OperatorPrincipal,
  ) {
    return this.anomalies.resolve(id, body.resolution, op);
  }
}
