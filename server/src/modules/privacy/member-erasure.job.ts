import { Injectable, type OnModuleInit } from '@nestjs/common';
import { JobRegistry } from '../../jobs/job-registry';
import { DeletionService } from './deletion.service';

/**
 * Daily at 03:30 Asia/Shanghai: erases the personal data of members whose deletion cooling-off is over.
 * The job_run claim runs it once across nodes; each request's guarded close keeps it once even then.
 */
@Injectable()
export class MemberErasureJob implements OnModuleInit {
  static readonly NAME = 'member-erasure';

  constructor(
    private readonly jobs: JobRegistry,
    private readonly deletion: DeletionService,
  ) {}

  onModuleInit(): void {
    this.jobs.register({
      name: MemberErasureJob.NAME,
      schedule: { kind: 'daily', at: '03:30' },
      run: () => this.deletion.eraseDue(),
    });
  }
}
