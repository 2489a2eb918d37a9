import type { EventSignupStatus } from '@member/shared';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Why a sign-up ended (shown in words by the views). */
export type EventEndReason = 'MEMBER' | 'EVENT_CANCELLED' | 'NO_SHOW' | 'PAY_TIMEOUT';

/**
 * A member's sign-up for an event, or for one session of it (party = the member + companions). Status moves
 * only by guarded updates (`WHERE status = 'CONFIRMED'`), so a cancel, a check-in and the no-show sweep racing
 * each other each act once. `active_member_id` is the member while the sign-up is live and NULL once
 * cancelled: the unique (event_id, session_id, active_member_id) allows one live sign-up per member and event
 * — per session for an event with sessions.
 */
@Entity('event_signup')
@Index('uq_event_signup_active', ['eventId', 'sessionId', 'activeMemberId'], { unique: true })
@Index('idx_event_signup_queue', ['eventId', 'sessionId', 'status', 'waitlistSeq'])
@Index('idx_event_signup_member', ['memberId', 'id'])
export class EventSignupRow {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  eventId!: number;

  // The session signed up for; 0 when the event has no sessions (a unique index does not compare NULLs).
  @Column({ type: 'int', default: 0 })
  sessionId!: number;

  @Column({ type: 'int' })
  memberId!: number;

  @Column({ type: 'int', nullable: true })
  activeMemberId!: number | null;

  @Column({ type: 'int' })
  companions!: number;

  @Column({ type: 'int' })
  partySize!: number;

  @Column({ type: 'varchar', length: 16 })
  status!: EventSignupStatus;

  // Arrival number on the event's (or the session's) waitlist (1, 2, 3 …); null when seats were taken at once.
  @Column({ type: 'int', nullable: true })
  waitlistSeq!: number | null;

  // The ticket's QR code (EVT:<code>); byte-exact unique.
  @Index('uq_event_signup_ticket', { unique: true })
  @Column({ type: 'varchar', length: 16 })
  ticketCode!: string;

  @Column({ type: 'int', default: 0 })
  feePoints!: number;

  // The ledger DEBIT of the points fee (reversed exactly once on a refund).
  @Column({ type: 'int', nullable: true })
  feeEntryId!: number | null;

  @Column({ type: 'boolean', width: 1, default: false })
  feeRefunded!: boolean;

  @Column({ type: 'int', default: 0 })
  rewardPoints!: number;

  @Column({ type: 'int', nullable: true })
  rewardCouponId!: number | null;

  @Column({ type: 'boolean', width: 1, default: false })
  walkIn!: boolean;

  // Why freed seats went past this waitlisted party last time (e.g. NOT_ENOUGH_POINTS).
  @Column({ type: 'varchar', length: 64, nullable: true })
  skipNote!: string | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  promotedAt!: Date | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  checkedInAt!: Date | null;

  @Column({ type: 'int', nullable: true })
  checkedInBy!: number | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  cancelledAt!: Date | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  endReason!: EventEndReason | null;

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
