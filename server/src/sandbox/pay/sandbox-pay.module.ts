import { Module } from '@nestjs/common';
import { SandboxPayApiController } from './sandbox-pay-api.controller';
import { SandboxPayApiGuard } from './sandbox-pay-api.guard';
import { SandboxPayBillsService } from './sandbox-pay-bills.service';
import { SandboxPayControlController } from './sandbox-pay-control.controller';
import { SandboxPayCrypto } from './sandbox-pay-crypto.service';
import { SandboxPayFaultsService } from './sandbox-pay-faults.service';
import { SandboxPayNotifier } from './sandbox-pay-notifier.service';
import { SandboxPayOrdersService } from './sandbox-pay-orders.service';
import { SandboxPayRefundsService } from './sandbox-pay-refunds.service';
import { SandboxPayErrorFilter, SandboxPaySigningInterceptor } from './sandbox-pay-signing.interceptor';
import { SandboxPayStore } from './sandbox-pay-store.service';

/** The WeChat Pay v3 simulator (/sandbox/pay/api/v3/…) and its control endpoints (/sandbox/pay/…). */
@Module({
  controllers: [SandboxPayApiController, SandboxPayControlController],
  providers: [
    SandboxPayCrypto,
    SandboxPayFaultsService,
    SandboxPayStore,
    SandboxPayNotifier,
    SandboxPayOrdersService,
    SandboxPayRefundsService,
    SandboxPayBillsService,
    SandboxPayApiGuard,
    SandboxPaySigningInterceptor,
    SandboxPayErrorFilter,
  ],
})
export class SandboxPayModule {}
