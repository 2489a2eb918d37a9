import { Global, Module } from '@nestjs/common';
import { IdempotencyService } from './idempotency.service';

/** The one idempotency mechanism, for every module that records money, stock or seats. */
@Global()
@Module({ providers: [IdempotencyService], exports: [IdempotencyService] })
export class IdempotencyModule {}
