import { Injectable } from '@nestjs/common';
import { ErrorCode } from '@member/shared';
import { AppException } from '../common/app-exception';

export type JobRun = () => Promise<unknown>;

/** Jobs that can be run on demand (POST /sandbox/jobs/:name/run) instead of waiting for their schedule. */
@Injectable()
export class JobRunnerRegistry {
  private readonly jobs = new Map<string, JobRun>();

  register(name: string, run: JobRun): void {
    if (this.jobs.has(name)) throw new Error(`Job "${name}" is already registered`);
    this.jobs.set(name, run);
  }

  names(): string[] {
    return [...this.jobs.keys()].sort();
  }

  async run(name: string): Promise<unknown> {
    const job = this.jobs.get(name);
    if (!job) throw new AppException(ErrorCode.NOT_FOUND, `没有名为 ${name} 的任务`);
    return job();
  }
}
