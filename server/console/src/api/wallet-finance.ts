// /api/v1/admin/wallet reconciliation and liability routes (contracts: @member/shared contracts/wallet).
// Everyone with 储值 reads; admins and operators run a reconciliation; analysts get no per-member report.
import type {
  LiabilityQuery,
  LiabilityReport,
  Page,
  ReconItemQuery,
  ReconRun,
  ReconRunDetail,
  ReconRunQuery,
} from '@member/shared';
import { apiRequest, downloadFile } from './client';

export const reconciliationsApi = {
  list: (query: ReconRunQuery) => apiRequest<Page<ReconRun>>('/admin/wallet/reconciliations', { query: { ...query } }),
  detail: (id: number, query: ReconItemQuery) =>
    apiRequest<ReconRunDetail>(`/admin/wallet/reconciliations/${id}`, { query: { ...query } }),
  /** Reconciles the day again now: its lines are replaced, a 掉单 is credited once (audited). */
  run: (billDate: string) =>
    apiRequest<ReconRun>('/admin/wallet/reconciliations', { method: 'POST', body: { billDate } }),
};

export const liabilityApi = {
  report: (query: Omit<LiabilityQuery, 'format'>) =>
    apiRequest<LiabilityReport>('/admin/wallet/liability', { query: { ...query } }),
  /** The same report as CSV (the server audits the export). */
  exportCsv: (query: Omit<LiabilityQuery, 'format'>, fileName: string) =>
    downloadFile('/admin/wallet/liability', { ...query, format: 'csv' }, fileName),
};
