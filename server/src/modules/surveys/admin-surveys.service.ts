import { Injectable } from '@nestjs/common';
import {
  AuditAction,
  ErrorCode,
  OperatorRole,
  SURVEY_RULES as R,
  type NpsSurveyInput,
  type Page,
  type SurveyAdmin,
  type SurveyAdminQuery,
  type SurveyQuestionsUpdate,
} from '@member/shared';
import { DataSource } from 'typeorm';
import { AppException } from '../../common/app-exception';
import { Clock } from '../../common/clock';
import { IdempotencyService, idempotencyScope } from '../../common/idempotency/idempotency.service';
import { TransactionRunner } from '../../database/transaction-runner';
import { AuditService, operatorActor } from '../audit/audit.service';
import type { OperatorPrincipal } from '../auth/token.service';
import { EventDirectory } from '../events/event-directory';
import { StoreDirectory } from '../stores/store-directory';
import { SurveyRow } from './entities/survey.entity';
import { EventSurveys, feedbackWindow } from './event-surveys';
import { SurveyAudience } from './survey-audience';
import { cleanTags, npsQuestions, withExtra } from './survey-questions';
import { questionsOf, targetOf } from './survey-views';
import { SurveysRepository } from './surveys.repository';

const DAY_MS = 86_400_000;
const SEND_OPERATION = 'survey-send';
const invalid = (message: string) => new AppException(ErrorCode.SURVEY_INVALID, message);

/**
 * Operators run surveys: an event's feedback survey (created with the event's defaults; they add questions,
 * change the tags and the low-rating line) and NPS surveys sent to a segment. Store managers see their own
 * store's event surveys only; every change is audited and guarded by the version edited.
 */
@Injectable()
export class AdminSurveysService {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly idempotency: IdempotencyService,
    private readonly audit: AuditService,
    private readonly repo: SurveysRepository,
    private readonly eventSurveys: EventSurveys,
    private readonly audienceOf: SurveyAudience,
    private readonly events: EventDirectory,
    private readonly stores: StoreDirectory,
  ) {}

  async list(q: SurveyAdminQuery, op: OperatorPrincipal): Promise<Page<SurveyAdmin>> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const qb = this.ds.getRepository(SurveyRow).createQueryBuilder('s');
    if (op.role === OperatorRole.StoreManager) qb.andWhere('s.storeId = :storeId', { storeId: op.storeId ?? -1 });
    if (q.kind) qb.andWhere('s.kind = :kind', { kind: q.kind });
    if (q.status) qb.andWhere('s.status = :status', { status: q.status });
    const [rows, total] = await qb
      .orderBy('s.id', 'DESC')
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    return { items: await this.views(rows), total, page, pageSize };
  }

  async get(id: number, op: OperatorPrincipal): Promise<SurveyAdmin> {
    return (await this.views([await this.visible(id, op)]))[0];
  }

  /** The event's feedback survey (created with the defaults if nobody asked for it yet). */
  async forEvent(eventId: number, op: OperatorPrincipal): Promise<SurveyAdmin> {
    const e = await this.events.event(eventId);
    if (!e || e.status === 'DRAFT' || !this.storeAllowed(op, e.storeId))
      throw new AppException(ErrorCode.EVENT_NOT_FOUND);
    return (await this.views([await this.eventSurveys.ensure(e)]))[0];
  }

  /** A survey this operator may see (store managers: their store's only). */
  async visible(id: number, op: OperatorPrincipal): Promise<SurveyRow> {
    const s = await this.repo.survey(id);
    if (!s || !this.storeAllowed(op, s.storeId)) throw new AppException(ErrorCode.SURVEY_NOT_FOUND);
    return s;
  }

  storeAllowed(op: OperatorPrincipal, storeId: number | null): boolean {
    return op.role !== OperatorRole.StoreManager || (storeId !== null && storeId === op.storeId);
  }

  /** Sends an NPS survey to a segment: resolved and counted now, open until closesAt. */
  async createNps(input: NpsSurveyInput, op: OperatorPrincipal): Promise<SurveyAdmin> {
    const { body } = await this.idempotency.run(
      {
        scope: idempotencyScope.operator(op.operatorId),
        operation: SEND_OPERATION,
        key: input.requestId,
        request: { title: input.title, target: input.target, questions: input.questions, closesAt: input.closesAt },
      },
      async (em) => {
        const now = this.clock.now();
        const title = input.title.trim();
        if (title.length < R.surveyTitle.min || title.length > R.surveyTitle.max)
          throw invalid(`问卷名称须为 ${R.surveyTitle.min}–${R.surveyTitle.max} 个字`);
        const closesAt = new Date(input.closesAt);
        if (closesAt.getTime() <= now.getTime() + 3_600_000) throw invalid('截止时间须晚于现在至少 1 小时');
        if (closesAt.getTime() > now.getTime() + R.npsMaxDays * DAY_MS)
          throw invalid(`满意度调查最长进行 ${R.npsMaxDays} 天`);
        const questions = withExtra(npsQuestions(), input.questions);
        const { stored, total } = await this.audienceOf.resolve(em, input.target);
        const row = await this.repo.insertSurvey(em, {
          kind: 'NPS',
          title,
          eventId: null,
          storeId: null,
          status: 'OPEN',
          questionsJson: JSON.stringify(questions),
          lowRatingMax: R.lowRatingMax,
          targetJson: JSON.stringify(stored),
          audience: total,
          opensAt: now,
          closesAt,
          version: 0,
          requestsPlannedAt: null,
          createdBy: op.operatorId,
          createdAt: now,
          updatedAt: now,
        });
        await this.audit.record(
          operatorActor(op),
          {
            action: AuditAction.SurveySent,
            targetType: 'survey',
            targetId: row.id,
            after: { title, target: input.target.kind, audience: total, closesAt: closesAt.toISOString() },
          },
          em,
        );
        return (await this.views([row]))[0];
      },
      201,
    );
    return body;
  }

  /** Added questions (and an event survey's tags and low-rating line), guarded by the version edited. */
  async update(id: number, body: SurveyQuestionsUpdate, op: OperatorPrincipal): Promise<SurveyAdmin> {
    const s = await this.visible(id, op);
    const before = questionsOf(s);
    let questions = withExtra(before, body.questions);
    if (body.tags) {
      if (s.kind !== 'EVENT_FEEDBACK') throw invalid('只有活动评价可以设置评价标签');
      const tags = cleanTags(body.tags);
      questions = questions.map((q) => (q.kind === 'TAGS' ? { ...q, options: tags } : q));
    }
    const lowRatingMax = body.lowRatingMax ?? s.lowRatingMax;
    if (!Number.isInteger(lowRatingMax) || lowRatingMax < 1 || lowRatingMax > 4) throw invalid('低分回访线须为 1–4 星');
    return this.tx.run(async (em) => {
      const now = this.clock.now();
      const set = { questionsJson: JSON.stringify(questions), lowRatingMax, updatedAt: now };
      if (!(await this.repo.updateSurvey(em, id, body.version, set)))
        throw new AppException(ErrorCode.SURVEY_VERSION_CONFLICT);
      await this.audit.record(
        operatorActor(op),
        {
          action: AuditAction.SurveyUpdated,
          targetType: 'survey',
          targetId: id,
          before: { questions: before.map((q) => q.title), lowRatingMax: s.lowRatingMax },
          after: { questions: questions.map((q) => q.title), lowRatingMax },
        },
        em,
      );
      return (await this.views([{ ...s, ...set, version: body.version + 1 }]))[0];
    });
  }

  async close(id: number, version: number, op: OperatorPrincipal): Promise<SurveyAdmin> {
    const s = await this.visible(id, op);
    if (s.status !== 'OPEN') throw new AppException(ErrorCode.SURVEY_CLOSED, '问卷已结束');
    return this.tx.run(async (em) => {
      const now = this.clock.now();
      if (!(await this.repo.updateSurvey(em, id, version, { status: 'CLOSED', updatedAt: now })))
        throw new AppException(ErrorCode.SURVEY_VERSION_CONFLICT);
      await this.audit.record(
        operatorActor(op),
        { action: AuditAction.SurveyClosed, targetType: 'survey', targetId: id, after: { status: 'CLOSED' } },
        em,
      );
      return (await this.views([{ ...s, status: 'CLOSED', version: version + 1, updatedAt: now }]))[0];
    });
  }

  /** Members the survey reaches: sent to (NPS) or checked in (event feedback). */
  async audience(s: SurveyRow): Promise<number> {
    if (s.kind === 'NPS' || !s.eventId) return s.audience;
    return (await this.events.checkedInCounts([s.eventId])).get(s.eventId) ?? 0;
  }

  private async views(rows: SurveyRow[]): Promise<SurveyAdmin[]> {
    const events = new Map(
      (await this.events.events(rows.flatMap((r) => (r.eventId ? [r.eventId] : [])))).map((e) => [e.id, e]),
    );
    const names = await this.stores.names(rows.flatMap((r) => (r.storeId ? [r.storeId] : [])));
    const responses = await this.repo.responseCounts(rows.map((r) => r.id));
    const checkedIn = await this.events.checkedInCounts([...events.keys()]);
    const out: SurveyAdmin[] = [];
    for (const s of rows) {
      const e = s.eventId ? (events.get(s.eventId) ?? null) : null;
      const window = e ? feedbackWindow(e) : s;
      out.push({
        id: s.id,
        kind: s.kind,
        title: s.title,
        status: s.status,
        event: e && { id: e.id, title: e.title, endsAt: e.endsAt.toISOString() },
        store: s.storeId ? { id: s.storeId, name: names.get(s.storeId) ?? '' } : null,
        questions: questionsOf(s),
        lowRatingMax: s.lowRatingMax,
        target: await this.audienceOf.view(targetOf(s)),
        audience: s.kind === 'NPS' ? s.audience : (checkedIn.get(s.eventId!) ?? 0),
        responses: responses.get(s.id) ?? 0,
        opensAt: window.opensAt.toISOString(),
        closesAt: window.closesAt.toISOString(),
        version: s.version,
        createdAt: s.createdAt.toISOString(),
      });
    }
    return out;
  }
}
