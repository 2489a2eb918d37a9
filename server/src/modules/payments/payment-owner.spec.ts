import { payMismatch, reportedDetail } from '../../wechat-pay/pay-report';
import type { PayTransaction } from '../../wechat-pay/wechat-pay.gateway';
import { parseRefundNo, payJobOf, refundKindOf, refundNoOf, shippingKindOf } from './payment-owner';

describe('refund numbers', () => {
  it('are out_trade_no + R for the first attempt and + R2, R3 … after each 重新退款', () => {
    expect(refundNoOf('M20261201123', 1)).toBe('M20261201123R');
    expect(refundNoOf('M20261201123', 2)).toBe('M20261201123R2');
    expect(refundNoOf('E2026120100001', 12)).toBe('E2026120100001R12');
  });

  it('read back into the order and the attempt, and nothing else does', () => {
    expect(parseRefundNo('M20261201123R')).toEqual({ outTradeNo: 'M20261201123', attempt: 1 });
    expect(parseRefundNo('E2026120100001R3')).toEqual({ outTradeNo: 'E2026120100001', attempt: 3 });
    // Never written by us: no R, a first attempt spelt R1, a leading zero, a bare R.
    for (const other of ['M20261201123', 'M20261201123R1', 'M20261201123R02', 'R', 'T123-R-x'])
      expect(parseRefundNo(other)).toBeNull();
  });

  it("name the owner's job and outbox kinds as before the shared module (rows queued then still run)", () => {
    expect([payJobOf({ label: 'mall' }), refundKindOf({ label: 'mall' }), shippingKindOf({ label: 'mall' })]).toEqual([
      'mall-pay-sync',
      'mall.refund',
      'mall.shipping-upload',
    ]);
    expect([
      payJobOf({ label: 'event' }),
      refundKindOf({ label: 'event' }),
      shippingKindOf({ label: 'event' }),
    ]).toEqual(['event-pay-sync', 'event.refund', 'event.shipping-upload']);
  });
});

describe('payment reports', () => {
  const t: PayTransaction = {
    appid: 'wxapp',
    mchid: '1900000109',
    outTradeNo: 'M1',
    transactionId: '4200000001',
    tradeState: 'SUCCESS',
    totalFen: 990,
    payerTotalFen: 990,
    successTime: new Date('2026-12-01T02:00:00Z'),
    openid: 'o-payer',
    attach: null,
  };
  const ours = { mchId: '1900000109', appId: 'wxapp', amountFen: 990 };

  it('are settled only for our merchant, our app and the amount asked, checked in that order', () => {
    expect(payMismatch(t, ours)).toBeNull();
    expect(payMismatch({ ...t, mchid: 'x', appid: 'y', totalFen: 1 }, ours)).toBe('MCHID_MISMATCH');
    expect(payMismatch({ ...t, appid: 'y', totalFen: 1 }, ours)).toBe('APPID_MISMATCH');
    expect(payMismatch({ ...t, totalFen: 1 }, ours)).toBe('AMOUNT_MISMATCH');
  });

  it("keep what WeChat reported for an anomaly, never the payer's openid", () => {
    const detail = reportedDetail(t);
    expect(detail).toEqual({
      appid: 'wxapp',
      mchid: '1900000109',
      tradeState: 'SUCCESS',
      totalFen: 990,
      payerTotalFen: 990,
      successTime: '2026-12-01T02:00:00.000Z',
    });
    expect(JSON.stringify(detail)).not.toContain('o-payer');
  });
});
