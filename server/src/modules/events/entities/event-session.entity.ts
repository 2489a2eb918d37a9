import type { EventStatus } from '@member/shared';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A session (场次) of a recurring event: its own time and capacity. `seats_taken` and `waitlist_seq` are the
 * session's seat counter and waitlist sequence, moved only by guarded updates on this row (the hot row of the
 * session's sign-ups, as the event row is for an event without sessions). `status` is the event's status,
 * copied in the same transaction whenever the event's changes, so the seat guard reads this row alone.
 * `cancel_deadline` is as long before the session's start as the event's deadline is before its first session.
 */
@Entity('event_session')
@Index('idx_event_session_event', ['eventId', 'startsAt'])
@Index('idx_event_session_status_starts', ['status', 'startsAt'])
@Index('idx_event_session_sweep', ['noShowSweptAt', 'endsAt'])
export class EventSessionRow {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  eventId!: number;

  @Column({ type: 'datetime', precision: 3 })
  startsAt!: Date;

  @Column({ type: 'datetime', precision: 3 })
  endsAt!: Date;

  @Column({ type: 'int' })
  capacity!: number;

  @Column({ type: 'int', default: 0 })
  seatsTaken!: number;

  @Column({ type: 'int', default: 0 })
  waitlistSeq!: number;

  @Column({ type: 'datetime', precision: 3 })
  cancelDeadline!: Date;

  @Column({ type: 'varchar', length: 10 })
  status!: EventStatus;

  // Claims the session's no-show sweep for one node, once (like the event's).
  @Column({ type: 'datetime', precision: 3, nullable: true })
  noShowSweptAt!: Date | null;

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
