import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A member's no-show standing: no-shows counted within events.noShowWindowDays when the sweep last met
 * one, and until when the no-show rule limits them to waitlists (null or past = it does not).
 */
@Entity('event_member_standing')
export class EventMemberStanding {
  @PrimaryColumn({ type: 'int' })
  memberId!: number;

  @Column({ type: 'int' })
  noShows!: number;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  lastNoShowAt!: Date | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  waitlistOnlyUntil!: Date | null;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
