import type { RuleChangeStatus } from '@member/shared';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A points-rules publish beyond a hard bound, waiting for a second operator. Approving it appends the
 * version (only if the rules in force are still `baseVersion`, so the diff the approver saw is the truth).
 */
@Entity('points_rule_change')
@Index('idx_points_rule_change_status', ['status', 'id'])
export class PointsRuleChange {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 16 })
  status!: RuleChangeStatus;

  @Column({ type: 'int' })
  baseVersion!: number;

  @Column({ type: 'text' })
  rulesJson!: string;

  @Column({ type: 'varchar', length: 255 })
  note!: string;

  @Column({ type: 'text', nullable: true })
  warningsJson!: string | null;

  @Column({ type: 'int', nullable: true })
  version!: number | null;

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
