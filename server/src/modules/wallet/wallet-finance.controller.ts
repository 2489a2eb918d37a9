import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { LiabilityReport } from '@member/shared';
import type { Response } from 'express';
import { csvHeaders } from '../../common/csv';
import { CurrentOperator } from '../auth/current-principal.decorator';
import { OperatorGuard, Roles, WRITE_ROLES } from '../auth/guards';
import type { OperatorPrincipal } from '../auth/token.service';
import { LiabilityQueryDto, ReconItemQueryDto, ReconRunQueryDto, ReconRunRequestDto } from './dto/wallet-finance.dto';
import { WALLET_READ_ROLES } from './topup-plans.controller';
import { WalletLiabilityService } from './wallet-liability.service';
import { WalletReconciliationService } from './wallet-reconciliation.service';

/** Finance of stored value: reconciliation with WeChat Pay's trade bill, and the liability report. */
@ApiTags('admin')
@ApiBearerAuth()
@UseGuards(OperatorGuard)
@Controller('api/v1/admin/wallet')
export class WalletFinanceController {
  constructor(
    private readonly reconciliation: WalletReconciliationService,
    private readonly liability: WalletLiabilityService,
  ) {}

  @Get('reconciliations')
  @Roles(...WALLET_READ_ROLES)
  runs(@Query() q: ReconRunQueryDto) {
    return this.reconciliation.list(q);
  }

  /** Reconciles a day now (again): its lines are replaced, 掉单 credited once, audited. */
  @Post('reconciliations')
  @HttpCode(200)
  @Roles(...WRITE_ROLES)
  reconcile(@Body() body: ReconRunRequestDto, @CurrentOperator() op: OperatorPrincipal) {
    return this.reconciliation.reconcileForOperator(body.billDate, op);
  }

  @Get('reconciliations/:id')
  @Roles(...WALLET_READ_ROLES)
  run(@Param('id', ParseIntPipe) id: number, @Query() q: ReconItemQueryDto) {
    return this.reconciliation.detail(id, q);
  }

  @Get('liability')
  @Roles(...WALLET_READ_ROLES)
  async report(
    @Query() q: LiabilityQueryDto,
    @CurrentOperator() op: OperatorPrincipal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<LiabilityReport | string> {
    if (q.format !== 'csv') return this.liability.report(q, op);
    const csv = await this.liability.csv(q, op);
    res.set(csvHeaders('wallet-liability.csv', `储值负债_${q.from ?? ''}_${q.asOf}.csv`));
    return csv;
  }
}
