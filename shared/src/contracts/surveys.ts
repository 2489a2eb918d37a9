import type { IsoTime, PageQuery } from './common';

// Surveys (问卷): one engine for an event's feedback (活动评价: rating 1–5, tags, comment, plus the operator's
// own questions) and for general satisfaction surveys (NPS, 0–10) sent to a segment. A member answers a
// survey once (unique per survey and member; idempotent by requestId). An event's feedback opens when the
// event ends, for members who checked in, for SURVEY_RULES.feedbackWindowDays. A rating at or below the
// survey's lowRatingMax opens a follow-up task (回访工单) for the event's store.
//
// Routes (all JSON unless said):
//   member   GET  /api/v1/me/surveys/feedback?signupId=                → MemberSurvey (an event's feedback form)
//            GET  /api/v1/me/surveys/feedback-states?eventIds=1,2       → FeedbackState[] (我的活动: 去评价 / 已评价)
//            GET  /api/v1/me/surveys/open                               → MemberSurveyCard[] (NPS surveys open for me)
//            GET  /api/v1/me/surveys/:id                                → MemberSurvey
//            POST /api/v1/me/surveys/:id/responses  SurveySubmitRequest → SurveySubmitResult (201; once)
//   operator GET  /api/v1/admin/surveys?kind&status&page               → Page<SurveyAdmin>
//            POST /api/v1/admin/surveys  NpsSurveyInput                 → SurveyAdmin (sent to the segment; audited)
//            GET  /api/v1/admin/surveys/events/:eventId                 → SurveyAdmin (the event's feedback survey)
//            GET  /api/v1/admin/surveys/:id                             → SurveyAdmin
//            PUT  /api/v1/admin/surveys/:id  SurveyQuestionsUpdate      → SurveyAdmin (extra questions; audited)
//            POST /api/v1/admin/surveys/:id/close {version}             → SurveyAdmin (audited)
//            GET  /api/v1/admin/surveys/:id/results                     → SurveyResults
//            GET  /api/v1/admin/surveys/:id/responses?rating&page       → Page<SurveyResponseAdmin>
//            GET  /api/v1/admin/surveys/:id/responses.csv (same filters)
//            GET  /api/v1/admin/surveys/stores?from&to                  → StoreFeedbackRow[] (per store)
//            GET  /api/v1/admin/survey-tasks?status&storeId&page        → Page<FollowUpTask>
//            POST /api/v1/admin/survey-tasks/:id/start {version, assignee, requestId?} → FollowUpTask (audited)
//            POST /api/v1/admin/survey-tasks/:id/resolve {version, resolution, requestId?} → FollowUpTask (audited)
//   staff    GET  /api/v1/staff/survey-tasks?status&page                → Page<FollowUpTask> (own store; open
//                 first, then in progress, then resolved; the member masked)
//            POST /api/v1/staff/survey-tasks/:id/start | /resolve       → FollowUpTask (own store; audited; the
//                 assignee defaults to the clerk; a repeated requestId answers the first move)

/** EVENT_FEEDBACK: one per event, created with the event's defaults. NPS: sent by an operator to a segment. */
export type SurveyKind = 'EVENT_FEEDBACK' | 'NPS';

/** OPEN takes answers (within its window); CLOSED was closed by an operator. */
export type SurveyStatus = 'OPEN' | 'CLOSED';

/**
 * RATING 1–5 (built-in, event feedback), TAGS multi-select from options (built-in), COMMENT free text
 * (built-in), NPS 0–10 (built-in of NPS surveys), and the operator's own: SINGLE, MULTI, TEXT, SCALE (0–10).
 */
export type SurveyQuestionKind = 'RATING' | 'TAGS' | 'COMMENT' | 'NPS' | 'SINGLE' | 'MULTI' | 'TEXT' | 'SCALE';

export const SURVEY_KIND_LABELS: Record<SurveyKind, string> = { EVENT_FEEDBACK: '活动评价', NPS: '满意度调查（NPS）' };
export const SURVEY_STATUS_LABELS: Record<SurveyStatus, string> = { OPEN: '进行中', CLOSED: '已结束' };
export const SURVEY_QUESTION_KIND_LABELS: Record<SurveyQuestionKind, string> = {
  RATING: '评分（1–5 星）',
  TAGS: '标签（多选）',
  COMMENT: '评价内容',
  NPS: '推荐意愿（0–10）',
  SINGLE: '单选题',
  MULTI: '多选题',
  TEXT: '填空题',
  SCALE: '打分题（0–10）',
};

/** Kinds an operator may add. */
export const SURVEY_EXTRA_KINDS: SurveyQuestionKind[] = ['SINGLE', 'MULTI', 'TEXT', 'SCALE'];

export const SURVEY_RULES = {
  /** Event feedback is taken for this many days after the event ends. */
  feedbackWindowDays: 14,
  /** Default: a rating at or below this opens a follow-up task (per survey, 1–4). */
  lowRatingMax: 2,
  maxQuestions: 12,
  maxOptions: 10,
  questionTitle: { min: 2, max: 60 },
  optionText: { min: 1, max: 20 },
  comment: { min: 0, max: 500 },
  surveyTitle: { min: 2, max: 40 },
  resolution: { min: 2, max: 500 },
  assignee: { min: 1, max: 20 },
  /** NPS surveys run this many days at most. */
  npsMaxDays: 60,
} as const;

/** The tags an event's feedback offers by default. */
export const DEFAULT_FEEDBACK_TAGS = [
  '内容丰富',
  '组织有序',
  '服务热情',
  '环境舒适',
  '时间合适',
  '物超所值',
  '希望再办',
];

export const NPS_QUESTION_TITLE = '您向朋友推荐我们的可能性有多大？';

export interface SurveyQuestion {
  /** Stable within the survey: rating, tags, comment, nps for the built-ins; q1, q2 … for added ones. */
  id: string;
  kind: SurveyQuestionKind;
  title: string;
  /** TAGS, SINGLE, MULTI: the choices. */
  options: string[];
  required: boolean;
  /** Built-in questions cannot be removed. */
  builtIn: boolean;
}

/** An operator's added question (id given by the server). */
export interface SurveyQuestionInput {
  /** Keep an existing added question's id when editing; omit for a new one. */
  id?: string;
  kind: SurveyQuestionKind;
  title: string;
  options: string[];
  required: boolean;
}

export interface SurveyQuestionsUpdate {
  version: number;
  /** The added questions, in order (built-ins stay first). */
  questions: SurveyQuestionInput[];
  /** Event feedback: the tags offered (1–10). */
  tags?: string[];
  /** A rating at or below this opens a follow-up task (1–4). */
  lowRatingMax?: number;
}

/** MEMBERS by member no., a TIER, or ALL (the coupon batches' targets). */
export type SurveyTarget =
  { kind: 'MEMBERS'; memberNos: string[] } | { kind: 'TIER'; tierId: number } | { kind: 'ALL' };

export interface NpsSurveyInput {
  title: string;
  target: SurveyTarget;
  /** Added questions after the 0–10 one and the comment. */
  questions: SurveyQuestionInput[];
  /** Answers taken until then (at most SURVEY_RULES.npsMaxDays ahead). */
  closesAt: IsoTime;
  requestId: string;
}

export interface SurveyAdmin {
  id: number;
  kind: SurveyKind;
  title: string;
  status: SurveyStatus;
  event: { id: number; title: string; endsAt: IsoTime } | null;
  store: { id: number; name: string } | null;
  questions: SurveyQuestion[];
  lowRatingMax: number;
  /** NPS: the target as sent (a member list by its count). */
  target:
    { kind: 'MEMBERS'; count: number } | { kind: 'TIER'; tierId: number; tierName: string } | { kind: 'ALL' } | null;
  /** Members it was sent to (NPS) or who checked in (event feedback). */
  audience: number;
  responses: number;
  opensAt: IsoTime;
  closesAt: IsoTime;
  version: number;
  createdAt: IsoTime;
}

export interface SurveyAdminQuery extends PageQuery {
  kind?: SurveyKind;
  status?: SurveyStatus;
}

/** One answer: a number (RATING, NPS, SCALE), a string (COMMENT, TEXT, SINGLE) or strings (TAGS, MULTI). */
export interface SurveyAnswer {
  questionId: string;
  value: number | string | string[];
}

export interface SurveySubmitRequest {
  /** Event feedback: the member's checked-in sign-up. */
  signupId?: number;
  answers: SurveyAnswer[];
  /** Idempotency key: a retry answers the first submission; another key after it is 409 SURVEY_ALREADY_ANSWERED. */
  requestId: string;
}

export interface MySurveyResponse {
  id: number;
  answers: SurveyAnswer[];
  createdAt: IsoTime;
}

export interface SurveySubmitResult {
  surveyId: number;
  response: MySurveyResponse;
  /** A follow-up task was opened for the store (low rating). */
  followUp: boolean;
  replayed?: boolean;
}

/** Whether the member can answer now: OPEN, NOT_YET (event not over), EXPIRED (window passed / closed), ANSWERED. */
export type MemberSurveyState = 'OPEN' | 'NOT_YET' | 'EXPIRED' | 'ANSWERED';

export interface MemberSurvey {
  id: number;
  kind: SurveyKind;
  title: string;
  event: { id: number; title: string; startsAt: IsoTime; endsAt: IsoTime; storeName: string } | null;
  signupId: number | null;
  questions: SurveyQuestion[];
  state: MemberSurveyState;
  closesAt: IsoTime;
  myResponse: MySurveyResponse | null;
}

export interface MemberSurveyCard {
  id: number;
  title: string;
  closesAt: IsoTime;
}

export interface FeedbackState {
  eventId: number;
  signupId: number;
  state: MemberSurveyState;
}

export interface SurveyResults {
  surveyId: number;
  kind: SurveyKind;
  responses: number;
  audience: number;
  /** responses / audience (0 when nobody), 0–1. */
  responseRate: number;
  /** EVENT_FEEDBACK: mean of ratings, 2 decimals (null without answers). */
  averageRating: number | null;
  /** Count per rating 1..5 (index 0 = 1 star). */
  ratingDistribution: number[];
  tagCounts: { tag: string; count: number }[];
  /** NPS: count per score 0..10, promoters (9–10), passives (7–8), detractors (0–6), score = %P − %D (−100..100). */
  npsDistribution: number[];
  promoters: number;
  passives: number;
  detractors: number;
  npsScore: number | null;
  /** Added questions: per option counts (choices), average (SCALE), answer count (TEXT). */
  questions: {
    id: string;
    title: string;
    kind: SurveyQuestionKind;
    counts: { option: string; count: number }[];
    average: number | null;
    answered: number;
  }[];
  followUpTasks: number;
}

export interface SurveyResponseAdmin {
  id: number;
  memberNo: string;
  memberNickname: string;
  rating: number | null;
  score: number | null;
  tags: string[];
  comment: string;
  /** Added questions' answers in words. */
  extra: { title: string; answer: string }[];
  followUpTaskId: number | null;
  createdAt: IsoTime;
}

export interface SurveyResponseQuery extends PageQuery {
  rating?: number;
}

export interface StoreFeedbackRow {
  storeId: number;
  storeName: string;
  events: number;
  responses: number;
  checkedIn: number;
  averageRating: number | null;
  lowRatings: number;
  openTasks: number;
}

export type FollowUpStatus = 'OPEN' | 'IN_PROGRESS' | 'RESOLVED';

export const FOLLOW_UP_STATUS_LABELS: Record<FollowUpStatus, string> = {
  OPEN: '待处理',
  IN_PROGRESS: '处理中',
  RESOLVED: '已解决',
};

export interface FollowUpTask {
  id: number;
  status: FollowUpStatus;
  surveyId: number;
  responseId: number;
  event: { id: number; title: string } | null;
  store: { id: number; name: string } | null;
  /** Staff see the nickname, member no. and phone masked (陈*鸣 · 8123****90 · 138****0001). */
  member: { memberNo: string; nickname: string; phoneMasked: string | null };
  rating: number | null;
  comment: string;
  tags: string[];
  assignee: string | null;
  resolution: string | null;
  version: number;
  createdAt: IsoTime;
  startedAt: IsoTime | null;
  resolvedAt: IsoTime | null;
  resolvedBy: string | null;
}

export interface FollowUpQuery extends PageQuery {
  status?: FollowUpStatus;
  storeId?: number;
}

export interface FollowUpStartRequest {
  version: number;
  /** Who handles it (a name as staff know it); a clerk who leaves it out is the assignee. */
  assignee?: string;
  /** Optional idempotency key: the same key again answers the first move instead of 409. */
  requestId?: string;
}

export interface FollowUpResolveRequest {
  version: number;
  resolution: string;
  requestId?: string;
}
