import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { LedgerAccountKind } from '../ledger.types';

/** One balance per member and kind. `balance` is a cache of Σ entries, kept exact by guarded updates. */
@Entity('ledger_account')
@Index('uq_ledger_account_member_kind', ['memberId', 'kind'], { unique: true })
export class LedgerAccount {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  memberId!: number;

  @Column({ type: 'varchar', length: 8 })
  kind!: LedgerAccountKind;

  @Column({ type: 'int' })
  balance!: number;

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;

  // Bumped by every balance change.
  @Column({ type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
