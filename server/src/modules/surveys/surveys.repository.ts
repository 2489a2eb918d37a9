import { Injectable } from '@nestjs/common';
import type { FollowUpStatus } from '@member/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { FollowUpTaskRow } from './entities/follow-up-task.entity';
import { SurveyResponseRow } from './entities/survey-response.entity';
import { SurveyRow } from './entities/survey.entity';

type Reader = DataSource | EntityManager;

/** Surveys' rows: surveys, responses (once per survey and member) and follow-up tasks. */
@Injectable()
export class SurveysRepository {
  constructor(private readonly ds: DataSource) {}

  survey(id: number, r: Reader = this.ds): Promise<SurveyRow | null> {
    return r.getRepository(SurveyRow).findOneBy({ id });
  }

  byEvent(eventId: number, r: Reader = this.ds): Promise<SurveyRow | null> {
    return r.getRepository(SurveyRow).findOneBy({ eventId });
  }

  async insertSurvey(em: EntityManager, row: Omit<SurveyRow, 'id'>): Promise<SurveyRow> {
    const res = await em.getRepository(SurveyRow).insert(row);
    return { ...row, id: Number(res.identifiers[0].id) };
  }

  /** A guarded edit: only the version the operator edited (answers false when someone else got there first). */
  async updateSurvey(em: EntityManager, id: number, version: number, set: Partial<SurveyRow>): Promise<boolean> {
    const res = await em
      .createQueryBuilder()
      .update(SurveyRow)
      .set({ ...set, version: version + 1 })
      .where('id = :id AND version = :version', { id, version })
      .execute();
    return res.affected === 1;
  }

  response(surveyId: number, memberId: number, r: Reader = this.ds): Promise<SurveyResponseRow | null> {
    return r.getRepository(SurveyResponseRow).findOneBy({ surveyId, memberId });
  }

  async answeredSurveys(memberId: number, surveyIds: number[]): Promise<Set<number>> {
    if (!surveyIds.length) return new Set();
    const rows = await this.ds
      .getRepository(SurveyResponseRow)
      .createQueryBuilder('r')
      .select('r.surveyId', 'surveyId')
      .where('r.memberId = :memberId AND r.surveyId IN (:...surveyIds)', { memberId, surveyIds })
      .getRawMany<{ surveyId: unknown }>();
    return new Set(rows.map((r) => Number(r.surveyId)));
  }

  async insertResponse(em: EntityManager, row: Omit<SurveyResponseRow, 'id'>): Promise<SurveyResponseRow> {
    const res = await em.getRepository(SurveyResponseRow).insert(row);
    return { ...row, id: Number(res.identifiers[0].id) };
  }

  async responseCounts(surveyIds: number[]): Promise<Map<number, number>> {
    if (!surveyIds.length) return new Map();
    const rows = await this.ds
      .getRepository(SurveyResponseRow)
      .createQueryBuilder('r')
      .select('r.surveyId', 'surveyId')
      .addSelect('COUNT(*)', 'n')
      .where('r.surveyId IN (:...surveyIds)', { surveyIds })
      .groupBy('r.surveyId')
      .getRawMany<{ surveyId: unknown; n: unknown }>();
    return new Map(rows.map((r) => [Number(r.surveyId), Number(r.n)]));
  }

  /** Count per value of a built-in number column (rating or score) of a survey's responses. */
  async histogram(surveyId: number, column: 'rating' | 'score'): Promise<Map<number, number>> {
    const rows = await this.ds
      .getRepository(SurveyResponseRow)
      .createQueryBuilder('r')
      .select(`r.${column}`, 'v')
      .addSelect('COUNT(*)', 'n')
      .where(`r.surveyId = :surveyId AND r.${column} IS NOT NULL`, { surveyId })
      .groupBy(`r.${column}`)
      .getRawMany<{ v: unknown; n: unknown }>();
    return new Map(rows.map((r) => [Number(r.v), Number(r.n)]));
  }

  /** Tags and added answers of a survey's responses (results are counted from them). */
  answersOf(surveyId: number): Promise<Pick<SurveyResponseRow, 'tagsJson' | 'answersJson'>[]> {
    return this.ds
      .getRepository(SurveyResponseRow)
      .find({ select: { tagsJson: true, answersJson: true }, where: { surveyId } });
  }

  async insertTask(em: EntityManager, row: Omit<FollowUpTaskRow, 'id'>): Promise<FollowUpTaskRow> {
    const res = await em.getRepository(FollowUpTaskRow).insert(row);
    return { ...row, id: Number(res.identifiers[0].id) };
  }

  task(id: number, r: Reader = this.ds): Promise<FollowUpTaskRow | null> {
    return r.getRepository(FollowUpTaskRow).findOneBy({ id });
  }

  /** A guarded move: from this status at this version only (a concurrent handler makes it answer false). */
  async moveTask(
    em: EntityManager,
    id: number,
    from: FollowUpStatus,
    version: number,
    set: Partial<FollowUpTaskRow>,
  ): Promise<boolean> {
    const res = await em
      .createQueryBuilder()
      .update(FollowUpTaskRow)
      .set({ ...set, version: version + 1 })
      .where('id = :id AND status = :from AND version = :version', { id, from, version })
      .execute();
    return res.affected === 1;
  }

  async tasksByResponse(responseIds: number[]): Promise<Map<number, number>> {
    if (!responseIds.length) return new Map();
    const rows = await this.ds
      .getRepository(FollowUpTaskRow)
      .createQueryBuilder('t')
      .select(['t.id', 't.responseId'])
      .where('t.responseId IN (:...responseIds)', { responseIds })
      .getMany();
    return new Map(rows.map((t) => [t.responseId, t.id]));
  }

  taskCount(surveyId: number): Promise<number> {
    return this.ds.getRepository(FollowUpTaskRow).countBy({ surveyId });
  }
}
