// /api/v1/admin deletion requests (注销申请) and members' consents.
import type {
  AdminDeletionRequest,
  AdminMemberPrivacy,
  DeletionRejectRequest,
  DeletionRequestQuery,
  Page,
} from '@member/shared';
import { ApiError, apiRequest, tokenStore } from './client';

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
    const params = new URLSearchParams();
    if (query.status) params.set('status', query.status);
    if (query.q) params.set('q', query.q);
    const token = tokenStore.get();
    const res = await fetch(`/api/v1/admin/deletion-requests/export?${params.toString()}`, {
      headers: token ? { Authorization: `Bearer ${token}` } : {},
    });
    if (!res.ok) {
      const body = await res.json().catch(() => ({ code: 'HTTP_ERROR', message: `导出失败（HTTP ${res.status}）` }));
      throw new ApiError(res.status, body);
    }
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = fileName;
    a.click();
    URL.revokeObjectURL(url);
  },
};
