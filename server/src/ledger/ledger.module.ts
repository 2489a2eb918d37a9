import { Module } from '@nestjs/common';
import { LedgerService } from './ledger.service';

/** Ledger engine for points and stored value. DataSource, TransactionRunner and Clock come from global modules. */
@Module({
  providers: [LedgerService],
  exports: [LedgerService],
})
export class LedgerModule {}
