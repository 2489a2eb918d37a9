import { Global, Module, type DynamicModule } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { Clock } from './clock';

/** Process-wide singletons every module may inject: configuration and the clock. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig, clock = new Clock()): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: AppConfig, useValue: config },
        { provide: Clock, useValue: clock },
      ],
      exports: [AppConfig, Clock],
    };
  }
}
