import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ActorType } from '@member/shared';
import type { EntityManager } from 'typeorm';
import { Clock } from '../../common/clock';
import { OutboxRegistry } from '../../outbox/outbox-registry';
import { OutboxService } from '../../outbox/outbox.service';
import { NoticesService } from '../notices/notices.service';
import { EventNoticeRow, type EventNoticeKind } from './entities/event-notice.entity';
import type { EventSignupRow } from './entities/event-signup.entity';
import { EventFees } from './event-fees';
import { EventPaymentsService } from './event-payments.service';
import { occurrence } from './event-views';
import { EventsRepository } from './events.repository';

/** What a planned notice carries: ids and amounts only (the notices engine reads names when it sends). */
export interface EventNoticePayload {
  eventId: number;
  /** The session of the sign-up (absent: the event has none). */
  sessionId?: number;
  signupId: number;
  memberId: number;
  partySize: number;
  /** Points charged at promotion, or refunded when the event was cancelled. */
  points: number;
  /** Cash events: the fee to pay (promotion) or refunded (cancellation), in fen, and the pay deadline. */
  cashFen?: number;
  payUntil?: string;
}

const OUTBOX_KINDS: Record<EventNoticeKind, string> = {
  PROMOTED: 'notice.event-promoted',
  EVENT_CANCELLED: 'notice.event-cancelled',
};

// Waiting parties read per query while seats are being handed out.
const BATCH = 50;

/**
 * The waitlist — of an event, or of one session of it. Called inside a transaction that holds the event row's
 * lock (the session row's for a session: a cancellation, a capacity increase): freed seats go to waiting
 * parties in arrival order, each time to the first whose party fits
 * what is free — a larger party is skipped without losing its place, so it never blocks smaller ones behind
 * it. A points fee is charged at promotion; a member whose balance is short is skipped too (the reason is
 * recorded on their sign-up, shown to them) and keeps waiting in place: the next freed seats try them
 * again. A cash fee is not charged here: the promoted party's seats are held (PENDING_PAYMENT) with a
 * payment to make before its deadline, told in the notice; unpaid by then, the sync job frees them again.
 * Each promotion plans a notice through the outbox.
 */
@Injectable()
export class EventWaitlist implements OnModuleInit {
  constructor(
    private readonly repo: EventsRepository,
    private readonly fees: EventFees,
    private readonly payments: EventPaymentsService,
    private readonly outbox: OutboxService,
    private readonly handlers: OutboxRegistry,
    private readonly clock: Clock,
    private readonly notices: NoticesService,
  ) {}

  onModuleInit(): void {
    // The handler records the planned notice as an event_notice row and, for a promotion, plans the
    // EVENT_WAITLIST_PROMOTED care notice (never sent after the start) in the same transaction.
    for (const [kind, outboxKind] of Object.entries(OUTBOX_KINDS) as [EventNoticeKind, string][]) {
      this.handlers.register<EventNoticePayload>({
        kind: outboxKind,
        handle: async (em, ctx) => {
          if (kind === 'PROMOTED') await this.planPromoted(em, ctx.payload);
          await em
            .createQueryBuilder()
            .insert()
            .into(EventNoticeRow)
            .values({
              kind,
              memberId: ctx.payload.memberId,
              eventId: ctx.payload.eventId,
              signupId: ctx.payload.signupId,
              payloadJson: JSON.stringify(ctx.payload),
              status: 'PLANNED',
              createdAt: this.clock.now(),
            })
            .orIgnore()
            .execute();
        },
      });
    }
  }

  private async planPromoted(em: EntityManager, p: EventNoticePayload): Promise<void> {
    const row = await this.repo.event(p.eventId, em);
    if (!row) return;
    // A session's promotion is told with the session's start (and never sent after it).
    const event = occurrence(row, p.sessionId ? await this.repo.session(p.sessionId, em) : null);
    await this.notices.plan(em, {
      kind: 'EVENT_WAITLIST_PROMOTED',
      memberId: p.memberId,
      dedupeKey: `promoted:${p.signupId}`,
      dueAt: this.clock.now(),
      sendBy: event.startsAt,
      facts: { eventId: event.id, title: event.title, startsAt: event.startsAt.toISOString() },
    });
  }

  /** Plans a notice to the sign-up's member in the caller's transaction (once per kind and sign-up). */
  async plan(
    em: EntityManager,
    kind: EventNoticeKind,
    s: EventSignupRow,
    points: number,
    cash?: { cashFen: number; payUntil?: Date },
  ): Promise<void> {
    const payload: EventNoticePayload = {
      eventId: s.eventId,
      ...(s.sessionId ? { sessionId: s.sessionId } : {}),
      signupId: s.id,
      memberId: s.memberId,
      partySize: s.partySize,
      points,
      ...(cash ? { cashFen: cash.cashFen, payUntil: cash.payUntil?.toISOString() } : {}),
    };
    await this.outbox.enqueue(em, { kind: OUTBOX_KINDS[kind], key: String(s.id), payload });
  }

  /**
   * Hands free seats to waiting parties (see the class comment). The caller holds the event row's lock (the
   * session row's for `sessionId`). Answers the promoted sign-up ids in the order promoted.
   */
  async promote(em: EntityManager, eventId: number, now: Date, sessionId = 0): Promise<number[]> {
    const event = sessionId
      ? await this.sessionAsEvent(em, eventId, sessionId)
      : await this.repo.lockEvent(em, eventId);
    if (!event || (event.status !== 'PUBLISHED' && event.status !== 'CLOSED')) return [];
    if (now.getTime() >= event.startsAt.getTime()) return [];
    let free = event.capacity - event.seatsTaken;
    let afterSeq = 0;
    const promoted: number[] = [];
    while (free > 0) {
      const batch = await this.repo.waiting(em, eventId, free, afterSeq, BATCH, sessionId);
      for (const s of batch) {
        afterSeq = s.waitlistSeq ?? afterSeq;
        if (s.partySize > free) continue;
        const fee = event.feeKind === 'POINTS' ? event.feePoints * s.partySize : 0;
        if (fee > 0 && !(await this.fees.canPay(em, s.memberId, fee))) {
          if (s.skipNote !== 'NOT_ENOUGH_POINTS')
            await this.repo.move(em, s.id, ['WAITLISTED'], { skipNote: 'NOT_ENOUGH_POINTS', updatedAt: now });
          continue;
        }
        if (!(await this.repo.takeSeats(em, eventId, s.partySize, ['PUBLISHED', 'CLOSED'], sessionId)))
          throw new Error(`event ${eventId} session ${sessionId}: seats moved under its lock`);
        if (event.feeKind === 'CASH') {
          const held = await this.repo.move(em, s.id, ['WAITLISTED'], {
            status: 'PENDING_PAYMENT',
            promotedAt: now,
            skipNote: null,
            updatedAt: now,
          });
          if (!held) throw new Error(`event signup ${s.id}: left the waitlist under the event lock`);
          const p = await this.payments.open(em, event, s, now);
          await this.plan(em, 'PROMOTED', s, 0, { cashFen: p.amountFen, payUntil: p.payUntil });
          promoted.push(s.id);
          free -= s.partySize;
          if (free === 0) break;
          continue;
        }
        const charged =
          fee > 0
            ? await this.fees.charge(em, s.memberId, fee, s.ticketCode, event.title, {
                type: ActorType.System,
                id: null,
              })
            : null;
        const moved = await this.repo.move(em, s.id, ['WAITLISTED'], {
          status: 'CONFIRMED',
          promotedAt: now,
          feePoints: fee,
          feeEntryId: charged?.entryId ?? null,
          skipNote: null,
          updatedAt: now,
        });
        if (!moved) throw new Error(`event signup ${s.id}: left the waitlist under the event lock`);
        await this.plan(em, 'PROMOTED', s, fee);
        promoted.push(s.id);
        free -= s.partySize;
        if (free === 0) break;
      }
      if (batch.length < BATCH) break;
    }
    return promoted;
  }

  /** The session locked, as its event happens then (its seats, start and status copy); null when not this event's. */
  private async sessionAsEvent(em: EntityManager, eventId: number, sessionId: number) {
    const session = await this.repo.lockSession(em, sessionId);
    const event = session?.eventId === eventId ? await this.repo.event(eventId, em) : null;
    if (!event || !session || session.status !== event.status) return null;
    return occurrence(event, session);
  }
}
