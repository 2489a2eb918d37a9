import { Global, Module, type DynamicModule } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { Clock } from './clock';
import { MemberLifecycle } from './member-lifecycle';
import { TierLifecycle } from './tier-lifecycle';

/** Process-wide singletons every module may inject: configuration, the clock, member and tier lifecycle hooks. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig, clock = new Clock()): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: AppConfig, useValue: config },
        { provide: Clock, useValue: clock },
        MemberLifecycle,
        TierLifecycle,
      ],
      exports: [AppConfig, Clock, MemberLifecycle, TierLifecycle],
    };
  }
}
