import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { ActorType } from '@member/shared';
import type { LedgerEntryType } from '../ledger.types';
import { bigintColumn } from './bigint-column';

/**
 * One leg of a journal. Append-only: never updated or deleted; corrections are REVERSAL journals. A
 * journal is the member's leg and the system account's leg (same amount, opposite sign) written in one
 * INSERT, numbered (journal_account_id = the member account, journal_seq = that account's seq).
 */
@Entity('ledger_entry')
// The idempotency key: a replayed business operation finds its first journal instead of posting again.
// biz_type and biz_id are byte-exact on MySQL (utf8mb4_bin): they carry receipt and refund numbers.
@Index('uq_ledger_entry_idempotency', ['journalAccountId', 'bizType', 'bizId', 'entryType', 'accountId'], {
  unique: true,
})
@Index('uq_ledger_entry_journal', ['journalAccountId', 'journalSeq', 'accountId'], { unique: true })
@Index('idx_ledger_entry_account_created', ['accountId', 'createdAt'])
export class LedgerEntry {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  accountId!: number;

  @Column({ type: 'int' })
  journalAccountId!: number;

  @Column(bigintColumn())
  journalSeq!: number;

  // Signed: credits and debit reversals are positive, debits, expiries and credit reversals negative.
  @Column(bigintColumn())
  amount!: number;

  // The member account's balance after this leg; NULL on system legs (no chain there).
  @Column(bigintColumn({ nullable: true }))
  balanceAfter!: number | null;

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
