// /api/v1/admin coupon routes (contracts: @member/shared contracts/coupons).
import type {
  AdminCouponQuery,
  AdminCouponRow,
  CouponBatch,
  CouponRedemption,
  CouponTemplate,
  CouponTemplateInput,
  CouponTemplateQuery,
  CouponTemplateStats,
  CouponTemplateStatus,
  CouponUseQuery,
  CouponUseRow,
  CreateCouponBatchRequest,
  Page,
  PageQuery,
  UpdateCouponTemplateRequest,
} from '@member/shared';
import { apiRequest, downloadFile } from './client';

export const couponTemplatesApi = {
  list: (query: CouponTemplateQuery) =>
    apiRequest<Page<CouponTemplate>>('/admin/coupon-templates', { query: { ...query } }),
  get: (id: number) => apiRequest<CouponTemplate>(`/admin/coupon-templates/${id}`),
  create: (body: CouponTemplateInput) =>
    apiRequest<CouponTemplate>('/admin/coupon-templates', { method: 'POST', body }),
  /** Guarded by `version`: a concurrent edit answers COUPON_TEMPLATE_VERSION_CONFLICT. */
  update: (id: number, body: UpdateCouponTemplateRequest) =>
    apiRequest<CouponTemplate>(`/admin/coupon-templates/${id}`, { method: 'PATCH', body }),
  setStatus: (id: number, status: CouponTemplateStatus) =>
    apiRequest<CouponTemplate>(`/admin/coupon-templates/${id}/status`, { method: 'POST', body: { status } }),
  stats: (id: number) => apiRequest<CouponTemplateStats>(`/admin/coupon-templates/${id}/stats`),
};

export const couponRecordsApi = {
  /** 发券记录: coupons issued (claims, the shop's gifts, batches). */
  issues: (query: AdminCouponQuery) => apiRequest<Page<AdminCouponRow>>('/admin/coupons', { query: { ...query } }),
  /** 核销记录: uses in sales and stand-alone voucher redemptions. */
  uses: (query: CouponUseQuery) => apiRequest<Page<CouponUseRow>>('/admin/coupon-uses', { query: { ...query } }),
  /** CSV of exactly what the filters show (format=csv on the same route; the server audits the export). */
  exportIssues: (query: Omit<AdminCouponQuery, keyof PageQuery>, fileName: string) =>
    downloadFile('/admin/coupons', { ...query, format: 'csv' }, fileName),
  exportUses: (query: Omit<CouponUseQuery, keyof PageQuery>, fileName: string) =>
    downloadFile('/admin/coupon-uses', { ...query, format: 'csv' }, fileName),
  /** Stand-alone redemptions only, within the void window (else COUPON_VOID_WINDOW_PASSED). */
  voidRedemption: (id: number, reason: string) =>
    apiRequest<CouponRedemption>(`/admin/coupon-redemptions/${id}/void`, { method: 'POST', body: { reason } }),
};

export const couponBatchesApi = {
  list: (query: PageQuery & { templateId?: number }) =>
    apiRequest<Page<CouponBatch>>('/admin/coupon-batches', { query: { ...query } }),
  get: (id: number) => apiRequest<CouponBatch>(`/admin/coupon-batches/${id}`),
  /** Idempotent by requestId: a retry answers the batch the first call started. */
  create: (body: CreateCouponBatchRequest) =>
    apiRequest<CouponBatch>('/admin/coupon-batches', { method: 'POST', body }),
};
