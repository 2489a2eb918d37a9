import { Body, Controller, Get, Param, ParseIntPipe, Post, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AdminMemberWallet, Page, WalletRefund, WalletRefundResult } from '@member/shared';
import type { Response } from 'express';
import { csvHeaders } from '../../common/csv';
import { CurrentOperator } from '../auth/current-principal.decorator';
import { OperatorGuard, Roles, WRITE_ROLES } from '../auth/guards';
import type { OperatorPrincipal } from '../auth/token.service';
import { AdminWalletRefundsService } from './admin-wallet-refunds.service';
import { AdminWalletRefundQueryDto, WalletRefundRequestDto } from './dto/wallet-refunds.dto';
import { WALLET_READ_ROLES } from './topup-plans.controller';
import { WalletRefundsService } from './wallet-refunds.service';

const stamp = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10).replace(/-/g, '');

/** Refunds of members' principal (stored value is brand-level: no store managers; analysts read). */
@ApiTags('admin')
@ApiBearerAuth()
@UseGuards(OperatorGuard)
@Controller('api/v1/admin/wallet')
export class AdminWalletRefundsController {
  constructor(
    private readonly refunds: WalletRefundsService,
    private readonly admin: AdminWalletRefundsService,
  ) {}

  @Get('members/:memberId')
  @Roles(...WALLET_READ_ROLES)
  memberWallet(
    @Param('memberId', ParseIntPipe) memberId: number,
    @CurrentOperator() op: OperatorPrincipal,
  ): Promise<AdminMemberWallet> {
    return this.admin.memberWallet(memberId, op);
  }

  @Post('members/:memberId/refunds')
  @Roles(...WRITE_ROLES)
  refund(
    @Param('memberId', ParseIntPipe) memberId: number,
    @Body() body: WalletRefundRequestDto,
    @CurrentOperator() op: OperatorPrincipal,
  ): Promise<WalletRefundResult> {
    return this.refunds.refund(memberId, body, op);
  }

  @Get('refunds')
  @Roles(...WALLET_READ_ROLES)
  async list(
    @Query() q: AdminWalletRefundQueryDto,
    @CurrentOperator() op: OperatorPrincipal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Page<WalletRefund> | string> {
    if (q.format !== 'csv') return this.admin.list(q, op);
    const csv = await this.admin.csv(q, op);
    res.set(csvHeaders('wallet-refunds.csv', `储值退款_${stamp()}.csv`));
    return csv;
  }
}
