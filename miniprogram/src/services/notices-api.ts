import type { NoticeMoment, NoticePreferenceInput, NoticePrompt, NoticeSubscriptions } from '@member/shared';
import type { NoticeReportBody } from '../utils/notices';
import { request } from './request';

// The member side of care notices (shared/src/contracts/notices.ts): 消息提醒 and the subscription popup.
export const noticesApi = {
  subscriptions: () => request<NoticeSubscriptions>('/api/v1/me/notices/subscriptions'),
  /** What the popup answered: each accept is one more send of that kind. */
  report: (body: NoticeReportBody) =>
    request<NoticeSubscriptions>('/api/v1/me/notices/subscriptions', { method: 'POST', data: body }),
  setPreferences: (body: NoticePreferenceInput) =>
    request<NoticeSubscriptions>('/api/v1/me/notices/preferences', { method: 'PUT', data: body }),
  /** The template ids to ask for at this moment; none when the kinds are paused or have no template. */
  prompt: (moment: NoticeMoment) =>
    request<NoticePrompt>(`/api/v1/me/notices/prompt?moment=${encodeURIComponent(moment)}`),
};
