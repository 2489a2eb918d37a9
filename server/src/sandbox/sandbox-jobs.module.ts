import { Module } from '@nestjs/common';
import { SandboxJobsController } from './sandbox-jobs.controller';

/** "Run this job now" for the sandbox; separate from SandboxModule because it needs the database-backed JobRunner. */
@Module({ controllers: [SandboxJobsController] })
export class SandboxJobsModule {}
