// /api/v1/admin/surveys and /api/v1/admin/survey-tasks (contract: @member/shared contracts/surveys).
import type {
  FollowUpQuery,
  FollowUpTask,
  NpsSurveyInput,
  Page,
  StoreFeedbackRow,
  SurveyAdmin,
  SurveyAdminQuery,
  SurveyQuestionsUpdate,
  SurveyResponseAdmin,
  SurveyResponseQuery,
  SurveyResults,
} from '@member/shared';
import { apiRequest, downloadFile } from './client';

export const surveysApi = {
  list: (query: SurveyAdminQuery) => apiRequest<Page<SurveyAdmin>>('/admin/surveys', { query: { ...query } }),
  get: (id: number) => apiRequest<SurveyAdmin>(`/admin/surveys/${id}`),
  /** The event's feedback survey (made with the defaults when first asked for). */
  forEvent: (eventId: number) => apiRequest<SurveyAdmin>(`/admin/surveys/events/${eventId}`),
  /** Sends an NPS survey to the segment (idempotent by requestId). */
  sendNps: (body: NpsSurveyInput) => apiRequest<SurveyAdmin>('/admin/surveys', { method: 'POST', body }),
  /** Guarded by `version`: a concurrent edit answers SURVEY_VERSION_CONFLICT. */
  update: (id: number, body: SurveyQuestionsUpdate) =>
    apiRequest<SurveyAdmin>(`/admin/surveys/${id}`, { method: 'PUT', body }),
  close: (id: number, version: number) =>
    apiRequest<SurveyAdmin>(`/admin/surveys/${id}/close`, { method: 'POST', body: { version } }),
  results: (id: number) => apiRequest<SurveyResults>(`/admin/surveys/${id}/results`),
  responses: (id: number, query: SurveyResponseQuery) =>
    apiRequest<Page<SurveyResponseAdmin>>(`/admin/surveys/${id}/responses`, { query: { ...query } }),
  exportCsv: (id: number, query: Omit<SurveyResponseQuery, 'page' | 'pageSize'>, fileName: string) =>
    downloadFile(`/admin/surveys/${id}/responses.csv`, { ...query }, fileName),
  stores: (query: { from?: string; to?: string }) =>
    apiRequest<StoreFeedbackRow[]>('/admin/surveys/stores', { query: { ...query } }),
};

export const followUpApi = {
  list: (query: FollowUpQuery) => apiRequest<Page<FollowUpTask>>('/admin/survey-tasks', { query: { ...query } }),
  start: (id: number, version: number, assignee: string) =>
    apiRequest<FollowUpTask>(`/admin/survey-tasks/${id}/start`, { method: 'POST', body: { version, assignee } }),
  resolve: (id: number, version: number, resolution: string) =>
    apiRequest<FollowUpTask>(`/admin/survey-tasks/${id}/resolve`, { method: 'POST', body: { version, resolution } }),
};
