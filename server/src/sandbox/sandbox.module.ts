import { Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { SandboxClockController } from './sandbox-clock.controller';
import { SandboxCodesService } from './sandbox-codes.service';
import { SandboxFaultsService } from './sandbox-faults.service';
import { SandboxGrantsService } from './sandbox-grants.service';
import { SandboxMessagesService } from './sandbox-messages.service';
import { SandboxPayModule } from './pay/sandbox-pay.module';
import { SandboxShippingService } from './sandbox-shipping.service';
import { SandboxTokensService } from './sandbox-tokens.service';
import { SandboxUsersService } from './sandbox-users.service';
import { SandboxAccessTokenGuard, SandboxFaultGuard } from './sandbox-wx-api.guards';
import { SandboxWxApiController } from './sandbox-wx-api.controller';
import { SandboxWxControlController } from './sandbox-wx-control.controller';

/**
 * The WeChat simulator (/sandbox/wx/api/*), the WeChat Pay simulator (/sandbox/pay/*), their control
 * endpoints, the clock and on-demand jobs.
 * Mount only when wechat.mode is sandbox; state lives in this process's memory.
 */
@Module({
  imports: [SandboxPayModule],
  controllers: [SandboxWxApiController, SandboxWxControlController, SandboxClockController],
  providers: [
    SandboxUsersService,
    SandboxCodesService,
    SandboxTokensService,
    SandboxGrantsService,
    SandboxMessagesService,
    SandboxFaultsService,
    SandboxShippingService,
    SandboxFaultGuard,
    SandboxAccessTokenGuard,
  ],
  exports: [SandboxMessagesService],
})
export class SandboxModule {
  constructor(config: AppConfig) {
    // The simulator accepts the configured app secret, so it must never face real users.
    if (config.env === 'production' || !config.isSandbox) {
      throw new Error('SandboxModule may only be mounted with wechat.mode=sandbox outside production');
    }
  }
}
