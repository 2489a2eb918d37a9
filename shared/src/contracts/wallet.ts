import type { IsoTime, Page, PageQuery } from './common';

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
  /** Coupon templates (ACTIVE or DRAFT) issued once each with every paid top-up of the plan; absent = none. */
  couponTemplateIds?: number[];
}

export interface TopupPlan extends TopupPlanInput {
  id: number;
  couponTemplateIds: number[];
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
  /** Coupons given with the plan (加赠 …), by name. */
  couponNames: string[];
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
  /** Coupons the plan gave with this top-up, once issued (issuing follows the credit within moments). */
  coupons: { id: number; name: string; validUntil: IsoTime }[];
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
  | ReconAnomalyKind
  | 'AMOUNT_MISMATCH'
  | 'MCHID_MISMATCH'
  | 'APPID_MISMATCH'
  | 'UNKNOWN_ORDER'
  | 'PAID_AFTER_CLOSE'
  | 'OVER_CAP'
  // A principal refund WeChat reports ABNORMAL (e.g. the member's account is frozen): money stays out.
  | 'REFUND_ABNORMAL';

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
  /** The member's id, for opening their wallet (to refund a credited payment); null when unknown. */
  memberId: number | null;
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
  /** WeChat's order shipping upload (funds stay frozen until done); null while unpaid. */
  shippingStatus: TopupShippingStatus | null;
  /** Why the upload failed for good (WeChat's errcode and message). */
  shippingError: string | null;
  createdAt: IsoTime;
  paidAt: IsoTime | null;
  expiresAt: IsoTime;
}

/** PENDING: queued or being retried; UPLOADED: recorded at WeChat; FAILED: refused for good or out of retries. */
export type TopupShippingStatus = 'PENDING' | 'UPLOADED' | 'FAILED';

export interface AdminTopupQuery extends PageQuery {
  status?: TopupStatus;
  memberNo?: string;
  outTradeNo?: string;
  /** Paid (or created, when unpaid) on or after / before these Asia/Shanghai dates (YYYY-MM-DD). */
  from?: string;
  to?: string;
  /** Only orders with an open anomaly. */
  flagged?: boolean;
  /** Only orders whose shipping upload is pending or failed. */
  shipping?: 'PENDING' | 'FAILED';
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

// Reconciliation with WeChat Pay's trade bill (对账) and the stored-value liability report (储值负债).

/** Flags the daily reconciliation raises (pay_anomaly kinds; ≤ 20 characters). */
export type ReconAnomalyKind =
  // In the bill, no order of ours with that out_trade_no.
  | 'RECON_UNKNOWN_TRADE'
  // In the bill, our order exists unpaid but could not be credited (WeChat's query disagrees or failed).
  | 'RECON_NOT_CREDITED'
  // PAID here, absent from WeChat's bill of its day.
  | 'RECON_NOT_AT_WECHAT'
  // In both, amounts (or transaction ids) differ.
  | 'RECON_AMOUNT_DIFF';

/** BALANCED: every line matched (or was repaired); MISMATCHED: some line needs an operator; FAILED: no bill. */
export type ReconRunStatus = 'RUNNING' | 'BALANCED' | 'MISMATCHED' | 'FAILED';

/** REPAIRED: paid at WeChat, unpaid here (掉单) — credited by this run through the one settle path. */
export type ReconItemStatus = 'MATCHED' | 'REPAIRED' | 'MISSING_HERE' | 'MISSING_AT_WECHAT' | 'AMOUNT_MISMATCH';

export interface ReconRun {
  id: number;
  /** The Asia/Shanghai day of WeChat's bill (YYYY-MM-DD). */
  billDate: string;
  status: ReconRunStatus;
  /** WeChat had no bill that day (NO_STATEMENT_EXIST): no trades. */
  noStatement: boolean;
  /** Payments in WeChat's bill (count, fen). */
  billCount: number;
  billFen: number;
  /** Our paid top-ups of that day (count, fen), after any repairs. */
  ourCount: number;
  ourFen: number;
  matchedCount: number;
  repairedCount: number;
  mismatchCount: number;
  /** Refund lines in the bill (count, fen), and our principal refunds WeChat accepted that day. */
  billRefundCount: number;
  billRefundFen: number;
  ourRefundCount: number;
  ourRefundFen: number;
  /** Why the run failed (zh-CN), when FAILED. */
  error: string | null;
  triggeredBy: 'JOB' | 'OPERATOR';
  startedAt: IsoTime;
  finishedAt: IsoTime | null;
}

/** A payment (top-up) line or a principal refund line. */
export type ReconItemKind = 'PAYMENT' | 'REFUND';

export interface ReconItem {
  id: number;
  kind: ReconItemKind;
  status: ReconItemStatus;
  outTradeNo: string;
  /** The refund's out_refund_no (REFUND lines). */
  outRefundNo: string | null;
  transactionId: string | null;
  /** WeChat's amount and ours (fen), when each side has the line. */
  billFen: number | null;
  ourFen: number | null;
  /** The bill's trade time, when in the bill. */
  tradeTime: IsoTime | null;
  note: string | null;
}

export interface ReconRunQuery extends PageQuery {
  status?: ReconRunStatus;
}

export interface ReconItemQuery extends PageQuery {
  status?: ReconItemStatus;
  outTradeNo?: string;
}

export interface ReconRunDetail {
  run: ReconRun;
  items: Page<ReconItem>;
}

/** POST /api/v1/admin/wallet/reconciliations: reconcile one day again (within WeChat's 3 months). */
export interface ReconRunRequest {
  billDate: string;
}

export type LiabilityGroupBy = 'total' | 'store' | 'member';

export interface LiabilityQuery {
  /** Period start and end (Asia/Shanghai days, inclusive); from defaults to the first day of asOf's month. */
  asOf: string;
  from?: string;
  groupBy?: LiabilityGroupBy;
  format?: 'csv';
}

/** An amount split into paid principal and promotional bonus (fen). */
export interface PrincipalBonus {
  principalFen: number;
  bonusFen: number;
  totalFen: number;
}

/** One statement: what members held at the start, every movement of the period, what they hold at the end. */
export interface LiabilityFigures {
  opening: PrincipalBonus;
  /** Principal paid in through WeChat Pay (CASH_RECEIVED legs). */
  topups: PrincipalBonus;
  /** Bonus granted with top-ups (BONUS_GRANTED legs). */
  bonusGranted: PrincipalBonus;
  /** Spent at the counter (positive), by the lots drawn. */
  spent: PrincipalBonus;
  /** Spend given back by sale refunds (positive). */
  spendReturned: PrincipalBonus;
  /** Principal paid back to members (REFUNDED legs, positive). */
  refunded: PrincipalBonus;
  /** Bonus forfeited with refunds (FORFEITED legs, positive). */
  forfeited: PrincipalBonus;
  /** Anything else (signed): corrections, expiries. */
  adjustments: PrincipalBonus;
  closing: PrincipalBonus;
}

export interface LiabilityRow extends LiabilityFigures {
  /**
   * A store id ('online' for none) or a member id. Store rows show the period's movements only (balances
   * are per member); top-ups and refunds carry no store: the 线上充值 row.
   */
  key: string;
  label: string;
  storeId?: number | null;
  memberNo?: string;
}

export type BonusRecognition = 'DISCOUNT_ON_SPEND' | 'EXPENSE_AT_GRANT';

export interface LiabilityReport {
  from: string;
  asOf: string;
  groupBy: LiabilityGroupBy;
  total: LiabilityFigures;
  rows: LiabilityRow[];
  /** closing total three ways: the movements, −Σ WALLET system legs, Σ member balances as of asOf. */
  tieOut: { closingFen: number; systemAccountsFen: number; memberBalancesFen: number; matches: boolean };
  /** wallet.bonusRecognition and the bonus expense of the period it gives (fen). */
  bonusRecognition: BonusRecognition;
  bonusExpenseFen: number;
  /** wallet.custodyPercent × the closing balance at the end of the quarter before asOf's quarter. */
  custody: { percent: number; quarterEnd: string; quarterEndBalanceFen: number; requiredFen: number };
  /** Closing balance at the end of each day of the period (for the chart; at most 400 days). */
  daily: { date: string; closingFen: number }[];
}
