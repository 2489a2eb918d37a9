import type { MemberTopup, Page, TopupCreated, TopupRequest, WalletHistoryItem, WalletSummary } from '@member/shared';
import { request } from './request';

// The member side of stored value (shared/src/contracts/wallet.ts): 储值, top-ups, 储值记录.

export const walletApi = {
  summary: () => request<WalletSummary>('/api/v1/me/wallet'),
  // Idempotent by requestId: the same id and body answer the same order with freshly signed payParams.
  topup: (body: TopupRequest) => request<TopupCreated>('/api/v1/me/wallet/topups', { method: 'POST', data: body }),
  // While unpaid, the server asks WeChat before answering: this, not requestPayment's "ok", is the proof.
  topupStatus: (outTradeNo: string) =>
    request<MemberTopup>(`/api/v1/me/wallet/topups/${encodeURIComponent(outTradeNo)}`),
  history: (page = 1, pageSize = 20) =>
    request<Page<WalletHistoryItem>>(`/api/v1/me/wallet/history?page=${page}&pageSize=${pageSize}`),
};
