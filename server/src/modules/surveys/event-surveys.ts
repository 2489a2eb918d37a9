import { Injectable } from '@nestjs/common';
import { SURVEY_RULES, type MemberSurveyState } from '@member/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '../../common/clock';
import { isUniqueViolation } from '../../database/transaction-runner';
import type { EventBrief } from '../events/event-directory';
import type { SurveyRow } from './entities/survey.entity';
import { feedbackQuestions } from './survey-questions';
import { SurveysRepository } from './surveys.repository';

const DAY_MS = 86_400_000;

/** When an event's feedback is taken: from its end for SURVEY_RULES.feedbackWindowDays (read from the event). */
export function feedbackWindow(e: EventBrief): { opensAt: Date; closesAt: Date } {
  return { opensAt: e.endsAt, closesAt: new Date(e.endsAt.getTime() + SURVEY_RULES.feedbackWindowDays * DAY_MS) };
}

/** Where an answer stands now (before the answer itself is looked at). */
export function windowState(s: SurveyRow, e: EventBrief | null, now: Date): MemberSurveyState {
  if (s.status === 'CLOSED' || (e && e.status === 'CANCELLED')) return 'EXPIRED';
  const { opensAt, closesAt } = e ? feedbackWindow(e) : s;
  if (now.getTime() < opensAt.getTime()) return 'NOT_YET';
  return now.getTime() >= closesAt.getTime() ? 'EXPIRED' : 'OPEN';
}

/**
 * An event's feedback survey, created with the event's defaults (rating, tags, comment) the first time
 * anyone asks for it — a member opening the form, an operator opening the dashboard or the survey editor,
 * the job that asks for feedback when the event ends. The unique event_id keeps it one per event when two
 * ask at once.
 */
@Injectable()
export class EventSurveys {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly repo: SurveysRepository,
  ) {}

  async ensure(e: EventBrief, em?: EntityManager): Promise<SurveyRow> {
    const found = await this.repo.byEvent(e.id, em ?? this.ds);
    if (found) return found;
    const now = this.clock.now();
    const { opensAt, closesAt } = feedbackWindow(e);
    const row: Omit<SurveyRow, 'id'> = {
      kind: 'EVENT_FEEDBACK',
      title: `${e.title} · 活动评价`.slice(0, 64),
      eventId: e.id,
      storeId: e.storeId,
      status: 'OPEN',
      questionsJson: JSON.stringify(feedbackQuestions()),
      lowRatingMax: SURVEY_RULES.lowRatingMax,
      targetJson: null,
      audience: 0,
      opensAt,
      closesAt,
      version: 0,
      requestsPlannedAt: null,
      createdBy: null,
      createdAt: now,
      updatedAt: now,
    };
    try {
      // Its own statement outside the caller's transaction when there is none: a lost race re-reads the winner.
      return await this.repo.insertSurvey(em ?? this.ds.manager, row);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      return (await this.repo.byEvent(e.id, em ?? this.ds))!;
    }
  }
}
