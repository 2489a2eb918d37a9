import { Injectable } from '@nestjs/common';
import {
  ErrorCode,
  EVENT_LIMITS,
  EVENT_MAX_SESSIONS,
  type EventInput,
  type EventSessionAdmin,
  type EventSessionInput,
  type EventStatus,
} from '@member/shared';
import type { EntityManager } from 'typeorm';
import { AppException } from '../../common/app-exception';
import { EventSessionRow } from './entities/event-session.entity';
import { EventSignupRow } from './entities/event-signup.entity';
import type { EventRow } from './entities/event.entity';
import { countersOf, sessionBrief, sessionWords } from './event-views';
import { EventWaitlist } from './event-waitlist.service';
import { EventsRepository } from './events.repository';

const invalid = (message: string) => new AppException(ErrorCode.EVENT_INVALID, message);

/** A session as the operator's input settles it: times as instants, its cancellation deadline derived. */
interface CleanSession {
  id: number | null;
  startsAt: Date;
  endsAt: Date;
  capacity: number;
}

/**
 * The sessions (场次) of recurring events on the operators' side, inside the operators' transactions (which
 * hold the event row's lock, then the sessions' rows in id order): the input checked and put in time order
 * (the event's start and end become the first session's start and the last one's end), sessions written on
 * create, kept / changed / added / removed on edit — capacity guarded by the seats taken, a session with
 * sign-ups never removed, more seats handed to the session's waitlist — and the event's status copied onto
 * its sessions whenever it changes. Each session's cancellation deadline is as long before its start as the
 * event's is before the first session.
 */
@Injectable()
export class EventSessionsEditor {
  constructor(
    private readonly repo: EventsRepository,
    private readonly waitlist: EventWaitlist,
  ) {}

  /** The input with its sessions checked and ordered, and the event's times spanning them. */
  normalize(i: EventInput): EventInput {
    const list = i.sessions ?? [];
    if (!list.length) return { ...i, sessions: [] };
    if (list.length > EVENT_MAX_SESSIONS) throw invalid(`场次最多 ${EVENT_MAX_SESSIONS} 个`);
    if (i.feeKind === 'CASH') throw invalid('分场次活动暂不支持付费报名（现金），请改为免费或积分报名');
    const ids = list.map((s) => s.id).filter((id): id is number => id != null);
    if (new Set(ids).size !== ids.length) throw invalid('场次重复，请刷新后重试');
    const sorted = this.clean(list).sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
    for (const [n, s] of sorted.entries()) {
      if (s.endsAt <= s.startsAt) throw invalid(`第 ${n + 1} 场的结束时间须晚于开始时间`);
      const prev = sorted[n - 1];
      if (prev && prev.startsAt.getTime() === s.startsAt.getTime())
        throw invalid(`有两个场次同为 ${sessionWords(s)} 开始，请删除重复的场次`);
    }
    const first = sorted[0];
    const last = sorted.reduce((a, b) => (b.endsAt > a.endsAt ? b : a));
    const latestStart = sorted[sorted.length - 1].startsAt;
    if (Date.parse(i.signupEndsAt) > latestStart.getTime()) throw invalid('报名截止不能晚于最后一个场次的开始时间');
    return {
      ...i,
      startsAt: first.startsAt.toISOString(),
      endsAt: last.endsAt.toISOString(),
      sessions: sorted.map((s) => ({
        id: s.id,
        startsAt: s.startsAt.toISOString(),
        endsAt: s.endsAt.toISOString(),
        capacity: s.capacity,
      })),
    };
  }

  private clean(list: EventSessionInput[]): CleanSession[] {
    const { min, max } = EVENT_LIMITS.capacity;
    return list.map((s) => {
      if (!Number.isInteger(s.capacity) || s.capacity < min || s.capacity > max)
        throw invalid(`每场名额须为 ${min}–${max.toLocaleString('en-US')} 人`);
      return { id: s.id ?? null, startsAt: new Date(s.startsAt), endsAt: new Date(s.endsAt), capacity: s.capacity };
    });
  }

  /** A new event's sessions (a DRAFT event: nothing else to guard). */
  async create(em: EntityManager, eventId: number, i: EventInput, now: Date): Promise<void> {
    const lead = this.cancelLead(i);
    for (const s of i.sessions ?? []) {
      if (s.id != null) throw invalid('场次不存在，请刷新后重试');
      await em.insert(EventSessionRow, this.newRow(eventId, s, lead, 'DRAFT', now));
    }
  }

  /**
   * An edit: the caller holds the event row's lock and has written the event's columns. Sessions are locked
   * (id order), then kept, changed, added or removed as the input says. Answers how many the event has now.
   */
  async update(em: EntityManager, current: EventRow, i: EventInput, now: Date): Promise<number> {
    const wanted = i.sessions ?? [];
    const existing = await this.repo.sessionsOf(current.id, em, true);
    if (!existing.length && !wanted.length) return 0;
    if (!existing.length && (current.seatsTaken > 0 || (await this.signups(em, current.id, 0)) > 0))
      throw invalid('已有会员报名的活动不能改为分场次，请另建一个分场次活动');
    const byId = new Map(existing.map((s) => [s.id, s]));
    for (const s of wanted)
      if (s.id != null && !byId.has(s.id)) throw invalid('场次不存在或已被删除，请载入最新版本后重试');
    const kept = new Set(wanted.map((s) => s.id).filter((id): id is number => id != null));
    for (const gone of existing.filter((s) => !kept.has(s.id))) {
      if (gone.seatsTaken > 0 || (await this.signups(em, current.id, gone.id)) > 0)
        throw invalid(`${sessionWords(gone)} 的场次已有会员报名，不能删除`);
      await em.delete(EventSessionRow, { id: gone.id, eventId: current.id });
    }
    const lead = this.cancelLead(i);
    for (const s of wanted) {
      if (s.id == null) {
        await em.insert(EventSessionRow, this.newRow(current.id, s, lead, current.status, now));
        continue;
      }
      const before = byId.get(s.id)!;
      const startsAt = new Date(s.startsAt);
      // Guarded by the seats taken at this moment (the row is locked, the guard says why it failed).
      const done = await em
        .createQueryBuilder()
        .update(EventSessionRow)
        .set({
          startsAt,
          endsAt: new Date(s.endsAt),
          capacity: s.capacity,
          cancelDeadline: new Date(startsAt.getTime() - lead),
          updatedAt: now,
        })
        .where('id = :id AND seats_taken <= :capacity', { id: s.id, capacity: s.capacity })
        .execute();
      if (done.affected !== 1)
        throw invalid(`${sessionWords(before)} 的场次名额不能少于已报名的 ${before.seatsTaken} 人`);
      // More seats may let the session's waiting parties in at once.
      if (s.capacity > before.capacity) await this.waitlist.promote(em, current.id, now, s.id);
    }
    return wanted.length;
  }

  /** The event's status onto its sessions (the seat guard reads the copy), in the caller's transaction. */
  async copyStatus(em: EntityManager, eventId: number, status: EventStatus, now: Date): Promise<void> {
    await em
      .createQueryBuilder()
      .update(EventSessionRow)
      .set({ status, updatedAt: now })
      .where('event_id = :eventId', { eventId })
      .execute();
  }

  /** The sessions in the console, each with its live counters (one query for all of them). */
  async views(
    e: EventRow,
  ): Promise<{ sessions: EventSessionAdmin[]; totals: Pick<EventRow, 'capacity' | 'seatsTaken'> }> {
    if (!e.sessionCount) return { sessions: [], totals: e };
    const [sessions, sums] = await Promise.all([this.repo.sessionsOf(e.id), this.repo.sumsBySession(e.id)]);
    return {
      sessions: sessions.map((s) => ({
        ...sessionBrief(s),
        capacity: s.capacity,
        cancelDeadline: s.cancelDeadline.toISOString(),
        counters: countersOf(s, sums.get(s.id) ?? []),
      })),
      totals: {
        capacity: sessions.reduce((n, s) => n + s.capacity, 0),
        seatsTaken: sessions.reduce((n, s) => n + s.seatsTaken, 0),
      },
    };
  }

  /** How long before a session's start its cancellation closes: as the event's before the first session. */
  private cancelLead(i: EventInput): number {
    return Math.max(0, Date.parse(i.startsAt) - Date.parse(i.cancelDeadline));
  }

  private newRow(
    eventId: number,
    s: EventSessionInput,
    lead: number,
    status: EventStatus,
    now: Date,
  ): Omit<EventSessionRow, 'id'> {
    const startsAt = new Date(s.startsAt);
    return {
      eventId,
      startsAt,
      endsAt: new Date(s.endsAt),
      capacity: s.capacity,
      seatsTaken: 0,
      waitlistSeq: 0,
      cancelDeadline: new Date(startsAt.getTime() - lead),
      status,
      noShowSweptAt: null,
      createdAt: now,
      updatedAt: now,
    };
  }

  private signups(em: EntityManager, eventId: number, sessionId: number): Promise<number> {
    return em.getRepository(EventSignupRow).countBy({ eventId, sessionId });
  }
}
