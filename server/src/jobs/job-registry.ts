import { Injectable } from '@nestjs/common';
import { ErrorCode } from '@member/shared';
import { AppException } from '../common/app-exception';
import type { JobDefinition } from './job.types';

/** Every scheduled job of the process; feature modules register theirs on init. */
@Injectable()
export class JobRegistry {
  private readonly jobs = new Map<string, JobDefinition>();

  register(job: JobDefinition): void {
    if (this.jobs.has(job.name)) throw new Error(`Job "${job.name}" is already registered`);
    this.jobs.set(job.name, job);
  }

  all(): JobDefinition[] {
    return [...this.jobs.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  get(name: string): JobDefinition {
    const job = this.jobs.get(name);
    if (!job) throw new AppException(ErrorCode.NOT_FOUND, `没有名为 ${name} 的任务`);
    return job;
  }
}
