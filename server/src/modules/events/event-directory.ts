import { Injectable } from '@nestjs/common';
import type { EventSignupStatus, EventStatus } from '@member/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { EventSignupRow } from './entities/event-signup.entity';
import { EventRow } from './entities/event.entity';

type Reader = DataSource | EntityManager;

export interface EventBrief {
  id: number;
  title: string;
  storeId: number | null;
  status: EventStatus;
  startsAt: Date;
  endsAt: Date;
}

export interface SignupBrief {
  id: number;
  eventId: number;
  memberId: number;
  status: EventSignupStatus;
}

const EVENT_COLUMNS = ['e.id', 'e.title', 'e.storeId', 'e.status', 'e.startsAt', 'e.endsAt'];
const SIGNUP_COLUMNS = ['s.id', 's.eventId', 's.memberId', 's.status'];

/**
 * The events module's door for other modules' reads (surveys ask who came to which event): events and
 * sign-ups in brief, never written through here.
 */
@Injectable()
export class EventDirectory {
  constructor(private readonly ds: DataSource) {}

  async event(id: number, r: Reader = this.ds): Promise<EventBrief | null> {
    return (await this.events([id], r))[0] ?? null;
  }

  events(ids: number[], r: Reader = this.ds): Promise<EventBrief[]> {
    if (!ids.length) return Promise.resolve([]);
    return r
      .getRepository(EventRow)
      .createQueryBuilder('e')
      .select(EVENT_COLUMNS)
      .where('e.id IN (:...ids)', { ids })
      .getMany();
  }

  /** Events that ended within [from, to), not cancelled or drafts, oldest first. */
  endedBetween(from: Date, to: Date, storeId: number | undefined, limit: number): Promise<EventBrief[]> {
    const qb = this.ds
      .getRepository(EventRow)
      .createQueryBuilder('e')
      .select(EVENT_COLUMNS)
      .where("e.endsAt >= :from AND e.endsAt < :to AND e.status IN ('PUBLISHED', 'CLOSED')", { from, to });
    if (storeId !== undefined) qb.andWhere('e.storeId = :storeId', { storeId });
    return qb.orderBy('e.endsAt', 'ASC').take(limit).getMany();
  }

  signup(id: number, r: Reader = this.ds): Promise<SignupBrief | null> {
    return r
      .getRepository(EventSignupRow)
      .createQueryBuilder('s')
      .select(SIGNUP_COLUMNS)
      .where('s.id = :id', { id })
      .getOne();
  }

  /** A member's checked-in sign-ups for these events. */
  checkedInOf(memberId: number, eventIds: number[]): Promise<SignupBrief[]> {
    if (!eventIds.length) return Promise.resolve([]);
    return this.ds
      .getRepository(EventSignupRow)
      .createQueryBuilder('s')
      .select(SIGNUP_COLUMNS)
      .where("s.memberId = :memberId AND s.status = 'CHECKED_IN' AND s.eventId IN (:...eventIds)", {
        memberId,
        eventIds,
      })
      .getMany();
  }

  /**
   * Everyone checked in at an event (members asked for feedback): one sign-up per member, their first — a
   * member who came to several sessions of a recurring event is one attendee.
   */
  async checkedInAt(eventId: number, r: Reader = this.ds): Promise<SignupBrief[]> {
    const rows = await r
      .getRepository(EventSignupRow)
      .createQueryBuilder('s')
      .select(SIGNUP_COLUMNS)
      .where("s.eventId = :eventId AND s.status = 'CHECKED_IN'", { eventId })
      .orderBy('s.id', 'ASC')
      .getMany();
    const seen = new Set<number>();
    return rows.filter((s) => !seen.has(s.memberId) && seen.add(s.memberId));
  }

  /** Members checked in per event (each member once, however many sessions they came to). */
  async checkedInCounts(eventIds: number[]): Promise<Map<number, number>> {
    if (!eventIds.length) return new Map();
    const rows = await this.ds
      .getRepository(EventSignupRow)
      .createQueryBuilder('s')
      .select('s.eventId', 'eventId')
      .addSelect('COUNT(DISTINCT s.memberId)', 'n')
      .where("s.status = 'CHECKED_IN' AND s.eventId IN (:...eventIds)", { eventIds })
      .groupBy('s.eventId')
      .getRawMany<{ eventId: unknown; n: unknown }>();
    return new Map(rows.map((r) => [Number(r.eventId), Number(r.n)]));
  }
}
