// /api/v1/admin/wallet refund routes: one member's stored value (balance split, paid orders with what WeChat
// can still refund, refunds), refunding principal, and the refund records (contracts: @member/shared
// contracts/wallet-refunds). Refunding is for admins and operators; analysts read (names masked, no CSV).
import type {
  AdminMemberWallet,
  AdminWalletRefundQuery,
  Page,
  PageQuery,
  WalletRefund,
  WalletRefundRequest,
  WalletRefundResult,
} from '@member/shared';
import { apiRequest, downloadFile } from './client';

export type WalletRefundFilters = Omit<AdminWalletRefundQuery, keyof PageQuery>;

export const walletRefundsApi = {
  member: (memberId: number) => apiRequest<AdminMemberWallet>(`/admin/wallet/members/${memberId}`),
  /** The same requestId again answers the same refunds (a double click or a retry never refunds twice). */
  refund: (memberId: number, body: WalletRefundRequest) =>
    apiRequest<WalletRefundResult>(`/admin/wallet/members/${memberId}/refunds`, { method: 'POST', body }),
  list: (query: AdminWalletRefundQuery) =>
    apiRequest<Page<WalletRefund>>('/admin/wallet/refunds', { query: { ...query } }),
  /** CSV of exactly what the filters show (format=csv on the same route; the server audits the export). */
  exportCsv: (query: WalletRefundFilters, fileName: string) =>
    downloadFile('/admin/wallet/refunds', { ...query, format: 'csv' }, fileName),
};
