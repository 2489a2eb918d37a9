import { ApiError, networkError } from '../services/api-error';
import { outcomeUnknown, refundAttemptFor } from './refund-attempt';
import { REFUND_NO_PATTERN } from './receipt-no';

describe('refundAttemptFor', () => {
  let n = 0;
  const next = () => `F${++n}`;

  it('starts a new refund when nothing is pending', () => {
    const a = refundAttemptFor(null, 'R1', 500, next);
    expect(a).toEqual({ receiptNo: 'R1', amountFen: 500, refundNo: a.refundNo });
    expect(a.refundNo).toMatch(/^F\d+$/);
  });

  it('reuses the refund no. when the same refund is sent again', () => {
    const first = refundAttemptFor(null, 'R1', 500, next);
    expect(refundAttemptFor(first, 'R1', 500, next)).toBe(first);
  });

  it('treats a different receipt or amount as a new refund', () => {
    const first = refundAttemptFor(null, 'R1', 500, next);
    expect(refundAttemptFor(first, 'R1', 501, next).refundNo).not.toBe(first.refundNo);
    expect(refundAttemptFor(first, 'R2', 500, next).refundNo).not.toBe(first.refundNo);
  });

  it('generates refund numbers the server accepts by default', () => {
    expect(refundAttemptFor(null, 'R1', 1).refundNo).toMatch(REFUND_NO_PATTERN);
  });
});

describe('outcomeUnknown', () => {
  it('is unknown without an HTTP answer or on a server error', () => {
    expect(outcomeUnknown(networkError('timeout'))).toBe(true);
    expect(outcomeUnknown(new ApiError('INTERNAL_ERROR', '服务异常', 500))).toBe(true);
    expect(outcomeUnknown(new Error('boom'))).toBe(true);
  });

  it('is known when the server refused the refund', () => {
    expect(outcomeUnknown(new ApiError('REFUND_EXCEEDS_PURCHASE', '退款金额超过该笔消费可退金额', 409))).toBe(false);
    expect(outcomeUnknown(new ApiError('PURCHASE_NOT_FOUND', '本店没有这张小票的消费记录', 404))).toBe(false);
  });
});
