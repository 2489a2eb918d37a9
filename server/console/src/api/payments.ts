import type { PayRefundRetryRequest, PayRefundRetryResult } from '@member/shared';
import { apiRequest } from './client';

/**
 * 重新退款 of a cash refund WeChat Pay closed (or refused): a new attempt under its own out_refund_no. The same
 * requestId again answers the same attempt (a double click or a retried request never asks twice).
 */
export const payRefundsApi = {
  retryMallOrder: (orderId: number, body: PayRefundRetryRequest) =>
    apiRequest<PayRefundRetryResult>(`/admin/mall/orders/${orderId}/refund/retry`, { method: 'POST', body }),
  retryEventSignup: (eventId: number, signupId: number, body: PayRefundRetryRequest) =>
    apiRequest<PayRefundRetryResult>(`/admin/events/${eventId}/signups/${signupId}/refund/retry`, {
      method: 'POST',
      body,
    }),
};
