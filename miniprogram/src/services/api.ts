import type {
  BindPhoneRequest,
  CardActivity,
  CouponRedemption,
  InvitePreview,
  MemberCard,
  MemberLookupRequest,
  MemberPoints,
  MemberProfile,
  MemberSummary,
  MemberTier,
  MemberTierView,
  OpenCheckoutRequest,
  PageQuery,
  PrivacyConsentRequest,
  PurchaseQuote,
  PurchaseQuoteRequest,
  PurchaseRequest,
  PurchaseResult,
  RedeemCouponRequest,
  RedeemInviteRequest,
  RefundRequest,
  RefundResult,
  SaleApproval,
  SaleApprovalRequest,
  SaleApprover,
  SetStaffPinRequest,
  ShiftSummary,
  StaffCheckout,
  StaffCouponLookupRequest,
  StaffCouponView,
  StaffPurchaseDetail,
  StaffSalesPage,
  StaffSalesQuery,
  StaffSessionResponse,
  UpdateProfileRequest,
  WalletChargeDecision,
  WalletConfirmation,
  WalletConfirmationRequest,
  WechatLoginRequest,
  WechatLoginResponse,
} from '@member/shared';
import { request } from './request';

function queryString(query: object): string {
  const parts = Object.entries(query)
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

// One function per endpoint of the shared contracts; the auth mode says which token is sent.

export const authApi = {
  wechatLogin: (body: WechatLoginRequest) =>
    request<WechatLoginResponse>('/api/v1/auth/wechat/login', { method: 'POST', data: body, auth: 'none' }),
};

export const meApi = {
  get: () => request<MemberProfile>('/api/v1/me'),
  update: (body: UpdateProfileRequest) => request<MemberProfile>('/api/v1/me', { method: 'PATCH', data: body }),
  bindPhone: (body: BindPhoneRequest) => request<MemberProfile>('/api/v1/me/phone', { method: 'POST', data: body }),
  acceptPrivacy: (body: PrivacyConsentRequest) =>
    request<MemberProfile>('/api/v1/me/privacy-consent', { method: 'POST', data: body }),
  card: () => request<MemberCard>('/api/v1/me/card'),
  // Polled while the card is on screen: scans of the member's code and completed sales since `since`.
  cardActivity: (since: string, checkoutId?: number) =>
    request<CardActivity>(`/api/v1/me/card/activity${queryString({ since, checkoutId })}`),
  points: (query: PageQuery = {}) => request<MemberPoints>(`/api/v1/me/points${queryString(query)}`),
  tier: () => request<MemberTierView>('/api/v1/me/tier'),
  // A store's stored-value charge above the threshold, answered from the prompt on the card page (once).
  decideWalletCharge: (id: number, decision: 'confirm' | 'decline') =>
    request<WalletChargeDecision>(`/api/v1/me/wallet/charge-confirmations/${id}/${decision}`, { method: 'POST' }),
};

export const tiersApi = {
  list: () => request<MemberTier[]>('/api/v1/tiers'),
};

export const staffApi = {
  // These two are called with the member token: they are how a member obtains a staff token.
  redeemInvite: (body: RedeemInviteRequest) =>
    request<StaffSessionResponse>('/api/v1/staff/invites/redeem', { method: 'POST', data: body, auth: 'member' }),
  session: () => request<StaffSessionResponse>('/api/v1/staff/session', { method: 'POST', auth: 'member' }),
  // What an invite grants (role, store), shown before the member confirms.
  previewInvite: (body: RedeemInviteRequest) =>
    request<InvitePreview>('/api/v1/staff/invites/preview', { method: 'POST', data: body, auth: 'member' }),
  // A bill beyond the clerk's limits: a manager of the store approves it here with their PIN.
  approvers: () => request<SaleApprover[]>('/api/v1/staff/approvers', { auth: 'staff' }),
  approveSale: (body: SaleApprovalRequest) =>
    request<SaleApproval>('/api/v1/staff/approvals', { method: 'POST', data: body, auth: 'staff' }),
  setPin: (body: SetStaffPinRequest) =>
    request<{ pinSet: true }>('/api/v1/staff/pin', { method: 'PUT', data: body, auth: 'staff' }),
  lookupMember: (body: MemberLookupRequest) =>
    request<MemberSummary>('/api/v1/staff/member-lookup', { method: 'POST', data: body, auth: 'staff' }),
  // A scan opens a checkout (consuming the member code); quote and purchase name it for 10 minutes.
  openCheckout: (body: OpenCheckoutRequest) =>
    request<StaffCheckout>('/api/v1/staff/checkouts', { method: 'POST', data: body, auth: 'staff' }),
  checkout: (checkoutId: number) => request<StaffCheckout>(`/api/v1/staff/checkouts/${checkoutId}`, { auth: 'staff' }),
  quotePurchase: (body: PurchaseQuoteRequest) =>
    request<PurchaseQuote>('/api/v1/staff/purchases/quote', { method: 'POST', data: body, auth: 'staff' }),
  purchase: (body: PurchaseRequest) =>
    request<PurchaseResult>('/api/v1/staff/purchases', { method: 'POST', data: body, auth: 'staff' }),
  // Stored value above the quote's walletConfirm.aboveFen: the member confirms on their phone first (the
  // amount is held meanwhile); the same receipt no. answers the same request.
  requestWalletConfirmation: (checkoutId: number, body: WalletConfirmationRequest) =>
    request<WalletConfirmation>(`/api/v1/staff/checkouts/${checkoutId}/wallet-confirmations`, {
      method: 'POST',
      data: body,
      auth: 'staff',
    }),
  walletConfirmation: (id: number) =>
    request<WalletConfirmation>(`/api/v1/staff/wallet-confirmations/${id}`, { auth: 'staff' }),
  cancelWalletConfirmation: (id: number) =>
    request<WalletConfirmation>(`/api/v1/staff/wallet-confirmations/${id}/cancel`, { method: 'POST', auth: 'staff' }),
  // Resending the same refundNo answers the first refund: retries must reuse it.
  refund: (receiptNo: string, body: RefundRequest) =>
    request<RefundResult>(`/api/v1/staff/purchases/${encodeURIComponent(receiptNo)}/refunds`, {
      method: 'POST',
      data: body,
      auth: 'staff',
    }),
  purchaseDetail: (receiptNo: string) =>
    request<StaffPurchaseDetail>(`/api/v1/staff/purchases/${encodeURIComponent(receiptNo)}`, { auth: 'staff' }),
  // Today's sales at the clerk's store, newest first: where a refund starts.
  sales: (query: StaffSalesQuery = {}) =>
    request<StaffSalesPage>(`/api/v1/staff/purchases${queryString(query)}`, { auth: 'staff' }),
  shiftSummary: () => request<ShiftSummary>('/api/v1/staff/shift-summary', { auth: 'staff' }),
  // 兑换券单独核销: the scanned code's voucher first, then the redemption (a retry reuses its requestId).
  lookupCoupon: (body: StaffCouponLookupRequest) =>
    request<StaffCouponView>('/api/v1/staff/coupons/lookup', { method: 'POST', data: body, auth: 'staff' }),
  redeemCoupon: (body: RedeemCouponRequest) =>
    request<CouponRedemption>('/api/v1/staff/coupon-redemptions', { method: 'POST', data: body, auth: 'staff' }),
};
