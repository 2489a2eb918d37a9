import type {
  ClaimableCoupon,
  ClaimCouponRequest,
  ClaimCouponResult,
  CouponGiftLink,
  CouponGiftPreview,
  MemberCoupon,
  MemberCouponTab,
  Page,
} from '@member/shared';
import { request } from './request';

// The member side of coupons (shared/src/contracts/coupons.ts): 领券中心, 我的优惠券, gifting.

export const couponsApi = {
  center: () => request<ClaimableCoupon[]>('/api/v1/coupon-center'),
  // Idempotent by requestId: a retry after a lost answer sends the same id and gets the same coupon.
  claim: (body: ClaimCouponRequest) =>
    request<ClaimCouponResult>('/api/v1/me/coupons/claims', { method: 'POST', data: body }),
  mine: (status: MemberCouponTab, page = 1, pageSize = 20) =>
    request<Page<MemberCoupon>>(`/api/v1/me/coupons?status=${status}&page=${page}&pageSize=${pageSize}`),
  detail: (id: number) => request<MemberCoupon>(`/api/v1/me/coupons/${id}`),
  gift: (id: number) => request<CouponGiftLink>(`/api/v1/me/coupons/${id}/gift`, { method: 'POST' }),
  cancelGift: (id: number) => request<MemberCoupon>(`/api/v1/me/coupons/${id}/gift`, { method: 'DELETE' }),
  giftPreview: (token: string) => request<CouponGiftPreview>(`/api/v1/coupon-gifts/${encodeURIComponent(token)}`),
  acceptGift: (token: string) =>
    request<MemberCoupon>(`/api/v1/coupon-gifts/${encodeURIComponent(token)}/accept`, { method: 'POST' }),
};
