import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { JobRunnerRegistry } from './job-runner.registry';

/** Runs a scheduled job now (demo and tests), instead of waiting for its schedule. */
@ApiTags('sandbox')
@Controller('sandbox/jobs')
export class SandboxJobsController {
  constructor(private readonly jobs: JobRunnerRegistry) {}

  @Get()
  list(): { names: string[] } {
    return { names: this.jobs.names() };
  }

  @Post(':name/run')
  @HttpCode(200)
  async run(@Param('name') name: string): Promise<{ name: string; result: unknown }> {
    return { name, result: (await this.jobs.run(name)) ?? null };
  }
}
