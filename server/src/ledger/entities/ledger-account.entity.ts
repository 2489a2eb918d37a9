import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { LedgerAccountKind } from '../ledger.types';
import { bigintColumn } from './bigint-column';

/**
 * A member's balance of one kind, or a system account (member_id NULL, system_code `KIND:ROLE`). A member
 * account's `balance` is a cache of Σ its entries and `seq` counts them (its journals are numbered
 * 1..seq), both kept exact by one compare-and-set update per posting. System accounts keep neither.
 */
@Entity('ledger_account')
@Index('uq_ledger_account_member_kind', ['memberId', 'kind'], { unique: true })
export class LedgerAccount {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int', nullable: true })
  memberId!: number | null;

  @Index('uq_ledger_account_system_code', { unique: true })
  @Column({ type: 'varchar', length: 40, nullable: true })
  systemCode!: string | null;

  @Column({ type: 'varchar', length: 16 })
  kind!: LedgerAccountKind;

  @Column(bigintColumn())
  balance!: number;

  @Column(bigintColumn({ default: 0 }))
  seq!: number;

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;

  // Bumped by every balance change.
  @Column({ type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
