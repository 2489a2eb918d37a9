/** When a job is due: once per Asia/Shanghai day from a local time, or every N seconds. */
export type JobSchedule = { kind: 'daily'; at: string } | { kind: 'interval'; seconds: number };

export interface JobContext {
  /** The business key of this run (e.g. "2026-11-23"); handlers use it to stay idempotent. */
  runKey: string;
  now: Date;
}

export interface JobDefinition {
  name: string;
  schedule: JobSchedule;
  run(ctx: JobContext): Promise<unknown>;
}

export interface JobOutcome {
  name: string;
  runKey: string;
  status: 'done' | 'failed' | 'skipped';
  result?: unknown;
  error?: string;
}
