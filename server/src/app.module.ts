import { Module, type DynamicModule } from '@nestjs/common';
import { Clock } from './common/clock';
import { CoreModule } from './common/core.module';
import { IdempotencyModule } from './common/idempotency/idempotency.module';
import { RateLimitModule } from './common/rate-limit/rate-limit.module';
import { AppConfig } from './config/app-config';
import { DatabaseModule } from './database/database.module';
import { JobsModule } from './jobs/jobs.module';
import { OutboxModule } from './outbox/outbox.module';
import { AuditModule } from './modules/audit/audit.module';
import { CouponsModule } from './modules/coupons/coupons.module';
import { AuthModule } from './modules/auth/auth.module';
import { DemoModule } from './modules/demo/demo.module';
import { DirectoryModule } from './modules/directory.module';
import { EventsModule } from './modules/events/events.module';
import { HealthController } from './modules/health/health.controller';
import { MediaModule } from './modules/media/media.module';
import { MallModule } from './modules/mall/mall.module';
import { MembersModule } from './modules/members/members.module';
import { NoticesModule } from './modules/notices/notices.module';
import { OperatorsModule } from './modules/operators/operators.module';
import { PointsModule } from './modules/points/points.module';
import { PrivacyModule } from './modules/privacy/privacy.module';
import { SalesModule } from './modules/sales/sales.module';
import { StaffModule } from './modules/staff/staff.module';
import { StoresModule } from './modules/stores/stores.module';
import { SurveysModule } from './modules/surveys/surveys.module';
import { TiersModule } from './modules/tiers/tiers.module';
import { WalletModule } from './modules/wallet/wallet.module';
import { SandboxJobsModule } from './sandbox/sandbox-jobs.module';
import { SandboxModule } from './sandbox/sandbox.module';
import { WechatModule } from './wechat/wechat.module';
import { WechatPayModule } from './wechat-pay/wechat-pay.module';

@Module({})
export class AppModule {
  /** The sandbox is mounted only in sandbox mode; production refuses it at config load. */
  static forRoot(config: AppConfig, clock: Clock): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config, clock),
        DatabaseModule,
        IdempotencyModule,
        RateLimitModule,
        JobsModule,
        OutboxModule,
        AuthModule,
        AuditModule,
        WechatModule,
        WechatPayModule,
        DirectoryModule,
        MembersModule,
        StoresModule,
        StaffModule,
        OperatorsModule,
        TiersModule,
        PointsModule,
        CouponsModule,
        WalletModule,
        MallModule,
        MediaModule,
        EventsModule,
        SurveysModule,
        NoticesModule,
        SalesModule,
        PrivacyModule,
        DemoModule,
        ...(config.isSandbox ? [SandboxModule, SandboxJobsModule] : []),
      ],
      controllers: [HealthController],
    };
  }
}
