import { isApiError } from '../services/api-error';
import { generateRefundNo } from './receipt-no';

// A refund submission whose outcome is not known yet. Re-submitting the same refund (same receipt, same
// amount) sends the same refundNo, so the server answers the first refund instead of refunding twice.

export interface RefundAttempt {
  receiptNo: string;
  amountFen: number;
  refundNo: string;
}

/** The attempt to send now: the pending one when this is a retry of it, otherwise a new refund no. */
export function refundAttemptFor(
  pending: RefundAttempt | null,
  receiptNo: string,
  amountFen: number,
  newRefundNo: () => string = generateRefundNo,
): RefundAttempt {
  if (pending && pending.receiptNo === receiptNo && pending.amountFen === amountFen) return pending;
  return { receiptNo, amountFen, refundNo: newRefundNo() };
}

/**
 * Whether a failed submission may still have been recorded: no HTTP answer (network) or a server error.
 * A 4xx answer means the refund was refused, so the next submission is a fresh one.
 */
export function outcomeUnknown(e: unknown): boolean {
  return !isApiError(e) || e.status === 0 || e.status >= 500;
}
