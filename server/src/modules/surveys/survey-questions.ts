import {
  DEFAULT_FEEDBACK_TAGS,
  ErrorCode,
  NPS_QUESTION_TITLE,
  SURVEY_EXTRA_KINDS,
  SURVEY_QUESTION_KIND_LABELS,
  SURVEY_RULES as R,
  type SurveyAnswer,
  type SurveyQuestion,
  type SurveyQuestionInput,
} from '@member/shared';
import { AppException } from '../../common/app-exception';

const invalid = (message: string) => new AppException(ErrorCode.SURVEY_INVALID, message);
const CHOICE_KINDS = ['TAGS', 'SINGLE', 'MULTI'];

/** An event's feedback defaults: rating 1–5 (required), tags (multi-select), comment. */
export function feedbackQuestions(tags: string[] = DEFAULT_FEEDBACK_TAGS): SurveyQuestion[] {
  return [
    { id: 'rating', kind: 'RATING', title: '您对本次活动的整体评价', options: [], required: true, builtIn: true },
    { id: 'tags', kind: 'TAGS', title: '您喜欢本次活动的哪些方面', options: [...tags], required: false, builtIn: true },
    { id: 'comment', kind: 'COMMENT', title: '还有什么想对我们说的', options: [], required: false, builtIn: true },
  ];
}

/** An NPS survey's built-ins: 0–10 (required) and a comment. */
export function npsQuestions(): SurveyQuestion[] {
  return [
    { id: 'nps', kind: 'NPS', title: NPS_QUESTION_TITLE, options: [], required: true, builtIn: true },
    {
      id: 'comment',
      kind: 'COMMENT',
      title: '请告诉我们打这个分数的原因',
      options: [],
      required: false,
      builtIn: true,
    },
  ];
}

function cleanOptions(options: string[], what: string, min: number): string[] {
  const out = options.map((o) => o.trim());
  if (out.length < min || out.length > R.maxOptions) throw invalid(`${what}的选项须为 ${min}–${R.maxOptions} 个`);
  if (out.some((o) => o.length < R.optionText.min || o.length > R.optionText.max))
    throw invalid(`${what}的选项每个 ${R.optionText.min}–${R.optionText.max} 个字`);
  if (new Set(out).size !== out.length) throw invalid(`${what}的选项不能重复`);
  return out;
}

/** Validated tags for an event's feedback (1–10, unique). */
export const cleanTags = (tags: string[]): string[] => cleanOptions(tags, '评价标签', 1);

/**
 * The survey's questions with the operator's added ones: built-ins first (as they are), then the added
 * questions in order. An added question keeps its id when it names an existing added question; new ones
 * get the next q<n>, so stored answers keep pointing at the question they answered.
 */
export function withExtra(current: SurveyQuestion[], extra: SurveyQuestionInput[]): SurveyQuestion[] {
  const builtIns = current.filter((q) => q.builtIn);
  if (builtIns.length + extra.length > R.maxQuestions) throw invalid(`问卷最多 ${R.maxQuestions} 道题`);
  const existing = new Set(current.filter((q) => !q.builtIn).map((q) => q.id));
  let next = Math.max(0, ...current.map((q) => Number(/^q(\d+)$/.exec(q.id)?.[1] ?? 0))) + 1;
  const used = new Set<string>();
  const added = extra.map((q, i): SurveyQuestion => {
    const n = `第 ${builtIns.length + i + 1} 题`;
    if (!SURVEY_EXTRA_KINDS.includes(q.kind)) throw invalid(`${n}的题型只能是单选、多选、填空或 0–10 打分`);
    const title = q.title.trim();
    if (title.length < R.questionTitle.min || title.length > R.questionTitle.max)
      throw invalid(`${n}的题目须为 ${R.questionTitle.min}–${R.questionTitle.max} 个字`);
    const options = CHOICE_KINDS.includes(q.kind) ? cleanOptions(q.options, n, 2) : [];
    const id = q.id && existing.has(q.id) && !used.has(q.id) ? q.id : `q${next++}`;
    used.add(id);
    return { id, kind: q.kind, title, options, required: q.required, builtIn: false };
  });
  return [...builtIns, ...added];
}

export interface ParsedAnswers {
  answers: SurveyAnswer[];
  rating: number | null;
  score: number | null;
  tags: string[];
  comment: string;
}

const isInt = (v: unknown, min: number, max: number): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

/** Checks each answer against its question (kind, range, options, required) and picks out the built-ins. */
export function parseAnswers(questions: SurveyQuestion[], given: SurveyAnswer[]): ParsedAnswers {
  const byId = new Map(given.map((a) => [a.questionId, a.value]));
  if (byId.size !== given.length) throw invalid('同一道题只能回答一次');
  for (const id of byId.keys())
    if (!questions.some((q) => q.id === id)) throw invalid('回答了问卷中不存在的题目，请刷新后重试');
  const out: ParsedAnswers = { answers: [], rating: null, score: null, tags: [], comment: '' };
  for (const q of questions) {
    const v = byId.get(q.id);
    const empty = v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
    if (empty) {
      if (q.required) throw invalid(q.kind === 'RATING' ? '请先选择评分（1–5 星）' : `请回答：${q.title}`);
      continue;
    }
    const label = `“${q.title}”`;
    switch (q.kind) {
      case 'RATING':
        if (!isInt(v, 1, 5)) throw invalid('评分须为 1–5 星');
        out.rating = v;
        break;
      case 'NPS':
      case 'SCALE':
        if (!isInt(v, 0, 10)) throw invalid(`${label}须为 0–10 的整数`);
        if (q.kind === 'NPS') out.score = v;
        break;
      case 'COMMENT':
      case 'TEXT': {
        if (typeof v !== 'string') throw invalid(`${label}须为文字`);
        const text = v.trim();
        if (text.length > R.comment.max) throw invalid(`${label}最多 ${R.comment.max} 个字`);
        if (q.kind === 'COMMENT') out.comment = text;
        out.answers.push({ questionId: q.id, value: text });
        continue;
      }
      case 'SINGLE':
        if (typeof v !== 'string' || !q.options.includes(v)) throw invalid(`${label}请从给出的选项中选择`);
        break;
      case 'TAGS':
      case 'MULTI': {
        if (!Array.isArray(v) || v.some((o) => typeof o !== 'string' || !q.options.includes(o)))
          throw invalid(`${label}请从给出的选项中选择`);
        if (new Set(v).size !== v.length) throw invalid(`${label}的选项不能重复`);
        if (q.kind === 'TAGS') out.tags = [...v];
        break;
      }
      default:
        throw invalid(
          `不支持的题型：${SURVEY_QUESTION_KIND_LABELS[q.kind as keyof typeof SURVEY_QUESTION_KIND_LABELS] ?? q.kind}`,
        );
    }
    out.answers.push({ questionId: q.id, value: v });
  }
  return out;
}

/** An added question's answer in words (for the CSV and the comments table). */
export function answerWords(v: SurveyAnswer['value'] | undefined): string {
  if (v === undefined) return '';
  return Array.isArray(v) ? v.join('、') : String(v);
}

/** NPS: % promoters (9–10) − % detractors (0–6), rounded to an integer; null without answers. */
export function npsOf(distribution: number[]): {
  promoters: number;
  passives: number;
  detractors: number;
  score: number | null;
} {
  const total = distribution.reduce((a, b) => a + b, 0);
  const promoters = distribution[9] + distribution[10];
  const passives = distribution[7] + distribution[8];
  const detractors = total - promoters - passives;
  const score = total ? Math.round(((promoters - detractors) * 100) / total) : null;
  return { promoters, passives, detractors, score };
}
