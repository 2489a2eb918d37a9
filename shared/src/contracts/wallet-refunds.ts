import type { IsoTime, PageQuery } from './common';
import type { AdminTopup } from './wallet';

// Operator refunds of a member's unspent principal (本金) back through WeChat Pay, split across the member's
// paid top-up orders WeChat can still refund (within a year of payment, fewer than 50 refunds per order);
// principal WeChat can no longer take back is refunded off-platform (线下退款) and recorded with a reason.
// The bonus (赠送金) is forfeited in proportion (walletRefundForfeit). Amounts are integer fen.

/**
 * PROCESSING: asked of WeChat (or to be asked again), money already out of the wallet. SUCCESS: refunded.
 * CLOSED: WeChat failed it (terminal): principal and bonus went back into the lots they came from.
 * ABNORMAL: WeChat could not pay it out (e.g. the member's account is frozen): flagged for an operator,
 * who settles it off-platform; the money stays out of the wallet.
 */
export type WalletRefundStatus = 'PROCESSING' | 'SUCCESS' | 'CLOSED' | 'ABNORMAL';

export interface WalletRefundRequest {
  /** Principal to refund; omitted = all the principal this channel can refund. */
  amountFen?: number;
  /** Why (audited, shown in 退款记录). */
  reason: string;
  /** 线下退款: principal WeChat can no longer refund (paid over a year ago, or 50 refunds on its orders). */
  offPlatform?: boolean;
  /** The idempotency key: the same request id and body answer the same refunds; another body → 409. */
  requestId: string;
}

/** One refund of principal: one part per top-up order (off-platform: no order). */
export interface WalletRefund {
  outRefundNo: string;
  memberId: number;
  memberNo: string;
  memberName: string | null;
  /** The top-up order refunded through; null when off-platform. */
  outTradeNo: string | null;
  transactionId: string | null;
  /** WeChat's refund id once WeChat has accepted it. */
  refundId: string | null;
  offPlatform: boolean;
  principalFen: number;
  bonusForfeitedFen: number;
  status: WalletRefundStatus;
  reason: string;
  /** Why WeChat refused or failed it (its code and message), when it did. */
  failReason: string | null;
  operatorName: string | null;
  createdAt: IsoTime;
  successAt: IsoTime | null;
  closedAt: IsoTime | null;
}

/** What POST …/refunds answers: the parts (one per order) and their totals. */
export interface WalletRefundResult {
  principalFen: number;
  bonusForfeitedFen: number;
  refunds: WalletRefund[];
}

/** A paid top-up order as the member wallet page shows it: what WeChat can still refund of it. */
export interface AdminWalletOrder extends AdminTopup {
  /** pay − refunded when WeChat still takes refunds on it, else 0. */
  refundableFen: number;
  /** Refunds asked of WeChat on this order (WeChat allows 50). */
  refundCount: number;
  /** The last moment WeChat accepts a refund of it (paid + 1 year). */
  refundableUntil: IsoTime | null;
}

/** GET /admin/wallet/members/:memberId — one member's stored value for the console's refund drawer. */
export interface AdminMemberWallet {
  memberId: number;
  memberNo: string;
  memberName: string | null;
  balanceFen: number;
  principalFen: number;
  bonusFen: number;
  /** Of the principal: what WeChat can refund now, and the rest (off-platform only). */
  wechatRefundableFen: number;
  offPlatformRefundableFen: number;
  /** Paid top-ups, newest first. */
  orders: AdminWalletOrder[];
  /** Refunds, newest first. */
  refunds: WalletRefund[];
}

export interface AdminWalletRefundQuery extends PageQuery {
  status?: WalletRefundStatus;
  memberNo?: string;
  /** Asked on or after / before these Asia/Shanghai dates (YYYY-MM-DD). */
  from?: string;
  to?: string;
}
