import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { bigintColumn } from './bigint-column';

export type LedgerHoldStatus = 'pending' | 'posted' | 'voided';

/**
 * A pending posting: units reserved now (a debit into the kind's HELD system account, drawing lots like
 * any debit), then posted (kept) or voided (the debit reversed into its original lots). Flows that reserve
 * before they settle use it: stored value awaiting the member's confirmation, mall orders awaiting payment.
 */
@Entity('ledger_hold')
@Index('uq_ledger_hold_key', ['accountId', 'bizType', 'bizId'], { unique: true })
export class LedgerHold {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  accountId!: number;

  @Column(bigintColumn())
  amount!: number;

  @Column({ type: 'varchar', length: 10 })
  status!: LedgerHoldStatus;

  @Column({ type: 'varchar', length: 32 })
  bizType!: string;

  @Column({ type: 'varchar', length: 160 })
  bizId!: string;

  // The debit that reserved the units.
  @Column({ type: 'int' })
  entryId!: number;

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  decidedAt!: Date | null;
}
