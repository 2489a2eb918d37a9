import { Injectable } from '@nestjs/common';
import { ErrorCode, type EventFeeKind, type EventSignupBlock } from '@member/shared';
import type { EntityManager } from 'typeorm';
import { AppException } from '../../common/app-exception';
import { AppConfig } from '../../config/app-config';
import { MemberTiersService } from '../tiers/member-tiers.service';
import { TiersService } from '../tiers/tiers.service';
import type { EventSessionRow } from './entities/event-session.entity';
import type { EventRow } from './entities/event.entity';
import { noShowRuleText, tierCodesOf } from './event-views';
import { EventsRepository } from './events.repository';

/** The rules of events in one place: sign-up window, tiers, fees, the no-show rule, the check-in window. */
@Injectable()
export class EventRules {
  constructor(
    private readonly config: AppConfig,
    private readonly repo: EventsRepository,
    private readonly tiers: TiersService,
    private readonly memberTiers: MemberTiersService,
  ) {}

  /**
   * The one place a fee kind is refused. Cash fees are paid through WeChat Pay (EventPaymentsService), which
   * needs a merchant: without one configured a cash event cannot be published.
   */
  assertFeeSupported(kind: EventFeeKind): void {
    if (kind === 'CASH' && !this.config.wechatPay.mchId) throw new AppException(ErrorCode.EVENT_CASH_FEE_UNAVAILABLE);
  }

  /** Points a party pays (per person); 0 for free events. */
  feeFor(e: EventRow, party: number): number {
    return e.feeKind === 'POINTS' ? e.feePoints * party : 0;
  }

  /** Why sign-up is not open now by status and window (null: open). */
  windowBlock(e: EventRow, now: Date): 'NOT_STARTED' | 'CLOSED' | null {
    if (e.status !== 'PUBLISHED') return 'CLOSED';
    if (now.getTime() < e.signupStartsAt.getTime()) return 'NOT_STARTED';
    if (now.getTime() >= e.signupEndsAt.getTime() || now.getTime() >= e.startsAt.getTime()) return 'CLOSED';
    return null;
  }

  assertSignupOpen(e: EventRow, now: Date): void {
    const block = this.windowBlock(e, now);
    if (block === 'NOT_STARTED') throw new AppException(ErrorCode.EVENT_SIGNUP_NOT_STARTED);
    if (block) throw new AppException(ErrorCode.EVENT_CLOSED);
  }

  async eligible(em: EntityManager, e: EventRow, memberId: number): Promise<boolean> {
    const codes = tierCodesOf(e);
    if (!codes) return true;
    const { tier } = await this.memberTiers.current(em, memberId, await this.tiers.activeTiers());
    return codes.includes(tier.code);
  }

  async assertEligible(em: EntityManager, e: EventRow, memberId: number): Promise<void> {
    if (!(await this.eligible(em, e, memberId))) throw new AppException(ErrorCode.EVENT_NOT_ELIGIBLE);
  }

  /** Until when the no-show rule limits the member to waitlists (null: it does not now). */
  async waitlistOnlyUntil(memberId: number, now: Date, em?: EntityManager): Promise<Date | null> {
    const standing = await this.repo.standing(memberId, em);
    const until = standing?.waitlistOnlyUntil;
    return until && until.getTime() > now.getTime() ? until : null;
  }

  async waitlistOnly(memberId: number, now: Date, em?: EntityManager): Promise<boolean> {
    return (await this.waitlistOnlyUntil(memberId, now, em)) !== null;
  }

  /** The member-facing block on the detail page, in the order sign-up checks them. */
  signupBlock(
    e: EventRow,
    now: Date,
    eligible: boolean,
    signedUp: boolean,
    balance: number,
    seatsFree: boolean,
  ): EventSignupBlock {
    const w = this.windowBlock(e, now);
    if (w) return w;
    if (!eligible) return 'NOT_ELIGIBLE';
    if (signedUp) return 'ALREADY_SIGNED_UP';
    // Only when a seat would be given at once: on the waitlist the fee is charged at promotion.
    if (seatsFree && e.feeKind === 'POINTS' && balance < e.feePoints) return 'NOT_ENOUGH_POINTS';
    return null;
  }

  /** Check-in is open from events.checkinOpensMinutes before the start until the end. */
  checkinOpen(e: EventRow, now: Date): boolean {
    if (e.status !== 'PUBLISHED' && e.status !== 'CLOSED') return false;
    const opens = e.startsAt.getTime() - this.config.events.checkinOpensMinutes * 60_000;
    return now.getTime() >= opens && now.getTime() < e.endsAt.getTime();
  }

  get noShow() {
    return this.config.events;
  }

  ruleText(): string {
    return noShowRuleText(this.config.events);
  }

  /**
   * The row holding the seats locked: the event's, or the session's (then the event read as it stands). Every
   * seat-moving transaction of an event (session) takes it first, in the same order.
   */
  async lockSeats(
    em: EntityManager,
    eventId: number,
    sessionId: number,
  ): Promise<{ row: EventRow; session: EventSessionRow | null }> {
    if (!sessionId) {
      const row = await this.repo.lockEvent(em, eventId);
      if (!row || row.status === 'DRAFT') throw new AppException(ErrorCode.EVENT_NOT_FOUND);
      if (row.sessionCount) throw new AppException(ErrorCode.EVENT_SESSION_REQUIRED);
      return { row, session: null };
    }
    const session = await this.repo.lockSession(em, sessionId);
    const row = session?.eventId === eventId ? await this.repo.event(eventId, em) : null;
    if (!row || row.status === 'DRAFT') throw new AppException(ErrorCode.EVENT_SESSION_NOT_FOUND);
    return { row, session };
  }
}
