import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type EventNoticeKind = 'PROMOTED' | 'EVENT_CANCELLED';

/**
 * A notice planned for a member (promoted from the waitlist, event cancelled), written by the outbox
 * handlers of notice.event-*. No notice channel exists yet: rows stay PLANNED until the care-notices engine
 * reads and sends them. Ids and amounts only in the payload; one row per kind and sign-up.
 */
@Entity('event_notice')
@Index('uq_event_notice', ['kind', 'signupId'], { unique: true })
@Index('idx_event_notice_status', ['status', 'id'])
@Index('idx_event_notice_member', ['memberId', 'id'])
export class EventNoticeRow {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 16 })
  kind!: EventNoticeKind;

  @Column({ type: 'int' })
  memberId!: number;

  @Column({ type: 'int' })
  eventId!: number;

  @Column({ type: 'int' })
  signupId!: number;

  @Column({ type: 'varchar', length: 500 })
  payloadJson!: string;

  @Column({ type: 'varchar', length: 10 })
  status!: 'PLANNED' | 'SENT';

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;
}
