import type { SurveyAnswer, SurveyQuestion } from '@member/shared';

export const SURVEY_URLS = {
  feedback: '/packages/events/feedback/index',
  survey: '/packages/events/survey/index',
} as const;

export const RATING_WORDS = ['', '很不满意', '不满意', '一般', '满意', '非常满意'];

export type AnswerDraft = Record<string, number | string | string[] | undefined>;

/** The answers to send: empty ones left out (the server checks required ones and says which). */
export function answersOf(questions: SurveyQuestion[], draft: AnswerDraft): SurveyAnswer[] {
  const out: SurveyAnswer[] = [];
  for (const q of questions) {
    const v = draft[q.id];
    if (v === undefined || (typeof v === 'string' && !v.trim()) || (Array.isArray(v) && !v.length)) continue;
    out.push({ questionId: q.id, value: typeof v === 'string' ? v.trim() : v });
  }
  return out;
}

/** The first required question left unanswered (asked before sending). */
export function missingRequired(questions: SurveyQuestion[], draft: AnswerDraft): SurveyQuestion | null {
  const given = new Set(answersOf(questions, draft).map((a) => a.questionId));
  return questions.find((q) => q.required && !given.has(q.id)) ?? null;
}

export function toggle(list: string[] | undefined, option: string): string[] {
  const now = list ?? [];
  return now.includes(option) ? now.filter((o) => o !== option) : [...now, option];
}
