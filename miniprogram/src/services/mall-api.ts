import type {
  MallCategory,
  MallGoodsCard,
  MallGoodsDetail,
  MallOrderResult,
  MallOrderTab,
  MallOrderView,
  MallPickupView,
  MallRedeemRequest,
  Page,
} from '@member/shared';
import { request } from './request';

// The member and staff sides of the points mall (shared/src/contracts/mall.ts): 积分商城, 我的兑换, 自提核销.

export interface MallGoodsQuery {
  categoryId?: number | null;
  q?: string;
  featured?: boolean;
  page?: number;
  pageSize?: number;
}

/** "?a=1&b=x" from the set values (encoded); "" when none is set. */
function queryString(query: Record<string, string | number | boolean | null | undefined>): string {
  const parts = Object.entries(query)
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

export const mallApi = {
  categories: () => request<MallCategory[]>('/api/v1/mall/categories'),
  goods: (query: MallGoodsQuery = {}) =>
    request<Page<MallGoodsCard>>(
      `/api/v1/mall/goods${queryString({ pageSize: 20, ...query, q: query.q?.trim() || undefined })}`,
    ),
  detail: (id: number) => request<MallGoodsDetail>(`/api/v1/mall/goods/${id}`),
  // Idempotent by requestId: a retry after a lost answer sends the same id and gets the first order.
  redeem: (body: MallRedeemRequest) =>
    request<MallOrderResult>('/api/v1/me/mall/orders', { method: 'POST', data: body }),
  orders: (tab: MallOrderTab, page = 1, pageSize = 20) =>
    request<Page<MallOrderView>>(`/api/v1/me/mall/orders${queryString({ tab, page, pageSize })}`),
  order: (id: number) => request<MallOrderView>(`/api/v1/me/mall/orders/${id}`),
  cancel: (id: number) => request<MallOrderView>(`/api/v1/me/mall/orders/${id}/cancel`, { method: 'POST' }),
  pay: (id: number) => request<MallOrderResult>(`/api/v1/me/mall/orders/${id}/pay`, { method: 'POST' }),
};

export const staffMallApi = {
  lookup: (code: string) =>
    request<MallPickupView>('/api/v1/staff/mall/pickups/lookup', { method: 'POST', data: { code }, auth: 'staff' }),
  // Idempotent by requestId: the retry of a lost answer says the order was handed over, not a second time.
  pickup: (body: { code: string; requestId: string }) =>
    request<MallPickupView>('/api/v1/staff/mall/pickups', { method: 'POST', data: body, auth: 'staff' }),
  today: () => request<MallPickupView[]>('/api/v1/staff/mall/pickups/today', { auth: 'staff' }),
};
