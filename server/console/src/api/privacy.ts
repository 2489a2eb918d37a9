// /api/v1/admin deletion requests (注销申请) and members' consents.
import type {
  AdminDeletionRequest,
  AdminMemberPrivacy,
  DeletionRejectRequest,
  DeletionRequestQuery,
  Page,
} from '@member/shared';
import { apiRequest, downloadFile } from './client';

export const privacyAdminApi = {
  deletionRequests: (query: DeletionRequestQuery) =>
    apiRequest<Page<AdminDeletionRequest>>('/admin/deletion-requests', { query: { ...query } }),
  process: (id: number) =>
    apiRequest<AdminDeletionRequest>(`/admin/deletion-requests/${id}/process`, { method: 'POST' }),
  reject: (id: number, body: DeletionRejectRequest) =>
    apiRequest<AdminDeletionRequest>(`/admin/deletion-requests/${id}/reject`, { method: 'POST', body }),
  memberPrivacy: (memberId: number) => apiRequest<AdminMemberPrivacy>(`/admin/members/${memberId}/privacy`),

  /** CSV of exactly what the filters show, saved by the browser (the server audits the export). */
  async exportCsv(query: Pick<DeletionRequestQuery, 'status' | 'q'>, fileName: string): Promise<void> {
    await downloadFile('/admin/deletion-requests/export', { status: query.status, q: query.q }, fileName);
  },
};
