// /api/v1/admin mall routes (contract: @member/shared contracts/mall).
import type {
  MallCategory,
  MallCategoryInput,
  MallDashboard,
  MallGoodsAdmin,
  MallGoodsInput,
  MallGoodsKind,
  MallGoodsStatus,
  MallOrderAdmin,
  MallOrderAdminQuery,
  MallStockAdjustment,
  Page,
  PageQuery,
} from '@member/shared';
import { apiRequest, downloadFile } from './client';

export interface MallGoodsQuery extends PageQuery {
  status?: MallGoodsStatus;
  categoryId?: number;
  kind?: MallGoodsKind;
  q?: string;
}

export type MallOrderFilters = Omit<MallOrderAdminQuery, keyof PageQuery>;

export const mallCategoriesApi = {
  list: () => apiRequest<MallCategory[]>('/admin/mall/categories'),
  create: (body: MallCategoryInput) => apiRequest<MallCategory>('/admin/mall/categories', { method: 'POST', body }),
  update: (id: number, body: MallCategoryInput) =>
    apiRequest<MallCategory>(`/admin/mall/categories/${id}`, { method: 'PUT', body }),
};

export const mallGoodsApi = {
  list: (query: MallGoodsQuery) => apiRequest<Page<MallGoodsAdmin>>('/admin/mall/goods', { query: { ...query } }),
  get: (id: number) => apiRequest<MallGoodsAdmin>(`/admin/mall/goods/${id}`),
  create: (body: MallGoodsInput) => apiRequest<MallGoodsAdmin>('/admin/mall/goods', { method: 'POST', body }),
  /** Guarded by `version`: a concurrent edit answers MALL_GOODS_VERSION_CONFLICT. */
  update: (id: number, body: MallGoodsInput & { version: number }) =>
    apiRequest<MallGoodsAdmin>(`/admin/mall/goods/${id}`, { method: 'PUT', body }),
  setStatus: (id: number, status: MallGoodsStatus, version: number) =>
    apiRequest<MallGoodsAdmin>(`/admin/mall/goods/${id}/status`, { method: 'POST', body: { status, version } }),
  /** ±n with a reason (audited); never below what is left. */
  adjustStock: (id: number, body: MallStockAdjustment) =>
    apiRequest<MallGoodsAdmin>(`/admin/mall/goods/${id}/stock`, { method: 'POST', body }),
};

export const mallOrdersApi = {
  list: (query: MallOrderAdminQuery) => apiRequest<Page<MallOrderAdmin>>('/admin/mall/orders', { query: { ...query } }),
  /** CSV of exactly what the filters show (the server streams it with a BOM and audits the export). */
  exportCsv: (query: MallOrderFilters, fileName: string) =>
    downloadFile('/admin/mall/orders.csv', { ...query }, fileName),
  dashboard: (query: { from: string; to: string }) =>
    apiRequest<MallDashboard>('/admin/mall/dashboard', { query: { ...query } }),
};
