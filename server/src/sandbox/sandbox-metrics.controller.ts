import { Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { DataSource, type EntitySubscriberInterface } from 'typeorm';
import { isPipelined, pipelineObserver } from '../database/statement-pipeline';

/** What the server spent since the last `POST /sandbox/metrics/start`. */
export interface SandboxMetrics {
  counting: boolean;
  /** Round trips to the database, transaction control included (held writes ride along: one trip). */
  statements: number;
  /** Server CPU (user + system) since start, in microseconds. */
  cpuMicros: number;
  elapsedMs: number;
  rssBytes: number;
  /** Peak resident set size of the whole process lifetime. */
  maxRssBytes: number;
  /** The first trips after start when asked for (`?trace=N`), whitespace collapsed, ' ⏎ ' between statements of one trip. */
  trace: string[];
}

/**
 * The load harness's view of this process (test/load): statements, CPU and memory over a measurement
 * window. Counting costs nothing until started: the subscriber is attached on start and detached on stop,
 * so no product code path carries a measurement hook.
 */
@ApiTags('sandbox')
@Controller('sandbox/metrics')
export class SandboxMetricsController {
  private subscriber: EntitySubscriberInterface | null = null;
  private statements = 0;
  private traceLimit = 0;
  private trace: string[] = [];
  private cpuAtStart = process.cpuUsage();
  private startedAt = performance.now();

  constructor(private readonly ds: DataSource) {}

  @Post('start')
  @HttpCode(200)
  start(@Query('trace') trace?: string): SandboxMetrics {
    this.detach();
    this.statements = 0;
    this.trace = [];
    this.traceLimit = Math.min(50_000, Math.max(0, Number(trace) || 0));
    const count = (sql: string) => {
      this.statements++;
      if (this.trace.length < this.traceLimit) this.trace.push(sql.replace(/\s+/g, ' ').trim());
    };
    // Transactions' connections report their trips themselves (several statements may share one);
    // TypeORM reports every other statement.
    this.subscriber = {
      afterQuery: (event) => {
        if (!isPipelined(event.queryRunner)) count(event.query);
      },
    };
    this.ds.subscribers.push(this.subscriber);
    pipelineObserver.onSend = (statements) => count(statements.join(' ⏎ '));
    this.cpuAtStart = process.cpuUsage();
    this.startedAt = performance.now();
    return this.read();
  }

  @Get()
  read(): SandboxMetrics {
    const cpu = process.cpuUsage(this.cpuAtStart);
    return {
      counting: this.subscriber !== null,
      statements: this.statements,
      cpuMicros: cpu.user + cpu.system,
      elapsedMs: performance.now() - this.startedAt,
      rssBytes: process.memoryUsage.rss(),
      maxRssBytes: process.resourceUsage().maxRSS * 1024,
      trace: this.trace,
    };
  }

  @Post('stop')
  @HttpCode(200)
  stop(): SandboxMetrics {
    const figures = this.read();
    this.detach();
    return { ...figures, counting: false };
  }

  private detach(): void {
    if (!this.subscriber) return;
    pipelineObserver.onSend = null;
    const at = this.ds.subscribers.indexOf(this.subscriber);
    if (at >= 0) this.ds.subscribers.splice(at, 1);
    this.subscriber = null;
  }
}
