import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { Clock } from '../../common/clock';
import { TransactionRunner } from '../../database/transaction-runner';
import { JobRegistry } from '../../jobs/job-registry';
import { NoticesService, type PlanInput } from '../notices/notices.service';
import { StoreDirectory } from '../stores/store-directory';
import { EventSessionRow } from './entities/event-session.entity';
import { EventSignupRow } from './entities/event-signup.entity';
import { EventRow } from './entities/event.entity';
import { occurrence } from './event-views';

const HOUR = 3_600_000;
const CHUNK = 500;
// Feedback is asked for a little after the event, while it is fresh, and not after three days.
const FEEDBACK_AFTER_MS = 30 * 60_000;
const FEEDBACK_WINDOW_MS = 3 * 24 * HOUR;

/**
 * Plans the care notices of events just in time, every few minutes: the 24-hour reminder once an event
 * (a session of a recurring event) is within 24 hours (for sign-ups made before that), the 2-hour reminder
 * once it is within 2 hours, both never sent after the start; and the feedback request for checked-in members
 * once an event has ended (one per member, however many of its sessions they came to).
 * Planning late keeps a cancelled sign-up from being reminded (it is no longer CONFIRMED); the dedupe keys
 * keep each notice to one however often the job runs.
 */
@Injectable()
export class EventNoticesJob implements OnModuleInit {
  static readonly NAME = 'event-notices';

  constructor(
    private readonly ds: DataSource,
    private readonly tx: TransactionRunner,
    private readonly notices: NoticesService,
    private readonly stores: StoreDirectory,
    private readonly jobs: JobRegistry,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.jobs.register({
      name: EventNoticesJob.NAME,
      schedule: { kind: 'interval', seconds: 300 },
      run: () => this.run(),
    });
  }

  async run(): Promise<{ reminders: number; feedback: number }> {
    const now = this.clock.now();
    let reminders = 0;
    const soon = new Date(now.getTime() + 24 * HOUR);
    // Events (sessions) starting within 24 h: the 24-hour reminder to those who signed up before the window.
    const starting = (await this.events('startsAt', now, soon))
      .filter((e) => !e.sessionCount)
      .map((e) => ({ event: e, session: null as EventSessionRow | null }));
    for (const { event: row, session } of [...starting, ...(await this.sessions(now, soon))]) {
      const event = occurrence(row, session);
      const within2h = event.startsAt.getTime() - now.getTime() <= 2 * HOUR;
      const place = await this.place(event);
      // A session's reminders are its own (another session of the same event gets its own pair).
      const key = session ? `event:${event.id}:${session.id}` : `event:${event.id}`;
      reminders += await this.planFor(event, 'CONFIRMED', session?.id ?? 0, (s) => {
        const early = s.createdAt.getTime() <= event.startsAt.getTime() - 24 * HOUR;
        const hours = within2h ? 2 : 24;
        if (!within2h && !early) return null;
        return {
          kind: 'EVENT_REMINDER',
          memberId: s.memberId,
          dedupeKey: `${key}:${hours}h`,
          dueAt: now,
          sendBy: event.startsAt,
          facts: {
            eventId: event.id,
            title: event.title,
            startsAt: event.startsAt.toISOString(),
            place,
            hoursBefore: hours,
          },
        };
      });
    }
    let feedback = 0;
    for (const event of await this.events('endsAt', new Date(now.getTime() - FEEDBACK_WINDOW_MS), now)) {
      // One request per member: their first checked-in sign-up (the surveys' job asks with the same key).
      const asked = new Set<number>();
      feedback += await this.planFor(event, 'CHECKED_IN', undefined, (s) => {
        if (asked.has(s.memberId)) return null;
        asked.add(s.memberId);
        return {
          kind: 'FEEDBACK_REQUEST',
          memberId: s.memberId,
          dedupeKey: `feedback:${s.id}`,
          dueAt: new Date(Math.max(now.getTime(), event.endsAt.getTime() + FEEDBACK_AFTER_MS)),
          sendBy: new Date(event.endsAt.getTime() + FEEDBACK_WINDOW_MS),
          facts: { signupId: s.id, eventId: event.id, title: event.title, startsAt: event.startsAt.toISOString() },
        };
      });
    }
    return { reminders, feedback };
  }

  /** Sessions of live events starting within (from, to], with their events. */
  private async sessions(from: Date, to: Date): Promise<{ event: EventRow; session: EventSessionRow }[]> {
    const sessions = await this.ds
      .getRepository(EventSessionRow)
      .createQueryBuilder('s')
      .where('s.startsAt > :from AND s.startsAt <= :to', { from, to })
      .andWhere('s.status IN (:...live)', { live: ['PUBLISHED', 'CLOSED'] })
      .getMany();
    if (!sessions.length) return [];
    const events = new Map(
      (await this.ds.getRepository(EventRow).findBy({ id: In([...new Set(sessions.map((s) => s.eventId))]) })).map(
        (e) => [e.id, e],
      ),
    );
    return sessions.flatMap((session) => {
      const event = events.get(session.eventId);
      return event ? [{ event, session }] : [];
    });
  }

  private events(column: 'startsAt' | 'endsAt', from: Date, to: Date): Promise<EventRow[]> {
    return this.ds
      .getRepository(EventRow)
      .createQueryBuilder('e')
      .where(`e.${column} > :from AND e.${column} <= :to`, { from, to })
      .andWhere('e.status IN (:...live)', { live: ['PUBLISHED', 'CLOSED'] })
      .getMany();
  }

  private async place(event: EventRow): Promise<string> {
    if (event.address) return event.address;
    if (event.storeId === null) return '';
    return (await this.stores.names([event.storeId])).get(event.storeId) ?? '';
  }

  /** Walks the event's (one session's) sign-ups in id order, one short transaction per chunk. */
  private async planFor(
    event: EventRow,
    which: 'CONFIRMED' | 'CHECKED_IN',
    sessionId: number | undefined,
    build: (s: EventSignupRow) => PlanInput<'EVENT_REMINDER'> | PlanInput<'FEEDBACK_REQUEST'> | null,
  ): Promise<number> {
    let afterId = 0;
    let planned = 0;
    for (;;) {
      const qb = this.ds
        .getRepository(EventSignupRow)
        .createQueryBuilder('s')
        .where('s.eventId = :eventId AND s.id > :afterId', { eventId: event.id, afterId });
      if (sessionId !== undefined) qb.andWhere('s.sessionId = :sessionId', { sessionId });
      if (which === 'CHECKED_IN') qb.andWhere('s.checkedInAt IS NOT NULL');
      else qb.andWhere('s.status = :confirmed', { confirmed: 'CONFIRMED' });
      const rows = await qb.orderBy('s.id', 'ASC').take(CHUNK).getMany();
      if (!rows.length) break;
      const inputs = rows.map(build).filter((i): i is NonNullable<typeof i> => i !== null);
      planned += await this.tx.run((em) => this.notices.planMany(em, inputs as PlanInput<'EVENT_REMINDER'>[]));
      afterId = rows[rows.length - 1].id;
      if (rows.length < CHUNK) break;
    }
    return planned;
  }
}
