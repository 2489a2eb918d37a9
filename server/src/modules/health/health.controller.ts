import { Controller, Get, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { HealthResponse } from '@member/shared';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock';
import { AppConfig } from '../../config/app-config';

const VERSION = '0.1.0';

@ApiTags('health')
@Controller('api/health')
export class HealthController {
  constructor(
    private readonly ds: DataSource,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** 200 when the database answers, 503 otherwise (load balancers take the node out). */
  @Get()
  async health(@Res({ passthrough: true }) res: Response): Promise<HealthResponse> {
    const started = Date.now();
    let up = true;
    try {
      await this.ds.query('SELECT 1');
    } catch {
      up = false;
    }
    if (!up) res.status(503);
    return {
      status: up ? 'ok' : 'degraded',
      db: {
        status: up ? 'up' : 'down',
        driver: this.config.usesSqlite ? 'better-sqlite3' : 'mysql',
        latencyMs: Date.now() - started,
      },
      wechatMode: this.config.wechat.mode,
      time: this.clock.now().toISOString(),
      version: VERSION,
    };
  }
}
