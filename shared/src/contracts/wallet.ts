import type { IsoTime, PageQuery } from './common';

// Stored value (储值): top-up plans (operators), top-ups paid through WeChat Pay (members), the wallet's
// balance split into paid principal (本金) and promotional bonus (赠送金), and what operators see of
// every payment. Amounts are integer fen everywhere; yuan appears only on screen.

export type TopupPlanStatus = 'DRAFT' | 'ACTIVE' | 'PAUSED' | 'ENDED';

/** 充 ¥X 送 ¥Y: what the member pays and the bonus credited on top. */
export interface TopupPlanInput {
  name: string;
  payFen: number;
  /** 0 = no bonus. */
  bonusFen: number;
  /** Sale window; null = open-ended. */
  startsAt: IsoTime | null;
  endsAt: IsoTime | null;
  /** Paid top-ups of this plan one member may make; null = unlimited. */
  perMemberLimit: number | null;
  /** Lower comes first on the member's wallet page. */
  sortOrder: number;
}

export interface TopupPlan extends TopupPlanInput {
  id: number;
  status: TopupPlanStatus;
  /** Paid top-ups of this plan so far. */
  paidCount: number;
  version: number;
  createdAt: IsoTime;
  updatedAt: IsoTime;
}

export interface TopupPlanPatch extends Partial<TopupPlanInput> {
  /** The version the operator edited (409 WALLET_PLAN_VERSION_CONFLICT when someone saved since). */
  version: number;
}

/** A plan as the member sees it: whether they may buy it now, and why not. */
export interface MemberTopupPlan {
  id: number;
  name: string;
  payFen: number;
  bonusFen: number;
  endsAt: IsoTime | null;
  /** Purchases left for this member; null = unlimited. */
  remainingForMember: number | null;
  available: boolean;
  /** zh-CN, when not available (已达购买上限 / 超出储值上限 …). */
  unavailableReason: string | null;
}

/** The refund policy a member accepts with each top-up (single-purpose prepaid card rules). */
export interface WalletPolicy {
  version: string;
  /** Paragraphs shown before paying. */
  paragraphs: string[];
}

export interface WalletSummary {
  balanceFen: number;
  principalFen: number;
  bonusFen: number;
  /** The most a member's stored value may reach (记名卡上限). */
  capFen: number;
  /** A registered (记名) balance needs a bound phone: top-ups are refused without one. */
  phoneBound: boolean;
  /** Free-amount top-ups: bounds (fen). */
  minTopupFen: number;
  maxTopupFen: number;
  plans: MemberTopupPlan[];
  policy: WalletPolicy;
}

/** Exactly one of planId / amountFen. `policyVersion` must be the policy shown (WalletSummary.policy). */
export interface TopupRequest {
  planId?: number;
  amountFen?: number;
  policyVersion: string;
  /** The idempotency key: the same request id answers the same order. */
  requestId: string;
}

/** `wx.requestPayment` parameters, signed by the server (RSA, over appId/timeStamp/nonceStr/package). */
export interface PayParams {
  timeStamp: string;
  nonceStr: string;
  package: string;
  signType: 'RSA';
  paySign: string;
}

/**
 * NOTPAY: waiting for the member to pay (until expiresAt). PAID: credited to the wallet. CLOSED: expired or
 * cancelled unpaid. REFUNDED: principal refunded in full (partial refunds keep PAID).
 */
export type TopupStatus = 'NOTPAY' | 'PAID' | 'CLOSED' | 'REFUNDED';

export interface TopupCreated {
  outTradeNo: string;
  payFen: number;
  bonusFen: number;
  expiresAt: IsoTime;
  payParams: PayParams;
}

/** One top-up as its member sees it (the result page polls this after paying). */
export interface MemberTopup {
  outTradeNo: string;
  status: TopupStatus;
  payFen: number;
  bonusFen: number;
  planName: string | null;
  createdAt: IsoTime;
  paidAt: IsoTime | null;
  expiresAt: IsoTime;
}

/** One line of the member's wallet history: one business event (a top-up credits principal and bonus). */
export interface WalletHistoryItem {
  id: number;
  at: IsoTime;
  kind: 'TOPUP' | 'SPEND' | 'SPEND_RETURNED' | 'REFUND' | 'ADJUSTMENT';
  /** zh-CN line title, e.g. 充值 ¥500.00 or 消费 · 旗舰店. */
  title: string;
  /** Signed, principal + bonus. */
  amountFen: number;
  principalFen: number;
  bonusFen: number;
  balanceAfterFen: number;
}

export interface WalletHistoryQuery extends PageQuery {}

/** What makes a payment need an operator's eye; nothing is credited for the *_MISMATCH ones. */
export type PayAnomalyKind =
  'AMOUNT_MISMATCH' | 'MCHID_MISMATCH' | 'APPID_MISMATCH' | 'UNKNOWN_ORDER' | 'PAID_AFTER_CLOSE' | 'OVER_CAP';

export type PayAnomalyStatus = 'OPEN' | 'RESOLVED';

export interface PayAnomaly {
  id: number;
  kind: PayAnomalyKind;
  outTradeNo: string;
  transactionId: string | null;
  /** Our order's amount and WeChat's, when both are known (fen). */
  expectedFen: number | null;
  reportedFen: number | null;
  /** Whether the payment was credited to the member's wallet (PAID_AFTER_CLOSE / OVER_CAP: yes). */
  credited: boolean;
  memberNo: string | null;
  status: PayAnomalyStatus;
  resolution: string | null;
  createdAt: IsoTime;
  resolvedAt: IsoTime | null;
}

export interface AdminTopup {
  outTradeNo: string;
  transactionId: string | null;
  memberId: number;
  memberNo: string;
  memberName: string | null;
  planId: number | null;
  planName: string | null;
  payFen: number;
  bonusFen: number;
  status: TopupStatus;
  /** How the payment was confirmed: WeChat's notification, our query, or not yet. */
  confirmedBy: 'NOTIFY' | 'QUERY' | null;
  /** Principal refunded so far (fen). */
  refundedFen: number;
  anomaly: PayAnomalyKind | null;
  createdAt: IsoTime;
  paidAt: IsoTime | null;
  expiresAt: IsoTime;
}

export interface AdminTopupQuery extends PageQuery {
  status?: TopupStatus;
  memberNo?: string;
  outTradeNo?: string;
  /** Paid (or created, when unpaid) on or after / before these Asia/Shanghai dates (YYYY-MM-DD). */
  from?: string;
  to?: string;
  /** Only orders with an open anomaly. */
  flagged?: boolean;
}

export interface AdminTopupStats {
  /** Paid today (Asia/Shanghai): count, principal and bonus (fen). */
  todayCount: number;
  todayPayFen: number;
  todayBonusFen: number;
  /** Stored value members hold now, split (fen). */
  outstandingPrincipalFen: number;
  outstandingBonusFen: number;
  openAnomalies: number;
  unpaidOpen: number;
}

export interface ResolveAnomalyRequest {
  resolution: string;
}
