import type { FollowUpStatus } from '@member/shared';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A follow-up task (回访工单) opened by a low rating, for the event's store: OPEN → IN_PROGRESS → RESOLVED,
 * each move a guarded update on (status, version). One per response.
 */
@Entity('follow_up_task')
@Index('uq_follow_up_response', ['responseId'], { unique: true })
@Index('idx_follow_up_store', ['storeId', 'status', 'id'])
@Index('idx_follow_up_status', ['status', 'id'])
export class FollowUpTaskRow {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  surveyId!: number;

  @Column({ type: 'int' })
  responseId!: number;

  @Column({ type: 'int', nullable: true })
  eventId!: number | null;

  @Column({ type: 'int', nullable: true })
  storeId!: number | null;

  @Column({ type: 'int' })
  memberId!: number;

  @Column({ type: 'varchar', length: 12 })
  status!: FollowUpStatus;

  @Column({ type: 'varchar', length: 32, nullable: true })
  assignee!: string | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  resolution!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  resolvedBy!: string | null;

  @Column({ type: 'int', default: 0 })
  version!: number;

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  startedAt!: Date | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  resolvedAt!: Date | null;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
