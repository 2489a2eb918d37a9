import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { ActorType } from '@member/shared';
import type { LedgerEntryType } from '../ledger.types';

/** Append-only posting. Never updated or deleted; corrections are REVERSAL entries. */
@Entity('ledger_entry')
// The idempotency key: a replayed business operation finds its first entry instead of posting again.
// biz_type and biz_id are byte-exact on MySQL (utf8mb4_bin): they carry receipt and refund numbers.
@Index('uq_ledger_entry_idempotency', ['accountId', 'bizType', 'bizId', 'entryType'], { unique: true })
@Index('idx_ledger_entry_account_created', ['accountId', 'createdAt'])
export class LedgerEntry {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  accountId!: number;

  // Signed: credits and debit reversals are positive, debits, expiries and credit reversals negative.
  @Column({ type: 'int' })
  amount!: number;

  @Column({ type: 'int' })
  balanceAfter!: number;

  @Column({ type: 'varchar', length: 16 })
  entryType!: LedgerEntryType;

  @Column({ type: 'varchar', length: 32 })
  bizType!: string;

  @Column({ type: 'varchar', length: 160 })
  bizId!: string;

  @Column({ type: 'varchar', length: 255 })
  reason!: string;

  @Column({ type: 'varchar', length: 16, nullable: true })
  actorType!: ActorType | null;

  @Column({ type: 'int', nullable: true })
  actorId!: number | null;

  @Column({ type: 'int', nullable: true })
  storeId!: number | null;

  @Index('idx_ledger_entry_reverses')
  @Column({ type: 'int', nullable: true })
  reversesEntryId!: number | null;

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;
}
