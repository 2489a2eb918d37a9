import type { MySurveyResponse, SurveyAnswer, SurveyQuestion } from '@member/shared';
import type { SurveyResponseRow } from './entities/survey-response.entity';
import type { SurveyRow } from './entities/survey.entity';
import type { StoredTarget } from './survey-audience';

export const questionsOf = (s: SurveyRow): SurveyQuestion[] => JSON.parse(s.questionsJson) as SurveyQuestion[];
export const targetOf = (s: SurveyRow): StoredTarget | null =>
  s.targetJson ? (JSON.parse(s.targetJson) as StoredTarget) : null;
export const answersOf = (r: Pick<SurveyResponseRow, 'answersJson'>): SurveyAnswer[] =>
  JSON.parse(r.answersJson) as SurveyAnswer[];
export const tagsOf = (r: Pick<SurveyResponseRow, 'tagsJson'>): string[] => JSON.parse(r.tagsJson) as string[];

export const myResponse = (r: SurveyResponseRow): MySurveyResponse => ({
  id: r.id,
  answers: answersOf(r),
  createdAt: r.createdAt.toISOString(),
});
