import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource, IsNull, LessThanOrEqual, In, type EntityManager } from 'typeorm';
import { Clock } from '../../common/clock';
import { TransactionRunner } from '../../database/transaction-runner';
import { JobRegistry } from '../../jobs/job-registry';
import { EventMemberStanding } from './entities/event-member-standing.entity';
import { EventSessionRow } from './entities/event-session.entity';
import { EventSignupRow } from './entities/event-signup.entity';
import { EventRow } from './entities/event.entity';
import { EventRules } from './event-rules';

// Ended events swept per run (each in its own transaction).
const EVENTS_PER_RUN = 100;
const DAY_MS = 86_400_000;

/**
 * Every 5 minutes: sessions and events that have ended get their no-shows recorded, once each. A session (an
 * event) is claimed by a guarded update of its no_show_swept_at (so two nodes never both sweep it), and in the
 * same transaction its CONFIRMED sign-ups (never checked in) become NO_SHOW and each member's standing is
 * recounted: with events.noShowLimit no-shows among sessions and events that ended within
 * events.noShowWindowDays they can only join waitlists for events.noShowPenaltyDays. An event with sessions
 * is swept session by session, as each one ends (its own sweep finds nothing left).
 */
@Injectable()
export class EventNoShowJob implements OnModuleInit {
  static readonly NAME = 'event-no-shows';

  constructor(
    private readonly jobs: JobRegistry,
    private readonly ds: DataSource,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly rules: EventRules,
  ) {}

  onModuleInit(): void {
    this.jobs.register({
      name: EventNoShowJob.NAME,
      schedule: { kind: 'interval', seconds: 300 },
      run: () => this.sweep(),
    });
  }

  async sweep(): Promise<{ events: number; noShows: number; restricted: number }> {
    const now = this.clock.now();
    const total = { events: 0, noShows: 0, restricted: 0 };
    // Sessions first: an event's own sweep after its last session ends then finds them done.
    const sessions = await this.ds.getRepository(EventSessionRow).find({
      select: { id: true, eventId: true },
      where: { noShowSweptAt: IsNull(), endsAt: LessThanOrEqual(now), status: In(['PUBLISHED', 'CLOSED']) },
      order: { endsAt: 'ASC' },
      take: EVENTS_PER_RUN,
    });
    for (const { id, eventId } of sessions) {
      const done = await this.tx.run((em) => this.sweepSession(em, eventId, id, now));
      if (!done) continue;
      total.noShows += done.noShows;
      total.restricted += done.restricted;
    }
    const due = await this.ds.getRepository(EventRow).find({
      select: { id: true },
      where: { noShowSweptAt: IsNull(), endsAt: LessThanOrEqual(now), status: In(['PUBLISHED', 'CLOSED']) },
      order: { endsAt: 'ASC' },
      take: EVENTS_PER_RUN,
    });
    for (const { id } of due) {
      const done = await this.tx.run((em) => this.sweepEvent(em, id, now));
      if (!done) continue;
      total.events++;
      total.noShows += done.noShows;
      total.restricted += done.restricted;
    }
    return total;
  }

  private async sweepEvent(em: EntityManager, eventId: number, now: Date) {
    const claimed = await em
      .createQueryBuilder()
      .update(EventRow)
      .set({ noShowSweptAt: now })
      .where('id = :eventId AND no_show_swept_at IS NULL', { eventId })
      .execute();
    if (claimed.affected !== 1) return null;
    return this.recordNoShows(em, eventId, 0, now);
  }

  private async sweepSession(em: EntityManager, eventId: number, sessionId: number, now: Date) {
    const claimed = await em
      .createQueryBuilder()
      .update(EventSessionRow)
      .set({ noShowSweptAt: now })
      .where('id = :sessionId AND no_show_swept_at IS NULL', { sessionId })
      .execute();
    if (claimed.affected !== 1) return null;
    return this.recordNoShows(em, eventId, sessionId, now);
  }

  /** The event's (session's) CONFIRMED sign-ups become NO_SHOW; their members' standing is recounted. */
  private async recordNoShows(em: EntityManager, eventId: number, sessionId: number, now: Date) {
    const members = (
      await em
        .getRepository(EventSignupRow)
        .find({ select: { memberId: true }, where: { eventId, sessionId, status: 'CONFIRMED' } })
    ).map((s) => s.memberId);
    if (!members.length) return { noShows: 0, restricted: 0 };
    await em
      .createQueryBuilder()
      .update(EventSignupRow)
      .set({ status: 'NO_SHOW', endReason: 'NO_SHOW', updatedAt: now })
      .where("event_id = :eventId AND session_id = :sessionId AND status = 'CONFIRMED'", { eventId, sessionId })
      .execute();
    const cfg = this.rules.noShow;
    const since = new Date(now.getTime() - cfg.noShowWindowDays * DAY_MS);
    let restricted = 0;
    for (const memberId of [...new Set(members)]) {
      // A session's no-show counts from the session's end, others from the event's.
      const count = await em
        .getRepository(EventSignupRow)
        .createQueryBuilder('s')
        .innerJoin(EventRow, 'e', 'e.id = s.eventId')
        .leftJoin(EventSessionRow, 'ss', 'ss.id = s.sessionId')
        .where("s.memberId = :memberId AND s.status = 'NO_SHOW' AND COALESCE(ss.endsAt, e.endsAt) > :since", {
          memberId,
          since,
        })
        .getCount();
      const before = await em.getRepository(EventMemberStanding).findOneBy({ memberId });
      const limited = count >= cfg.noShowLimit;
      if (limited) restricted++;
      await em.getRepository(EventMemberStanding).upsert(
        {
          memberId,
          noShows: count,
          lastNoShowAt: now,
          waitlistOnlyUntil: limited
            ? new Date(now.getTime() + cfg.noShowPenaltyDays * DAY_MS)
            : (before?.waitlistOnlyUntil ?? null),
          updatedAt: now,
        },
        ['memberId'],
      );
    }
    return { noShows: members.length, restricted };
  }
}
