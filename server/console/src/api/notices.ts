// /api/v1/admin/notices routes (contract: @member/shared contracts/notices).
import type {
  NoticeAdmin,
  NoticeAdminQuery,
  NoticeDashboard,
  NoticeKind,
  NoticeKindAdmin,
  NoticeKindInput,
  NoticeTestSendInput,
  Page,
  PageQuery,
} from '@member/shared';
import { apiRequest, downloadFile } from './client';

export type NoticeFilters = Omit<NoticeAdminQuery, keyof PageQuery>;

export const noticesApi = {
  kinds: () => apiRequest<NoticeKindAdmin[]>('/admin/notices/kinds'),
  /** Template id and pause, guarded by `version` (audited). */
  updateKind: (kind: NoticeKind, body: NoticeKindInput) =>
    apiRequest<NoticeKindAdmin>(`/admin/notices/kinds/${kind}`, { method: 'PUT', body }),
  list: (query: NoticeAdminQuery) => apiRequest<Page<NoticeAdmin>>('/admin/notices', { query: { ...query } }),
  /** CSV of exactly what the filters show (streamed by the server and audited). */
  exportCsv: (query: NoticeFilters, fileName: string) => downloadFile('/admin/notices.csv', { ...query }, fileName),
  dashboard: (query: { from: string; to: string }) =>
    apiRequest<NoticeDashboard>('/admin/notices/dashboard', { query: { ...query } }),
  /** The member (by 会员号) who receives this operator's test sends (audited). */
  setTestRecipient: (memberNo: string) =>
    apiRequest<{ memberNo: string }>('/admin/notices/test-recipient', { method: 'PUT', body: { memberNo } }),
  /** To the operator's own test recipient; needs a grant like any send (audited). */
  testSend: (body: NoticeTestSendInput) =>
    apiRequest<NoticeAdmin>('/admin/notices/test-send', { method: 'POST', body }),
};
