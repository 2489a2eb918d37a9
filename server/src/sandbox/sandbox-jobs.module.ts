import { Module } from '@nestjs/common';
import { SandboxJobsController } from './sandbox-jobs.controller';
import { SandboxMetricsController } from './sandbox-metrics.controller';
import { SandboxOutboxController } from './sandbox-outbox.controller';

/**
 * "Run this job now", "drain the outbox now" and the load harness's metrics (test/load); separate from
 * SandboxModule because they need the database.
 */
@Module({ controllers: [SandboxJobsController, SandboxOutboxController, SandboxMetricsController] })
export class SandboxJobsModule {}
