import { Injectable } from '@nestjs/common';
import {
  AuditAction,
  OperatorRole,
  type Page,
  type StoreFeedbackRow,
  type SurveyResponseAdmin,
  type SurveyResponseQuery,
  type SurveyResults,
} from '@member/shared';
import { DataSource } from 'typeorm';
import { Clock, shanghaiDayStart } from '../../common/clock';
import { csvDocument, csvTime } from '../../common/csv';
import { AuditService, operatorActor } from '../audit/audit.service';
import type { OperatorPrincipal } from '../auth/token.service';
import { EventDirectory } from '../events/event-directory';
import { MemberDirectory, unknownMember } from '../members/member-directory';
import { StoreDirectory } from '../stores/store-directory';
import { AdminSurveysService } from './admin-surveys.service';
import { FollowUpTaskRow } from './entities/follow-up-task.entity';
import { SurveyResponseRow } from './entities/survey-response.entity';
import { SurveyRow } from './entities/survey.entity';
import { answerWords, npsOf } from './survey-questions';
import { answersOf, questionsOf, tagsOf } from './survey-views';
import { SurveysRepository } from './surveys.repository';

const DAY_MS = 86_400_000;
const EXPORT_MAX_ROWS = 20_000;
const STORE_EVENTS_MAX = 2_000;
const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * What surveys found: per survey (average rating, 1–5 distribution, tag counts, response rate, NPS, the added
 * questions), the answers one by one (and as CSV), and per store over the events that ended in a period.
 */
@Injectable()
export class SurveyResultsService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly repo: SurveysRepository,
    private readonly surveys: AdminSurveysService,
    private readonly events: EventDirectory,
    private readonly members: MemberDirectory,
    private readonly storeDir: StoreDirectory,
  ) {}

  async results(id: number, op: OperatorPrincipal): Promise<SurveyResults> {
    const s = await this.surveys.visible(id, op);
    const [ratings, scores, answers, audience, followUpTasks] = await Promise.all([
      this.repo.histogram(s.id, 'rating'),
      this.repo.histogram(s.id, 'score'),
      this.repo.answersOf(s.id),
      this.surveys.audience(s),
      this.repo.taskCount(s.id),
    ]);
    const ratingDistribution = [1, 2, 3, 4, 5].map((r) => ratings.get(r) ?? 0);
    const rated = ratingDistribution.reduce((a, b) => a + b, 0);
    const ratingSum = ratingDistribution.reduce((a, n, i) => a + n * (i + 1), 0);
    const npsDistribution = Array.from({ length: 11 }, (_, i) => scores.get(i) ?? 0);
    const nps = npsOf(npsDistribution);
    const tags = new Map<string, number>();
    for (const r of answers) for (const t of tagsOf(r)) tags.set(t, (tags.get(t) ?? 0) + 1);
    const questions = questionsOf(s)
      .filter((q) => !q.builtIn)
      .map((q) => {
        const values = answers.flatMap((r) =>
          answersOf(r)
            .filter((a) => a.questionId === q.id)
            .map((a) => a.value),
        );
        const counts = q.options.map((option) => ({
          option,
          count: values.filter((v) => (Array.isArray(v) ? v.includes(option) : v === option)).length,
        }));
        const numbers = values.filter((v): v is number => typeof v === 'number');
        const average =
          q.kind === 'SCALE' && numbers.length ? round2(numbers.reduce((a, b) => a + b, 0) / numbers.length) : null;
        return { id: q.id, title: q.title, kind: q.kind, counts, average, answered: values.length };
      });
    return {
      surveyId: s.id,
      kind: s.kind,
      responses: answers.length,
      audience,
      responseRate: audience ? round2(answers.length / audience) : 0,
      averageRating: rated ? round2(ratingSum / rated) : null,
      ratingDistribution,
      tagCounts: [...tags].map(([tag, count]) => ({ tag, count })).sort((a, b) => b.count - a.count),
      npsDistribution,
      promoters: nps.promoters,
      passives: nps.passives,
      detractors: nps.detractors,
      npsScore: nps.score,
      questions,
      followUpTasks,
    };
  }

  async responses(id: number, q: SurveyResponseQuery, op: OperatorPrincipal): Promise<Page<SurveyResponseAdmin>> {
    const s = await this.surveys.visible(id, op);
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const [rows, total] = await this.query(s.id, q)
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    return { items: await this.rows(s, rows), total, page, pageSize };
  }

  async csv(id: number, q: SurveyResponseQuery, op: OperatorPrincipal): Promise<string> {
    const s = await this.surveys.visible(id, op);
    const rows = await this.rows(s, await this.query(s.id, q).take(EXPORT_MAX_ROWS).getMany());
    await this.audit.record(operatorActor(op), {
      action: AuditAction.SurveyResponsesExported,
      targetType: 'survey',
      targetId: s.id,
      after: { filters: { rating: q.rating ?? null }, rows: rows.length },
    });
    const extraTitles = questionsOf(s)
      .filter((x) => !x.builtIn)
      .map((x) => x.title);
    const nps = s.kind === 'NPS';
    return csvDocument(
      [
        '会员号',
        '会员昵称',
        nps ? '推荐分（0–10）' : '评分（1–5）',
        '标签',
        '评价内容',
        ...extraTitles,
        '回访工单',
        '提交时间',
      ],
      rows.map((r) => [
        r.memberNo,
        r.memberNickname,
        (nps ? r.score : r.rating) ?? '',
        r.tags.join('、'),
        r.comment,
        ...extraTitles.map((t) => r.extra.find((e) => e.title === t)?.answer ?? ''),
        r.followUpTaskId ?? '',
        csvTime(r.createdAt),
      ]),
    );
  }

  /**
   * Per store, over the events that ended between from and to (Asia/Shanghai days): responses, checked in,
   * average rating, low ratings; open follow-up tasks whatever their date.
   */
  async stores(from: string | undefined, to: string | undefined, op: OperatorPrincipal): Promise<StoreFeedbackRow[]> {
    const end = to ? new Date(shanghaiDayStart(to).getTime() + DAY_MS) : new Date(this.clock.now().getTime() + DAY_MS);
    const start = from ? shanghaiDayStart(from) : new Date(end.getTime() - 90 * DAY_MS);
    const storeId = op.role === OperatorRole.StoreManager ? (op.storeId ?? -1) : undefined;
    const ended = (await this.events.endedBetween(start, end, storeId, STORE_EVENTS_MAX)).filter((e) => e.storeId);
    const ids = ended.map((e) => e.id);
    const checkedIn = await this.events.checkedInCounts(ids);
    const byStore = new Map<number, StoreFeedbackRow & { ratingSum: number; rated: number }>();
    for (const e of ended) {
      const row = byStore.get(e.storeId!) ?? {
        storeId: e.storeId!,
        storeName: '',
        events: 0,
        responses: 0,
        checkedIn: 0,
        averageRating: null,
        lowRatings: 0,
        openTasks: 0,
        ratingSum: 0,
        rated: 0,
      };
      row.events++;
      row.checkedIn += checkedIn.get(e.id) ?? 0;
      byStore.set(e.storeId!, row);
    }
    if (ids.length) {
      const sums = await this.ds
        .getRepository(SurveyResponseRow)
        .createQueryBuilder('r')
        .innerJoin(SurveyRow, 's', 's.id = r.surveyId')
        .select('r.storeId', 'storeId')
        .addSelect('COUNT(*)', 'n')
        .addSelect('COUNT(r.rating)', 'rated')
        .addSelect('COALESCE(SUM(r.rating), 0)', 'ratingSum')
        .addSelect('SUM(CASE WHEN r.rating <= s.lowRatingMax THEN 1 ELSE 0 END)', 'low')
        .where('r.eventId IN (:...ids)', { ids })
        .groupBy('r.storeId')
        .getRawMany<Record<string, unknown>>();
      for (const x of sums) {
        const row = byStore.get(Number(x.storeId));
        if (!row) continue;
        row.responses = Number(x.n);
        row.rated = Number(x.rated);
        row.ratingSum = Number(x.ratingSum);
        row.lowRatings = Number(x.low ?? 0);
      }
    }
    const open = await this.ds
      .getRepository(FollowUpTaskRow)
      .createQueryBuilder('t')
      .select('t.storeId', 'storeId')
      .addSelect('COUNT(*)', 'n')
      .where("t.status <> 'RESOLVED'")
      .groupBy('t.storeId')
      .getRawMany<{ storeId: unknown; n: unknown }>();
    for (const x of open) {
      const row = byStore.get(Number(x.storeId));
      if (row) row.openTasks = Number(x.n);
    }
    const names = await this.storeDir.names([...byStore.keys()]);
    return [...byStore.values()]
      .map(({ ratingSum, rated, ...row }) => ({
        ...row,
        storeName: names.get(row.storeId) ?? '',
        averageRating: rated ? round2(ratingSum / rated) : null,
      }))
      .sort((a, b) => a.storeId - b.storeId);
  }

  private query(surveyId: number, q: SurveyResponseQuery) {
    const qb = this.ds
      .getRepository(SurveyResponseRow)
      .createQueryBuilder('r')
      .where('r.surveyId = :surveyId', { surveyId });
    if (q.rating) qb.andWhere('(r.rating = :v OR (r.rating IS NULL AND r.score = :v))', { v: q.rating });
    return qb.orderBy('r.id', 'DESC');
  }

  private async rows(s: SurveyRow, rows: SurveyResponseRow[]): Promise<SurveyResponseAdmin[]> {
    const refs = await this.members.refs(rows.map((r) => r.memberId));
    const tasks = await this.repo.tasksByResponse(rows.map((r) => r.id));
    const extra = questionsOf(s).filter((q) => !q.builtIn);
    return rows.map((r) => {
      const m = refs.get(r.memberId) ?? unknownMember(r.memberId);
      const answers = answersOf(r);
      return {
        id: r.id,
        memberNo: m.memberNo,
        memberNickname: m.nickname,
        rating: r.rating,
        score: r.score,
        tags: tagsOf(r),
        comment: r.comment,
        extra: extra.map((q) => ({
          title: q.title,
          answer: answerWords(answers.find((a) => a.questionId === q.id)?.value),
        })),
        followUpTaskId: tasks.get(r.id) ?? null,
        createdAt: r.createdAt.toISOString(),
      };
    });
  }
}
