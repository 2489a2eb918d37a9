import { WechatPayError } from '../../wechat-pay/wechat-pay.gateway';
import { refundableOf, refusedByWechat } from './wallet-refunds.service';

// What WeChat can still refund of an order, and which of its errors mean "no refund was made" (closed
// here, the money goes back) versus "ask again with the same out_refund_no".
describe('wallet refund rules', () => {
  const now = new Date('2026-12-01T00:00:00Z');
  const order = (over: Partial<Parameters<typeof refundableOf>[0]> = {}) => ({
    id: 1,
    outTradeNo: 'T1',
    transactionId: '4200',
    payFen: 10_000,
    refundedFen: 2_500,
    paidAt: new Date(now.getTime() - 30 * 86_400_000),
    refundCount: 3,
    ...over,
  });

  it('refunds what is left of an order within a year of payment and under 50 refunds', () => {
    expect(refundableOf(order(), now)).toBe(7_500);
    expect(refundableOf(order({ paidAt: new Date(now.getTime() - 365 * 86_400_000 + 1) }), now)).toBe(7_500);
    expect(refundableOf(order({ paidAt: new Date(now.getTime() - 365 * 86_400_000) }), now)).toBe(0);
    expect(refundableOf(order({ refundCount: 49 }), now)).toBe(7_500);
    expect(refundableOf(order({ refundCount: 50 }), now)).toBe(0);
    expect(refundableOf(order({ refundedFen: 10_000 }), now)).toBe(0);
  });

  it('treats business refusals as final and everything uncertain as worth asking again', () => {
    const e = (code: string, status: number | null) => new WechatPayError(code, '', status);
    expect(refusedByWechat(e('INVALID_REQUEST', 400))).toBe(true);
    expect(refusedByWechat(e('RULE_LIMIT', 403))).toBe(true);
    expect(refusedByWechat(e('RESOURCE_NOT_EXISTS', 404))).toBe(true);
    // Unknown outcome or a passing condition: the same out_refund_no is asked again later.
    expect(refusedByWechat(e('NETWORK', null))).toBe(false);
    expect(refusedByWechat(e('SYSTEM_ERROR', 500))).toBe(false);
    expect(refusedByWechat(e('FREQUENCY_LIMITED', 429))).toBe(false);
    expect(refusedByWechat(e('SIGN_ERROR', 200))).toBe(false);
    expect(refusedByWechat(e('SIGN_ERROR', 401))).toBe(false);
    expect(refusedByWechat(e('NOT_ENOUGH', 403))).toBe(false);
  });
});
