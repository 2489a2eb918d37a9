import { Global, Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { JobRegistry } from '../../jobs/job-registry';
import { RateLimitRepository } from './rate-limit.repository';
import { RateLimitService } from './rate-limit.service';
import { ThrottleGuard } from './throttle.guard';

/** Hourly: drops buckets whose window ended, so addresses and names guessed once do not pile up. */
@Injectable()
export class RateLimitSweepJob implements OnModuleInit {
  static readonly NAME = 'rate-limit-sweep';

  constructor(
    private readonly jobs: JobRegistry,
    private readonly limits: RateLimitService,
  ) {}

  onModuleInit(): void {
    this.jobs.register({
      name: RateLimitSweepJob.NAME,
      schedule: { kind: 'interval', seconds: 3600 },
      run: async () => ({ removed: await this.limits.sweep() }),
    });
  }
}

/** The database-backed rate limiter every module may use (RateLimitService, @Throttle). */
@Global()
@Module({
  providers: [RateLimitRepository, RateLimitService, ThrottleGuard, RateLimitSweepJob],
  exports: [RateLimitService, ThrottleGuard],
})
export class RateLimitModule {}
