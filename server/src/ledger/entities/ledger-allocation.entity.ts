import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { bigintColumn } from './bigint-column';

/**
 * How much one entry moved in one lot (always positive): taken for DEBIT, EXPIRE and credit reversals,
 * put back for debit reversals. A reversal reads these rows to restore exactly the lots a debit drew.
 */
@Entity('ledger_allocation')
export class LedgerAllocation {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index('idx_ledger_allocation_entry')
  @Column({ type: 'int' })
  entryId!: number;

  @Index('idx_ledger_allocation_lot')
  @Column({ type: 'int' })
  lotId!: number;

  @Column(bigintColumn())
  amount!: number;
}
