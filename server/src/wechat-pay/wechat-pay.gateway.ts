import type { PayParams } from '@member/shared';

// Our own face of WeChat Pay API v3: the product calls only this, never wechatpay-node-v3 directly, so the
// library (whose notification handling is not trusted, see notification-verifier.ts) stays replaceable.
// Amounts are integer fen; times are Dates. Failures throw WechatPayError.

/** JSAPI trade states (micropay-only states are listed so an unexpected one is still typed). */
export type TradeState = 'SUCCESS' | 'REFUND' | 'NOTPAY' | 'CLOSED' | 'REVOKED' | 'USERPAYING' | 'PAYERROR';

export interface PrepayInput {
  outTradeNo: string;
  /** ≤ 127 characters, shown on the member's WeChat bill. */
  description: string;
  amountFen: number;
  openid: string;
  /** The order cannot be paid after this (WeChat clamps to [+1 min, +90 d]). */
  timeExpire: Date;
  attach?: string;
}

export interface Prepay {
  prepayId: string;
  /** `wx.requestPayment` parameters, signed with the merchant key. */
  payParams: PayParams;
}

/** A transaction as WeChat reports it (query answer or decrypted notification resource). */
export interface PayTransaction {
  appid: string;
  mchid: string;
  outTradeNo: string;
  transactionId: string | null;
  tradeState: TradeState;
  /** amount.total: what the order was for (fen). */
  totalFen: number;
  /** amount.payer_total: what the payer paid (fen), when paid. */
  payerTotalFen: number | null;
  successTime: Date | null;
  openid: string | null;
  attach: string | null;
}

export type RefundStatus = 'SUCCESS' | 'CLOSED' | 'PROCESSING' | 'ABNORMAL';

export interface RefundInput {
  outTradeNo: string;
  /** Our idempotency key for this refund: a retry must reuse it. */
  outRefundNo: string;
  refundFen: number;
  /** The original order's total (fen). */
  totalFen: number;
  reason?: string;
}

export interface PayRefund {
  refundId: string;
  outRefundNo: string;
  outTradeNo: string;
  transactionId: string;
  status: RefundStatus;
  refundFen: number;
  totalFen: number;
  successTime: Date | null;
  createTime: Date;
}

/** WeChat Pay answered an error (`code` is WeChat's, e.g. ORDERPAID), or could not be reached (NETWORK). */
export class WechatPayError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** HTTP status, or null when WeChat Pay could not be reached. */
    readonly status: number | null,
  ) {
    super(`${code}: ${message}`);
    this.name = 'WechatPayError';
  }

  /** Worth retrying with the same parameters later (WeChat's SYSTEM_ERROR, 429, network). */
  get retryable(): boolean {
    return this.status === null || this.status >= 500 || this.status === 429 || this.code === 'SYSTEM_ERROR';
  }
}

/**
 * The outbound half of WeChat Pay. Implemented over wechatpay-node-v3 (wechatpay-node.gateway.ts),
 * pointed at `wechatPay.apiBaseUrl` — the real API or the sandbox: switching is configuration only.
 */
export abstract class WechatPayGateway {
  /** JSAPI prepay. The same parameters again answer the same order; different ones → OUT_TRADE_NO_USED. */
  abstract prepay(input: PrepayInput): Promise<Prepay>;
  /** The order as WeChat knows it; null when WeChat has none (ORDER_NOT_EXIST). */
  abstract query(outTradeNo: string): Promise<PayTransaction | null>;
  /** Closes an unpaid order. 'PAID' when it was paid meanwhile (ORDERPAID): then it must be credited. */
  abstract close(outTradeNo: string): Promise<'CLOSED' | 'PAID'>;
  /** Requests a refund (accepted ≠ done: the result comes by notification or queryRefund). */
  abstract refund(input: RefundInput): Promise<PayRefund>;
  /** null when WeChat has no such refund. */
  abstract queryRefund(outRefundNo: string): Promise<PayRefund | null>;
  /**
   * The trade bill of one Asia/Shanghai day (YYYY-MM-DD), downloaded, gunzipped and checked against its
   * SHA1; null when WeChat has no bill for that day (NO_STATEMENT_EXIST).
   */
  abstract tradeBill(billDate: string): Promise<string | null>;
}
