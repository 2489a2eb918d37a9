import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
  Res,
  UseFilters,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { SandboxPayBillsService } from './sandbox-pay-bills.service';
import { SandboxPayApiGuard } from './sandbox-pay-api.guard';
import { SandboxPayOrdersService } from './sandbox-pay-orders.service';
import { SandboxPayRefundsService } from './sandbox-pay-refunds.service';
import { SandboxPayErrorFilter, SandboxPaySigningInterceptor } from './sandbox-pay-signing.interceptor';

/**
 * The simulated https://api.mch.weixin.qq.com/v3 (mounted at /sandbox/pay/api/v3). Requests must carry a
 * valid merchant signature; every answer is signed with the platform key. Input is checked by the services
 * the way WeChat does (PARAM_ERROR), deliberately not through DTOs.
 */
@ApiExcludeController()
@Controller('sandbox/pay/api/v3')
@UseGuards(SandboxPayApiGuard)
@UseInterceptors(SandboxPaySigningInterceptor)
@UseFilters(SandboxPayErrorFilter)
export class SandboxPayApiController {
  constructor(
    private readonly orders: SandboxPayOrdersService,
    private readonly refunds: SandboxPayRefundsService,
    private readonly bills: SandboxPayBillsService,
  ) {}

  @Post('pay/transactions/jsapi')
  @HttpCode(200)
  prepay(@Body() body: unknown) {
    return this.orders.prepay(body);
  }

  @Get('pay/transactions/out-trade-no/:outTradeNo')
  queryByOutTradeNo(@Param('outTradeNo') outTradeNo: string, @Query() query: Record<string, unknown>) {
    return this.orders.queryByOutTradeNo(outTradeNo, query);
  }

  @Get('pay/transactions/id/:transactionId')
  queryById(@Param('transactionId') transactionId: string, @Query() query: Record<string, unknown>) {
    return this.orders.queryByTransactionId(transactionId, query);
  }

  @Post('pay/transactions/out-trade-no/:outTradeNo/close')
  @HttpCode(204)
  close(@Param('outTradeNo') outTradeNo: string, @Body() body: unknown): void {
    this.orders.close(outTradeNo, body);
  }

  @Post('refund/domestic/refunds')
  @HttpCode(200)
  refund(@Body() body: unknown) {
    return this.refunds.create(body);
  }

  @Get('refund/domestic/refunds/:outRefundNo')
  queryRefund(@Param('outRefundNo') outRefundNo: string) {
    return this.refunds.query(outRefundNo);
  }

  @Get('bill/tradebill')
  tradeBill(@Query() query: Record<string, unknown>) {
    return this.bills.tradeBill(query);
  }

  /** The bill file itself: merchant-signed request, unsigned answer (like WeChat's). */
  @Get('billdownload/file')
  downloadBill(@Query() query: Record<string, unknown>, @Res() response: Response): void {
    const file = this.bills.download(query);
    response
      .status(200)
      .type(file.gzip ? 'application/x-gzip' : 'text/plain; charset=utf-8')
      .send(file.body);
  }

  /** Platform-certificate mode is not simulated: public-key mode only, so no certificates to hand out. */
  @Get('certificates')
  certificates() {
    return { data: [] };
  }
}
