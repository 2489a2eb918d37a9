import { Global, Module } from '@nestjs/common';
import { JobRegistry } from './job-registry';
import { JobRunner } from './job-runner.service';
import { JobScheduler } from './job-scheduler.service';

/** Scheduled work: feature modules register JobDefinitions with JobRegistry. */
@Global()
@Module({ providers: [JobRegistry, JobRunner, JobScheduler], exports: [JobRegistry, JobRunner] })
export class JobsModule {}
