import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { OutboxWorker } from '../outbox/outbox-worker';
import type { DrainResult } from '../outbox/outbox.types';

/** Delivers every due outbox row now (demo and tests), instead of waiting for the next poll. */
@ApiTags('sandbox')
@Controller('sandbox/outbox')
export class SandboxOutboxController {
  constructor(private readonly worker: OutboxWorker) {}

  @Post('drain')
  @HttpCode(200)
  drain(): Promise<DrainResult> {
    return this.worker.drain();
  }
}
