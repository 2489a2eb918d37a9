import { Module } from '@nestjs/common';
import { SandboxJobsController } from './sandbox-jobs.controller';
import { SandboxOutboxController } from './sandbox-outbox.controller';

/** "Run this job now" and "drain the outbox now"; separate from SandboxModule because they need the database. */
@Module({ controllers: [SandboxJobsController, SandboxOutboxController] })
export class SandboxJobsModule {}
