import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { LotKind } from '../ledger.types';
import { bigintColumn } from './bigint-column';

/** A credit bucket. Debits draw `remaining` down; reversals of those debits put it back. */
@Entity('ledger_lot')
@Index('idx_ledger_lot_account_expires', ['accountId', 'expiresAt'])
export class LedgerLot {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  accountId!: number;

  // The CREDIT entry that created the lot (or the REVERSAL that restored into a new lot).
  @Index('idx_ledger_lot_entry')
  @Column({ type: 'int' })
  entryId!: number;

  @Column(bigintColumn())
  amount!: number;

  @Column(bigintColumn())
  remaining!: number;

  // Set on a lot a debit reversal created because the lot it restores into had expired meanwhile.
  @Column({ type: 'int', nullable: true })
  restoresLotId!: number | null;

  // Null: never expires (drawn last).
  @Index('idx_ledger_lot_expires')
  @Column({ type: 'datetime', precision: 3, nullable: true })
  expiresAt!: Date | null;

  @Column({ type: 'varchar', length: 16 })
  lotKind!: LotKind;

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;
}
