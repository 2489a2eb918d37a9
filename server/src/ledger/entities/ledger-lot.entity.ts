import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { LotKind } from '../ledger.types';

/** A credit bucket. Debits draw `remaining` down; reversals of those debits put it back. */
@Entity('ledger_lot')
@Index('idx_ledger_lot_account_expires', ['accountId', 'expiresAt'])
export class LedgerLot {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  accountId!: number;

  // The CREDIT entry that created the lot.
  @Index('idx_ledger_lot_entry')
  @Column({ type: 'int' })
  entryId!: number;

  @Column({ type: 'int' })
  amount!: number;

  @Column({ type: 'int' })
  remaining!: number;

  // Null: never expires (drawn last).
  @Index('idx_ledger_lot_expires')
  @Column({ type: 'datetime', precision: 3, nullable: true })
  expiresAt!: Date | null;

  @Column({ type: 'varchar', length: 16 })
  lotKind!: LotKind;

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;
}
