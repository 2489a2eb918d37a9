import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { JobRegistry } from '../jobs/job-registry';
import { JobRunner } from '../jobs/job-runner.service';
import type { JobOutcome } from '../jobs/job.types';

/** Runs a scheduled job now (demo and tests), instead of waiting for its schedule. */
@ApiTags('sandbox')
@Controller('sandbox/jobs')
export class SandboxJobsController {
  constructor(
    private readonly registry: JobRegistry,
    private readonly runner: JobRunner,
  ) {}

  @Get()
  list(): { names: string[] } {
    return { names: this.registry.all().map((job) => job.name) };
  }

  @Post(':name/run')
  @HttpCode(200)
  run(@Param('name') name: string): Promise<JobOutcome> {
    return this.runner.runNow(name);
  }
}
