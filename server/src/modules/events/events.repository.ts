import { Injectable } from '@nestjs/common';
import type { EventSignupStatus } from '@member/shared';
import { DataSource, In, type EntityManager } from 'typeorm';
import { execute, hydrate, insertedId, insertRows, sqlName } from '../../database/raw-sql';
import { EventMemberStanding } from './entities/event-member-standing.entity';
import { EventSessionRow } from './entities/event-session.entity';
import { EventSignupRow } from './entities/event-signup.entity';
import { EventRow } from './entities/event.entity';

type Reader = DataSource | EntityManager;

const isMysql = (em: Reader) => ('connection' in em ? em.connection : em).options.type !== 'better-sqlite3';

/** Per (status, walk-in) sums of one event's sign-ups (live counters). */
export interface SignupSums {
  status: string;
  walkIn: boolean;
  parties: number;
  people: number;
}

/**
 * Event, session and sign-up statements. Seats and the waitlist sequence move only here, by guarded updates on
 * the event row — or, for an event with sessions, on the session's row (`sessionId`, 0 = the event row): that
 * row is the one lock every seat-moving transaction of the event (session) takes first, so they never deadlock
 * with each other, and waitlisted sign-ups change status only while it is held. Operators' changes lock the
 * event row first, then its sessions' rows in id order.
 */
@Injectable()
export class EventsRepository {
  constructor(private readonly ds: DataSource) {}

  async event(id: number, reader: Reader = this.ds): Promise<EventRow | null> {
    const rows = (await reader.query(`SELECT * FROM ${this.t(reader)} WHERE id = ?`, [id])) as Record<
      string,
      unknown
    >[];
    return rows.length ? hydrate(this.em(reader), EventRow, rows[0]) : null;
  }

  /** The event row locked for the rest of the caller's transaction (cancellations, walk-ins, operator changes). */
  async lockEvent(em: EntityManager, id: number): Promise<EventRow | null> {
    const lock = isMysql(em) ? ' FOR UPDATE' : '';
    const rows = (await em.query(`SELECT * FROM ${this.t(em)} WHERE id = ?${lock}`, [id])) as Record<string, unknown>[];
    return rows.length ? hydrate(em, EventRow, rows[0]) : null;
  }

  /**
   * Takes n seats if they fit (`seats_taken + n <= capacity`) while the event (the session's copy of its
   * status) is in one of `statuses`. The event row refuses an event with sessions: its seats are the sessions'.
   */
  async takeSeats(
    em: EntityManager,
    eventId: number,
    n: number,
    statuses: string[] = ['PUBLISHED'],
    sessionId = 0,
  ): Promise<boolean> {
    const inList = statuses.map(() => '?').join(', ');
    const sql = sessionId
      ? `UPDATE ${this.s(em)} SET seats_taken = seats_taken + ? WHERE id = ? AND event_id = ? AND status IN (${inList}) AND seats_taken + ? <= capacity`
      : `UPDATE ${this.t(em)} SET seats_taken = seats_taken + ? WHERE id = ? AND status IN (${inList}) AND seats_taken + ? <= capacity AND session_count = 0`;
    const params = sessionId ? [n, sessionId, eventId, ...statuses, n] : [n, eventId, ...statuses, n];
    return (await execute(em, sql, params)) === 1;
  }

  async freeSeats(em: EntityManager, eventId: number, n: number, sessionId = 0): Promise<void> {
    const done = await execute(
      em,
      sessionId
        ? `UPDATE ${this.s(em)} SET seats_taken = seats_taken - ? WHERE id = ? AND event_id = ? AND seats_taken >= ?`
        : `UPDATE ${this.t(em)} SET seats_taken = seats_taken - ? WHERE id = ? AND seats_taken >= ?`,
      sessionId ? [n, sessionId, eventId, n] : [n, eventId, n],
    );
    if (done !== 1) throw new Error(`event ${eventId} session ${sessionId}: fewer seats taken than freed`);
  }

  /**
   * The next waitlist arrival number of the event or session (1, 2, 3 …); rolled back with the caller's
   * transaction.
   */
  async nextWaitlistSeq(em: EntityManager, eventId: number, sessionId = 0): Promise<number> {
    const table = sessionId ? this.s(em) : this.t(em);
    const id = sessionId || eventId;
    if (isMysql(em)) {
      // LAST_INSERT_ID(expr) hands the new value back in the same round trip.
      const result = await em.queryRunner!.query(
        `UPDATE ${table} SET waitlist_seq = LAST_INSERT_ID(waitlist_seq + 1) WHERE id = ?`,
        [id],
        true,
      );
      return insertedId(result.raw);
    }
    await execute(em, `UPDATE ${table} SET waitlist_seq = waitlist_seq + 1 WHERE id = ?`, [id]);
    const rows = (await em.query(`SELECT waitlist_seq AS seq FROM ${table} WHERE id = ?`, [id])) as {
      seq: number;
    }[];
    return Number(rows[0].seq);
  }

  async session(id: number, reader: Reader = this.ds): Promise<EventSessionRow | null> {
    return reader.getRepository(EventSessionRow).findOneBy({ id });
  }

  /** The session row locked for the rest of the caller's transaction (a member's cancellation, promotion). */
  async lockSession(em: EntityManager, id: number): Promise<EventSessionRow | null> {
    const lock = isMysql(em) ? ' FOR UPDATE' : '';
    const rows = (await em.query(`SELECT * FROM ${this.s(em)} WHERE id = ?${lock}`, [id])) as Record<string, unknown>[];
    return rows.length ? hydrate(em, EventSessionRow, rows[0]) : null;
  }

  /** The event's sessions in time order (locked in id order when `lock`: operators' changes, after the event row). */
  async sessionsOf(eventId: number, reader: Reader = this.ds, lock = false): Promise<EventSessionRow[]> {
    const em = this.em(reader);
    if (lock && isMysql(em))
      await em.query(`SELECT id FROM ${this.s(em)} WHERE event_id = ? ORDER BY id FOR UPDATE`, [eventId]);
    return em.getRepository(EventSessionRow).find({ where: { eventId }, order: { startsAt: 'ASC', id: 'ASC' } });
  }

  /** The sessions of these events, by event, in time order. */
  async sessionsOfEvents(eventIds: number[], reader: Reader = this.ds): Promise<Map<number, EventSessionRow[]>> {
    const out = new Map<number, EventSessionRow[]>();
    if (!eventIds.length) return out;
    const rows = await reader
      .getRepository(EventSessionRow)
      .find({ where: { eventId: In(eventIds) }, order: { startsAt: 'ASC', id: 'ASC' } });
    for (const r of rows) out.set(r.eventId, [...(out.get(r.eventId) ?? []), r]);
    return out;
  }

  async sessionsByIds(ids: number[], reader: Reader = this.ds): Promise<Map<number, EventSessionRow>> {
    if (!ids.length) return new Map();
    const rows = await reader.getRepository(EventSessionRow).findBy({ id: In([...new Set(ids)]) });
    return new Map(rows.map((r) => [r.id, r]));
  }

  async insertSignup(em: EntityManager, row: Omit<EventSignupRow, 'id'>): Promise<EventSignupRow> {
    const id = await insertRows(em, EventSignupRow, [row]);
    return Object.assign(new EventSignupRow(), row, { id });
  }

  async signup(id: number, reader: Reader = this.ds): Promise<EventSignupRow | null> {
    return reader.getRepository(EventSignupRow).findOneBy({ id });
  }

  async byTicket(code: string, reader: Reader = this.ds): Promise<EventSignupRow | null> {
    return reader.getRepository(EventSignupRow).findOneBy({ ticketCode: code });
  }

  /** The member's live (not cancelled) sign-up for the event (for one session of it: `sessionId`). */
  async activeSignup(
    eventId: number,
    memberId: number,
    reader: Reader = this.ds,
    sessionId = 0,
  ): Promise<EventSignupRow | null> {
    return reader.getRepository(EventSignupRow).findOneBy({ eventId, sessionId, activeMemberId: memberId });
  }

  /** The member's live sign-ups for the event, one per session (events with sessions). */
  async liveSignups(eventId: number, memberId: number, reader: Reader = this.ds): Promise<EventSignupRow[]> {
    return reader.getRepository(EventSignupRow).find({ where: { eventId, activeMemberId: memberId } });
  }

  /** Moves a sign-up between statuses only from `from` (affected rows: 0 = someone else moved it first). */
  async move(em: EntityManager, id: number, from: EventSignupStatus[], set: Partial<EventSignupRow>): Promise<boolean> {
    const qb = em
      .createQueryBuilder()
      .update(EventSignupRow)
      .set(set)
      .where('id = :id', { id })
      .andWhere('status IN (:...from)', { from });
    return (await qb.execute()).affected === 1;
  }

  /** Waiting parties of the event (session) that fit `free` seats, in arrival order, after `afterSeq`. */
  async waiting(em: EntityManager, eventId: number, free: number, afterSeq: number, limit: number, sessionId = 0) {
    return em
      .getRepository(EventSignupRow)
      .createQueryBuilder('s')
      .where(
        "s.eventId = :eventId AND s.sessionId = :sessionId AND s.status = 'WAITLISTED' AND s.partySize <= :free AND s.waitlistSeq > :afterSeq",
        { eventId, sessionId, free, afterSeq },
      )
      .orderBy('s.waitlistSeq', 'ASC')
      .limit(limit)
      .getMany();
  }

  /** Parties ahead of a waitlisted sign-up + 1 (on its event's or session's waitlist). */
  async waitlistPosition(eventId: number, seq: number, reader: Reader = this.ds, sessionId = 0): Promise<number> {
    const ahead = await reader
      .getRepository(EventSignupRow)
      .createQueryBuilder('s')
      .where("s.eventId = :eventId AND s.sessionId = :sessionId AND s.status = 'WAITLISTED' AND s.waitlistSeq < :seq", {
        eventId,
        sessionId,
        seq,
      })
      .getCount();
    return ahead + 1;
  }

  /** Per (status, walk-in) sums of the event's sign-ups — of one session's when `sessionId` is given. */
  async sums(eventId: number, reader: Reader = this.ds, sessionId?: number): Promise<SignupSums[]> {
    return [...(await this.sumsBySession(eventId, reader, sessionId)).values()].flat().reduce(mergeSums, []);
  }

  /** Per (status, walk-in) sums of the event's sign-ups, by session (0: the event has none). */
  async sumsBySession(
    eventId: number,
    reader: Reader = this.ds,
    sessionId?: number,
  ): Promise<Map<number, SignupSums[]>> {
    const qb = reader
      .getRepository(EventSignupRow)
      .createQueryBuilder('s')
      .select('s.sessionId', 'sessionId')
      .addSelect('s.status', 'status')
      .addSelect('s.walkIn', 'walkIn')
      .addSelect('COUNT(*)', 'parties')
      .addSelect('SUM(s.partySize)', 'people')
      .where('s.eventId = :eventId', { eventId });
    if (sessionId !== undefined) qb.andWhere('s.sessionId = :sessionId', { sessionId });
    const rows = await qb
      .groupBy('s.sessionId')
      .addGroupBy('s.status')
      .addGroupBy('s.walkIn')
      .getRawMany<{ sessionId: unknown; status: string; walkIn: unknown; parties: unknown; people: unknown }>();
    const out = new Map<number, SignupSums[]>();
    for (const r of rows) {
      const key = Number(r.sessionId);
      out.set(key, [
        ...(out.get(key) ?? []),
        { status: r.status, walkIn: Number(r.walkIn) === 1, parties: Number(r.parties), people: Number(r.people ?? 0) },
      ]);
    }
    return out;
  }

  /** Waiting parties per event (list cards). */
  async waitlistCounts(eventIds: number[], reader: Reader = this.ds): Promise<Map<number, number>> {
    if (!eventIds.length) return new Map();
    const rows = await reader
      .getRepository(EventSignupRow)
      .createQueryBuilder('s')
      .select('s.eventId', 'eventId')
      .addSelect('COUNT(*)', 'n')
      .where("s.eventId IN (:...eventIds) AND s.status = 'WAITLISTED'", { eventIds })
      .groupBy('s.eventId')
      .getRawMany<{ eventId: unknown; n: unknown }>();
    return new Map(rows.map((r) => [Number(r.eventId), Number(r.n)]));
  }

  /** The member's live sign-ups among these events, by event (several for an event with sessions). */
  async myLive(memberId: number, eventIds: number[], reader: Reader = this.ds): Promise<Map<number, EventSignupRow[]>> {
    if (!eventIds.length) return new Map();
    const rows = await reader
      .getRepository(EventSignupRow)
      .createQueryBuilder('s')
      .where('s.activeMemberId = :memberId AND s.eventId IN (:...eventIds)', { memberId, eventIds })
      .orderBy('s.id', 'ASC')
      .getMany();
    const out = new Map<number, EventSignupRow[]>();
    for (const r of rows) out.set(r.eventId, [...(out.get(r.eventId) ?? []), r]);
    return out;
  }

  async standing(memberId: number, reader: Reader = this.ds): Promise<EventMemberStanding | null> {
    return reader.getRepository(EventMemberStanding).findOneBy({ memberId });
  }

  private em(reader: Reader): EntityManager {
    return 'manager' in reader ? reader.manager : reader;
  }

  private t(reader: Reader): string {
    return sqlName(this.em(reader), EventRow);
  }

  private s(reader: Reader): string {
    return sqlName(this.em(reader), EventSessionRow);
  }
}

/** Adds a group's sums into the (status, walk-in) list (the event's counters over its sessions). */
function mergeSums(all: SignupSums[], r: SignupSums): SignupSums[] {
  const same = all.find((x) => x.status === r.status && x.walkIn === r.walkIn);
  if (!same) return [...all, { ...r }];
  same.parties += r.parties;
  same.people += r.people;
  return all;
}
