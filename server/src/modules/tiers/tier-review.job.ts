import { Injectable, type OnModuleInit } from '@nestjs/common';
import { JobRegistry } from '../../jobs/job-registry';
import { TierReviewsService } from './tier-reviews.service';

/** Daily at 00:40 Asia/Shanghai, after the expiry sweep: flags, cancels and applies tier downgrades. */
@Injectable()
export class TierReviewJob implements OnModuleInit {
  static readonly NAME = 'tier-review';

  constructor(
    private readonly jobs: JobRegistry,
    private readonly reviews: TierReviewsService,
  ) {}

  onModuleInit(): void {
    this.jobs.register({
      name: TierReviewJob.NAME,
      schedule: { kind: 'daily', at: '00:40' },
      run: () => this.reviews.evaluate(),
    });
  }
}
