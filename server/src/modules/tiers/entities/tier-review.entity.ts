import type { TierReviewCancelReason, TierReviewStatus } from '@member/shared';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A member flagged below their tier's retention threshold; they drop one tier on `dueOn` unless it closes. */
@Entity('tier_review')
@Index('idx_tier_review_status_due', ['status', 'dueOn'])
export class TierReviewRow {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index('idx_tier_review_member')
  @Column({ type: 'int' })
  memberId!: number;

  // memberId while pending, null once closed: the unique index allows one open review per member.
  @Index('uq_tier_review_pending', { unique: true })
  @Column({ type: 'int', nullable: true })
  pendingMemberId!: number | null;

  @Column({ type: 'int' })
  fromTierId!: number;

  @Column({ type: 'int' })
  toTierId!: number;

  @Column({ type: 'int' })
  growthAtFlag!: number;

  @Column({ type: 'int' })
  retentionThreshold!: number;

  @Column({ type: 'varchar', length: 10 })
  status!: TierReviewStatus;

  @Column({ type: 'datetime', precision: 3 })
  flaggedAt!: Date;

  // Business day (Asia/Shanghai) the downgrade applies.
  @Column({ type: 'varchar', length: 10 })
  dueOn!: string;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  decidedAt!: Date | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  cancelReason!: TierReviewCancelReason | null;
}
