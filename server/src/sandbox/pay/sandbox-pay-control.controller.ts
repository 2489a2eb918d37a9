import { Body, Controller, Get, HttpCode, Param, Post, UseFilters, UsePipes } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { sandboxValidationPipe } from '../sandbox-validation.pipe';
import { PayFaultDto, PayTransactionDto, SettleRefundDto } from './dto/sandbox-pay-control.dto';
import { SandboxPayFaultsService } from './sandbox-pay-faults.service';
import { SandboxPayOrdersService } from './sandbox-pay-orders.service';
import { SandboxPayRefundsService } from './sandbox-pay-refunds.service';
import { SandboxPayErrorFilter } from './sandbox-pay-signing.interceptor';

/** Plays the payer and WeChat Pay's back office for tests and the H5 demo (no WeChat equivalent). */
@ApiTags('sandbox')
@Controller('sandbox/pay')
@UsePipes(sandboxValidationPipe)
@UseFilters(SandboxPayErrorFilter)
export class SandboxPayControlController {
  constructor(
    private readonly orders: SandboxPayOrdersService,
    private readonly refunds: SandboxPayRefundsService,
    private readonly faults: SandboxPayFaultsService,
  ) {}

  /** The payer pays: SUCCESS now, the notification in the background. */
  @Post('transactions/:outTradeNo/pay')
  @HttpCode(200)
  pay(@Param('outTradeNo') outTradeNo: string, @Body() dto: PayTransactionDto) {
    return this.orders.pay(outTradeNo, dto);
  }

  @Get('transactions/:outTradeNo')
  transaction(@Param('outTradeNo') outTradeNo: string) {
    return this.orders.view(outTradeNo);
  }

  @Post('refunds/:outRefundNo/settle')
  @HttpCode(200)
  settleRefund(@Param('outRefundNo') outRefundNo: string, @Body() dto: SettleRefundDto) {
    const { status, ...delivery } = dto;
    return this.refunds.settle(outRefundNo, status, delivery);
  }

  @Get('refunds/:outRefundNo')
  refund(@Param('outRefundNo') outRefundNo: string) {
    return this.refunds.view(outRefundNo);
  }

  @Post('faults')
  @HttpCode(200)
  scheduleFault(@Body() dto: PayFaultDto) {
    return this.faults.schedule(dto.next, { count: dto.count, on: dto.on, delayMs: dto.delayMs });
  }

  @Get('faults')
  pendingFaults() {
    return this.faults.pending();
  }
}
