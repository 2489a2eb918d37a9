import type {
  FeedbackState,
  FollowUpResolveRequest,
  FollowUpStartRequest,
  FollowUpTask,
  MemberSurvey,
  Page,
  MemberSurveyCard,
  SurveySubmitRequest,
  SurveySubmitResult,
} from '@member/shared';
import { request } from './request';

// The member side of surveys (shared/src/contracts/surveys.ts): 活动评价 and 满意度调查.
export const surveysApi = {
  feedback: (signupId: number) => request<MemberSurvey>(`/api/v1/me/surveys/feedback?signupId=${signupId}`),
  feedbackStates: (eventIds: number[]) =>
    request<FeedbackState[]>(`/api/v1/me/surveys/feedback-states?eventIds=${eventIds.join(',')}`),
  open: () => request<MemberSurveyCard[]>('/api/v1/me/surveys/open'),
  get: (id: number) => request<MemberSurvey>(`/api/v1/me/surveys/${id}`),
  // Once per survey: a retry after a lost answer sends the same requestId and gets the first submission.
  submit: (id: number, body: SurveySubmitRequest) =>
    request<SurveySubmitResult>(`/api/v1/me/surveys/${id}/responses`, { method: 'POST', data: body }),
};

// The staff side: 回访工单 of the clerk's own store (open first, then in progress, then resolved).
// Moves carry a request id kept while their outcome is unknown: a retry answers the first move.
export const staffSurveysApi = {
  tasks: (page: number, pageSize = 20) =>
    request<Page<FollowUpTask>>(`/api/v1/staff/survey-tasks?page=${page}&pageSize=${pageSize}`, { auth: 'staff' }),
  start: (id: number, body: FollowUpStartRequest) =>
    request<FollowUpTask>(`/api/v1/staff/survey-tasks/${id}/start`, { method: 'POST', data: body, auth: 'staff' }),
  resolve: (id: number, body: FollowUpResolveRequest) =>
    request<FollowUpTask>(`/api/v1/staff/survey-tasks/${id}/resolve`, { method: 'POST', data: body, auth: 'staff' }),
};
