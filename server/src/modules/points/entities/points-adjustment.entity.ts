import type { PointsAdjustmentReason, PointsAdjustmentStatus } from '@member/shared';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * An operator's manual change of a member's points. Applied at once below the approval threshold, otherwise
 * pending until a second operator decides. (requestedBy, requestId) makes a retried request answer once.
 */
@Entity('points_adjustment')
@Index('uq_points_adjustment_request', ['requestedBy', 'requestId'], { unique: true })
@Index('idx_points_adjustment_status', ['status', 'id'])
export class PointsAdjustmentRow {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index('idx_points_adjustment_member')
  @Column({ type: 'int' })
  memberId!: number;

  @Column({ type: 'int' })
  delta!: number;

  @Column({ type: 'varchar', length: 16 })
  reasonCode!: PointsAdjustmentReason;

  @Column({ type: 'varchar', length: 200 })
  note!: string;

  @Column({ type: 'varchar', length: 10 })
  status!: PointsAdjustmentStatus;

  @Column({ type: 'varchar', length: 64 })
  requestId!: string;

  @Column({ type: 'int' })
  requestedBy!: number;

  // The requester's business day, whose quota this adjustment used (a rejection gives it back there).
  @Column({ type: 'varchar', length: 10 })
  businessDate!: string;

  @Column({ type: 'datetime', precision: 3 })
  requestedAt!: Date;

  @Column({ type: 'int', nullable: true })
  decidedBy!: number | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  decidedAt!: Date | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  decisionNote!: string | null;

  @Column({ type: 'int', nullable: true })
  ledgerEntryId!: number | null;

  @Column({ type: 'int', nullable: true })
  balanceAfter!: number | null;
}
