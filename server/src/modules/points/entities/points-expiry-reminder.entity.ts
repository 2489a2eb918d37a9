import type { ExpiryReminderStatus } from '@member/shared';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Planned notice: a member's points expiring on one business day. (member, day) is planned once. */
@Entity('points_expiry_reminder')
@Index('uq_points_expiry_reminder', ['memberId', 'expiresOn'], { unique: true })
@Index('idx_points_expiry_reminder_status', ['status', 'expiresOn'])
export class PointsExpiryReminderRow {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  memberId!: number;

  @Column({ type: 'varchar', length: 10 })
  expiresOn!: string;

  @Column({ type: 'int' })
  points!: number;

  @Column({ type: 'varchar', length: 10 })
  status!: ExpiryReminderStatus;

  @Column({ type: 'datetime', precision: 3 })
  plannedAt!: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  sentAt!: Date | null;
}
