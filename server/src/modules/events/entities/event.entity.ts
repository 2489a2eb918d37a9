import type { EventFeeKind, EventStatus } from '@member/shared';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A member event. `seats_taken` moves only by guarded updates (`seats_taken + n <= capacity`), so seats are
 * exact under any burst; `waitlist_seq` is the last waitlist arrival number handed out (incremented in the
 * sign-up's transaction, so a rolled-back sign-up leaves no gap). `no_show_swept_at` claims the after-event
 * no-show sweep for one node, once.
 */
@Entity('event')
@Index('idx_event_status_starts', ['status', 'startsAt'])
@Index('idx_event_store_starts', ['storeId', 'startsAt'])
@Index('idx_event_sweep', ['noShowSweptAt', 'endsAt'])
export class EventRow {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 64 })
  title!: string;

  // MediaAsset ids as JSON, the first is the cover.
  @Column({ type: 'varchar', length: 255 })
  posterIdsJson!: string;

  @Column({ type: 'varchar', length: 4000 })
  description!: string;

  @Column({ type: 'int', nullable: true })
  storeId!: number | null;

  @Column({ type: 'varchar', length: 128, nullable: true })
  address!: string | null;

  @Column({ type: 'datetime', precision: 3 })
  startsAt!: Date;

  @Column({ type: 'datetime', precision: 3 })
  endsAt!: Date;

  @Column({ type: 'datetime', precision: 3 })
  signupStartsAt!: Date;

  @Column({ type: 'datetime', precision: 3 })
  signupEndsAt!: Date;

  @Column({ type: 'int' })
  capacity!: number;

  @Column({ type: 'int', default: 0 })
  seatsTaken!: number;

  @Column({ type: 'int', default: 0 })
  waitlistSeq!: number;

  // Sessions of a recurring event (0: none). With sessions the seats are counted on each session's row and this
  // row's seats_taken stays 0; the guarded seat update of the event row refuses an event with sessions.
  @Column({ type: 'int', default: 0 })
  sessionCount!: number;

  // string[] as JSON, null = every tier.
  @Column({ type: 'varchar', length: 500, nullable: true })
  tierCodesJson!: string | null;

  @Column({ type: 'varchar', length: 8 })
  feeKind!: EventFeeKind;

  @Column({ type: 'int' })
  feePoints!: number;

  @Column({ type: 'int' })
  feeFen!: number;

  @Column({ type: 'int' })
  maxCompanions!: number;

  @Column({ type: 'datetime', precision: 3 })
  cancelDeadline!: Date;

  @Column({ type: 'int' })
  rewardPoints!: number;

  @Column({ type: 'int', nullable: true })
  rewardCouponTemplateId!: number | null;

  @Column({ type: 'varchar', length: 10 })
  status!: EventStatus;

  @Column({ type: 'varchar', length: 255, nullable: true })
  cancelReason!: string | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  noShowSweptAt!: Date | null;

  // Optimistic guard for edits in the console.
  @Column({ type: 'int', default: 0 })
  version!: number;

  @Column({ type: 'int' })
  createdBy!: number;

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt!: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  publishedAt!: Date | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  cancelledAt!: Date | null;
}
