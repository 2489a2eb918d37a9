import type { RuleChangeStatus } from '@member/shared';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Every tier create or edit: applied at once, or pending a second operator when a value is beyond a hard
 * bound. `valuesJson` holds the requested fields, `beforeJson` the tier as it was (null for a create).
 */
@Entity('tier_change')
@Index('idx_tier_change_status', ['status', 'id'])
export class TierChangeRow {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 16 })
  action!: 'create' | 'update';

  @Column({ type: 'varchar', length: 16 })
  status!: RuleChangeStatus;

  @Column({ type: 'int', nullable: true })
  tierId!: number | null;

  @Column({ type: 'varchar', length: 32 })
  tierCode!: string;

  @Column({ type: 'text', nullable: true })
  beforeJson!: string | null;

  @Column({ type: 'text' })
  valuesJson!: string;

  @Column({ type: 'varchar', length: 255 })
  note!: string;

  @Column({ type: 'text', nullable: true })
  warningsJson!: string | null;

  @Column({ type: 'int' })
  requestedBy!: number;

  @Column({ type: 'datetime', precision: 3 })
  requestedAt!: Date;

  @Column({ type: 'int', nullable: true })
  decidedBy!: number | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  decidedAt!: Date | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  decisionNote!: string | null;
}
