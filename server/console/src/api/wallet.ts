// /api/v1/admin/wallet routes: top-up plans, top-up orders, payment anomalies (contracts: @member/shared
// contracts/wallet). Writes are for admins and operators; analysts read (member names masked, no CSV).
import type {
  AdminTopup,
  AdminTopupQuery,
  AdminTopupStats,
  Page,
  PageQuery,
  PayAnomaly,
  PayAnomalyStatus,
  TopupPlan,
  TopupPlanInput,
  TopupPlanPatch,
  TopupPlanStatus,
} from '@member/shared';
import { apiRequest, downloadFile } from './client';

export const topupPlansApi = {
  list: () => apiRequest<TopupPlan[]>('/admin/wallet/plans'),
  /** A new plan starts as DRAFT; 上架 makes it buyable. */
  create: (body: TopupPlanInput) => apiRequest<TopupPlan>('/admin/wallet/plans', { method: 'POST', body }),
  /** Only the fields sent change; a stale `version` answers WALLET_PLAN_VERSION_CONFLICT. */
  update: (id: number, body: TopupPlanPatch) =>
    apiRequest<TopupPlan>(`/admin/wallet/plans/${id}`, { method: 'PATCH', body }),
  setStatus: (id: number, status: TopupPlanStatus) =>
    apiRequest<TopupPlan>(`/admin/wallet/plans/${id}/status`, { method: 'POST', body: { status } }),
};

export type TopupFilters = Omit<AdminTopupQuery, keyof PageQuery>;

export const topupsApi = {
  list: (query: AdminTopupQuery) => apiRequest<Page<AdminTopup>>('/admin/wallet/topups', { query: { ...query } }),
  stats: () => apiRequest<AdminTopupStats>('/admin/wallet/topups/stats'),
  /** CSV of exactly what the filters show (format=csv on the same route; the server audits the export). */
  exportCsv: (query: TopupFilters, fileName: string) =>
    downloadFile('/admin/wallet/topups', { ...query, format: 'csv' }, fileName),
  /** Asks WeChat Pay for the order's state now and credits it if paid (audited). */
  sync: (outTradeNo: string) =>
    apiRequest<AdminTopup>(`/admin/wallet/topups/${encodeURIComponent(outTradeNo)}/sync`, { method: 'POST' }),
};

export const payAnomaliesApi = {
  list: (query: PageQuery & { status?: PayAnomalyStatus }) =>
    apiRequest<Page<PayAnomaly>>('/admin/wallet/anomalies', { query: { ...query } }),
  resolve: (id: number, resolution: string) =>
    apiRequest<PayAnomaly>(`/admin/wallet/anomalies/${id}/resolve`, { method: 'POST', body: { resolution } }),
};
