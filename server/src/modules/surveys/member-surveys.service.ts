import { Injectable } from '@nestjs/common';
import {
  ErrorCode,
  type FeedbackState,
  type MemberSurvey,
  type MemberSurveyCard,
  type SurveySubmitRequest,
  type SurveySubmitResult,
} from '@member/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { AppException } from '../../common/app-exception';
import { Clock } from '../../common/clock';
import { IdempotencyService, idempotencyScope } from '../../common/idempotency/idempotency.service';
import { isUniqueViolation } from '../../database/transaction-runner';
import type { MemberPrincipal } from '../auth/token.service';
import { EventDirectory, type EventBrief } from '../events/event-directory';
import { StoreDirectory } from '../stores/store-directory';
import { SurveyRow } from './entities/survey.entity';
import { EventSurveys, feedbackWindow, windowState } from './event-surveys';
import { SurveyAudience } from './survey-audience';
import { parseAnswers } from './survey-questions';
import { myResponse, questionsOf, targetOf } from './survey-views';
import { SurveysRepository } from './surveys.repository';

const SUBMIT_OPERATION = 'survey-response';
const OPEN_SURVEYS_SCANNED = 20;

/**
 * Members answer surveys: an event's feedback after the event (checked-in sign-ups only, within the window)
 * and NPS surveys sent to a segment they are in. Once per survey and member — the unique index decides a
 * race; a retry with the same requestId answers the first submission. A low rating opens a follow-up task
 * for the event's store in the same transaction.
 */
@Injectable()
export class MemberSurveysService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly idempotency: IdempotencyService,
    private readonly repo: SurveysRepository,
    private readonly eventSurveys: EventSurveys,
    private readonly audience: SurveyAudience,
    private readonly events: EventDirectory,
    private readonly stores: StoreDirectory,
  ) {}

  /** The feedback form of one of the member's sign-ups. */
  async feedback(memberId: number, signupId: number): Promise<MemberSurvey> {
    const { signup, event } = await this.attended(this.ds.manager, memberId, signupId);
    const survey = await this.eventSurveys.ensure(event);
    return this.view(survey, event, signup.id, memberId);
  }

  /** 我的活动: for each of these events the member checked in at, whether to show 去评价 or 已评价. */
  async feedbackStates(memberId: number, eventIds: number[]): Promise<FeedbackState[]> {
    const signups = await this.events.checkedInOf(memberId, eventIds);
    const events = new Map((await this.events.events(signups.map((s) => s.eventId))).map((e) => [e.id, e]));
    const now = this.clock.now();
    const out: FeedbackState[] = [];
    for (const s of signups) {
      const e = events.get(s.eventId)!;
      const survey = await this.repo.byEvent(e.id);
      const answered = survey && (await this.repo.response(survey.id, memberId));
      const state = answered
        ? 'ANSWERED'
        : survey
          ? windowState(survey, e, now)
          : windowState({ status: 'OPEN', ...feedbackWindow(e) } as SurveyRow, e, now);
      out.push({ eventId: e.id, signupId: s.id, state });
    }
    return out;
  }

  /** Open NPS surveys the member is in and has not answered (a card on 我的). */
  async open(memberId: number): Promise<MemberSurveyCard[]> {
    const now = this.clock.now();
    const rows = await this.ds
      .getRepository(SurveyRow)
      .createQueryBuilder('s')
      .where("s.kind = 'NPS' AND s.status = 'OPEN' AND s.opensAt <= :now AND s.closesAt > :now", { now })
      .orderBy('s.id', 'DESC')
      .take(OPEN_SURVEYS_SCANNED)
      .getMany();
    const answered = await this.repo.answeredSurveys(
      memberId,
      rows.map((r) => r.id),
    );
    const out: MemberSurveyCard[] = [];
    for (const s of rows) {
      if (answered.has(s.id) || !(await this.audience.includes(this.ds.manager, targetOf(s)!, memberId))) continue;
      out.push({ id: s.id, title: s.title, closesAt: s.closesAt.toISOString() });
    }
    return out;
  }

  /** An NPS survey (an event's feedback is opened by its sign-up). */
  async get(memberId: number, surveyId: number): Promise<MemberSurvey> {
    const s = await this.repo.survey(surveyId);
    if (!s || s.kind !== 'NPS') throw new AppException(ErrorCode.SURVEY_NOT_FOUND);
    if (!(await this.audience.includes(this.ds.manager, targetOf(s)!, memberId)))
      throw new AppException(ErrorCode.SURVEY_NOT_FOR_YOU);
    return this.view(s, null, null, memberId);
  }

  async submit(m: MemberPrincipal, surveyId: number, req: SurveySubmitRequest): Promise<SurveySubmitResult> {
    const { body, replayed } = await this.idempotency.run(
      {
        scope: idempotencyScope.member(m.memberId),
        operation: SUBMIT_OPERATION,
        key: req.requestId,
        request: { surveyId, signupId: req.signupId ?? null, answers: req.answers },
      },
      (em) => this.submitIn(em, m.memberId, surveyId, req),
      201,
    );
    return replayed ? { ...body, replayed: true } : body;
  }

  private async submitIn(
    em: EntityManager,
    memberId: number,
    surveyId: number,
    req: SurveySubmitRequest,
  ): Promise<SurveySubmitResult> {
    const now = this.clock.now();
    const s = await this.repo.survey(surveyId, em);
    if (!s) throw new AppException(ErrorCode.SURVEY_NOT_FOUND);
    let event: EventBrief | null = null;
    let signupId: number | null = null;
    if (s.kind === 'EVENT_FEEDBACK') {
      if (!req.signupId) throw new AppException(ErrorCode.SURVEY_INVALID, '请从“我的活动”进入评价');
      const found = await this.attended(em, memberId, req.signupId);
      if (found.event.id !== s.eventId) throw new AppException(ErrorCode.SURVEY_INVALID, '该报名不属于这场活动');
      event = found.event;
      signupId = found.signup.id;
    } else if (!(await this.audience.includes(em, targetOf(s)!, memberId))) {
      throw new AppException(ErrorCode.SURVEY_NOT_FOR_YOU);
    }
    if (await this.repo.response(s.id, memberId, em)) throw new AppException(ErrorCode.SURVEY_ALREADY_ANSWERED);
    const state = windowState(s, event, now);
    if (state === 'NOT_YET')
      throw new AppException(ErrorCode.SURVEY_NOT_OPEN_YET, s.kind === 'NPS' ? '问卷尚未开始，请稍后再来' : undefined);
    if (state === 'EXPIRED') throw new AppException(ErrorCode.SURVEY_CLOSED);
    const parsed = parseAnswers(questionsOf(s), req.answers);
    let response;
    try {
      response = await this.repo.insertResponse(em, {
        surveyId: s.id,
        memberId,
        signupId,
        eventId: event?.id ?? null,
        storeId: s.storeId,
        rating: parsed.rating,
        score: parsed.score,
        tagsJson: JSON.stringify(parsed.tags),
        comment: parsed.comment,
        answersJson: JSON.stringify(parsed.answers),
        createdAt: now,
      });
    } catch (error) {
      // Another submission of this member (another requestId) won the race.
      if (isUniqueViolation(error)) throw new AppException(ErrorCode.SURVEY_ALREADY_ANSWERED);
      throw error;
    }
    const low = s.kind === 'EVENT_FEEDBACK' && parsed.rating !== null && parsed.rating <= s.lowRatingMax;
    if (low)
      await this.repo.insertTask(em, {
        surveyId: s.id,
        responseId: response.id,
        eventId: event!.id,
        storeId: s.storeId,
        memberId,
        status: 'OPEN',
        assignee: null,
        resolution: null,
        resolvedBy: null,
        version: 0,
        createdAt: now,
        startedAt: null,
        resolvedAt: null,
        updatedAt: now,
      });
    return { surveyId: s.id, response: myResponse(response), followUp: low };
  }

  /** The member's own checked-in sign-up and its event (404 for anyone else's, 403 when they did not come). */
  private async attended(em: EntityManager, memberId: number, signupId: number) {
    const signup = await this.events.signup(signupId, em);
    if (!signup || signup.memberId !== memberId) throw new AppException(ErrorCode.EVENT_SIGNUP_NOT_FOUND);
    if (signup.status !== 'CHECKED_IN') throw new AppException(ErrorCode.SURVEY_NOT_ATTENDED);
    const event = (await this.events.event(signup.eventId, em))!;
    return { signup, event };
  }

  private async view(
    s: SurveyRow,
    event: EventBrief | null,
    signupId: number | null,
    memberId: number,
  ): Promise<MemberSurvey> {
    const mine = await this.repo.response(s.id, memberId);
    const storeName = event?.storeId ? ((await this.stores.names([event.storeId])).get(event.storeId) ?? '') : '';
    return {
      id: s.id,
      kind: s.kind,
      title: s.title,
      event: event && {
        id: event.id,
        title: event.title,
        startsAt: event.startsAt.toISOString(),
        endsAt: event.endsAt.toISOString(),
        storeName,
      },
      signupId,
      questions: questionsOf(s),
      state: mine ? 'ANSWERED' : windowState(s, event, this.clock.now()),
      closesAt: (event ? feedbackWindow(event).closesAt : s.closesAt).toISOString(),
      myResponse: mine ? myResponse(mine) : null,
    };
  }
}
