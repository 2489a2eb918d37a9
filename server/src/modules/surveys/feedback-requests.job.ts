import { Injectable, type OnModuleInit } from '@nestjs/common';
import { SURVEY_RULES } from '@member/shared';
import { DataSource, In, Not, IsNull, type EntityManager } from 'typeorm';
import { Clock } from '../../common/clock';
import { TransactionRunner } from '../../database/transaction-runner';
import { JobRegistry } from '../../jobs/job-registry';
import { EventDirectory, type EventBrief, type SignupBrief } from '../events/event-directory';
import { NoticesService } from '../notices/notices.service';
import { SurveyRow } from './entities/survey.entity';
import { EventSurveys, feedbackWindow } from './event-surveys';

const EVENTS_PER_RUN = 100;
const DAY_MS = 86_400_000;

/**
 * Every 5 minutes: events that ended (within the feedback window) get their feedback survey and a
 * feedback request (活动评价邀请) planned for everyone who checked in, once — the survey's
 * requests_planned_at is claimed by a guarded update, and the notices are planned (NoticesService.plan) in the
 * same transaction.
 */
@Injectable()
export class FeedbackRequestsJob implements OnModuleInit {
  static readonly NAME = 'survey-feedback-requests';

  constructor(
    private readonly jobs: JobRegistry,
    private readonly ds: DataSource,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly events: EventDirectory,
    private readonly surveys: EventSurveys,
    private readonly notices: NoticesService,
  ) {}

  onModuleInit(): void {
    this.jobs.register({
      name: FeedbackRequestsJob.NAME,
      schedule: { kind: 'interval', seconds: 300 },
      run: () => this.run(),
    });
  }

  async run(): Promise<{ events: number; requests: number }> {
    const now = this.clock.now();
    const since = new Date(now.getTime() - SURVEY_RULES.feedbackWindowDays * DAY_MS);
    const ended = await this.events.endedBetween(since, now, undefined, EVENTS_PER_RUN * 5);
    const done = new Set(
      ended.length
        ? (
            await this.ds.getRepository(SurveyRow).find({
              select: { eventId: true },
              where: { eventId: In(ended.map((e) => e.id)), requestsPlannedAt: Not(IsNull()) },
            })
          ).map((s) => s.eventId)
        : [],
    );
    const total = { events: 0, requests: 0 };
    for (const e of ended.filter((x) => !done.has(x.id)).slice(0, EVENTS_PER_RUN)) {
      const survey = await this.surveys.ensure(e);
      const planned = await this.tx.run((em) => this.planFor(em, survey.id, e, now));
      if (planned === null) continue;
      total.events++;
      total.requests += planned;
    }
    return total;
  }

  private async planFor(em: EntityManager, surveyId: number, e: EventBrief, now: Date): Promise<number | null> {
    const claimed = await em
      .createQueryBuilder()
      .update(SurveyRow)
      .set({ requestsPlannedAt: now })
      .where('id = :surveyId AND requests_planned_at IS NULL', { surveyId })
      .execute();
    if (claimed.affected !== 1) return null;
    const attendees = await this.events.checkedInAt(e.id, em);
    for (const s of attendees) await this.requestFeedback(em, e, s);
    return attendees.length;
  }

  /** The feedback request (活动评价邀请) to one attendee: once per sign-up, not sent after the window closes. */
  private async requestFeedback(em: EntityManager, e: EventBrief, s: SignupBrief): Promise<void> {
    await this.notices.plan(em, {
      kind: 'FEEDBACK_REQUEST',
      memberId: s.memberId,
      dedupeKey: `feedback:${s.id}`,
      dueAt: e.endsAt,
      sendBy: feedbackWindow(e).closesAt,
      facts: { signupId: s.id, eventId: e.id, title: e.title, startsAt: e.startsAt.toISOString() },
    });
  }
}
