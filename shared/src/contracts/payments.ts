// Cash paid through WeChat Pay for mall orders and event fees: what the console sends and gets back when an
// operator asks for a failed refund again (重新退款).

/** POST …/refund/retry: the request id makes a repeated click (or a retried request) answer the same attempt. */
export interface PayRefundRetryRequest {
  requestId: string;
}

/** The new attempt: PROCESSING under its own out_refund_no, for the same amount, asked through WeChat Pay. */
export interface PayRefundRetryResult {
  outRefundNo: string;
  /** 2 for the first 重新退款, 3 for the next … (1 was the refund as first asked). */
  attempt: number;
  refundFen: number;
  status: 'PROCESSING';
  /** true when this is the stored answer of the same request id. */
  replayed?: boolean;
}

/** A cash refund's latest attempt, as the console's sign-up rows show it next to the fee (重新退款). */
export interface PayRefundAttempt {
  /** The attempt's out_refund_no (null: no refund). */
  outRefundNo: string | null;
  /** 1 as first asked; 2, 3 … after each 重新退款. */
  refundAttempt: number;
  /** Why WeChat closed or refused it (its code), when it did. */
  refundFailReason: string | null;
}
