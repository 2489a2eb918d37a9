import { parseTradeBill, TradeBillFormatError, yuanToFen } from './wechat-trade-bill';

// A bill laid out as WeChat documents it (bill_type=ALL): header, backtick-prefixed detail rows, summary.
const HEADER =
  '交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,' +
  '应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,' +
  '手续费,费率,订单金额,申请退款金额,费率备注';
const row = (fields: string[]) => fields.map((f) => '`' + f).join(',');
const pay = (time: string, tx: string, no: string, yuan: string) =>
  row([
    time,
    'wxapp',
    '1900000001',
    '0',
    '',
    tx,
    no,
    'oOpenid',
    'JSAPI',
    'SUCCESS',
    'OTHERS',
    'CNY',
    yuan,
    '0.00',
    '0',
    '0',
    '0.00',
    '0.00',
    '',
    '',
    '储值充值',
    '',
    '0.00600',
    '0.60%',
    yuan,
    '0.00',
    '',
  ]);
const refund = (time: string, tx: string, no: string, rno: string, yuan: string) =>
  row([
    time,
    'wxapp',
    '1900000001',
    '0',
    '',
    tx,
    no,
    'oOpenid',
    'JSAPI',
    'REFUND',
    'OTHERS',
    'CNY',
    '0.00',
    '0.00',
    '5000',
    rno,
    yuan,
    '0.00',
    'ORIGINAL',
    'SUCCESS',
    '储值充值',
    '',
    '0.00000',
    '0.60%',
    '0.00',
    yuan,
    '',
  ]);
const SUMMARY = '总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额';

describe('parseTradeBill', () => {
  it('reads payments and refunds with amounts in integer fen', () => {
    const text = [
      HEADER,
      pay('2026-11-30 09:15:02', '4200000001', 'T20261130001', '100.00'),
      pay('2026-11-30 10:00:00', '4200000002', 'T20261130002', '0.10'),
      refund('2026-11-30 11:00:00', '4200000001', 'T20261130001', 'R1', '30.05'),
      SUMMARY,
      row(['3', '100.10', '30.05', '0.00', '0.60600', '100.10', '30.05']),
      '',
    ].join('\r\n');
    const bill = parseTradeBill(text);
    expect(bill.payments.map((p) => [p.outTradeNo, p.transactionId, p.orderFen])).toEqual([
      ['T20261130001', '4200000001', 10000],
      ['T20261130002', '4200000002', 10],
    ]);
    expect(bill.payments[0].tradeTime.toISOString()).toBe('2026-11-30T01:15:02.000Z');
    expect(bill.refunds).toEqual([
      { outTradeNo: 'T20261130001', outRefundNo: 'R1', refundFen: 3005, status: 'SUCCESS' },
    ]);
    expect([bill.summaryCount, bill.summaryOrderFen]).toEqual([3, 10010]);
  });

  it('converts yuan by string, exact where floats are not', () => {
    expect(yuanToFen('0.29')).toBe(29); // 0.29 * 100 = 28.999999999999996 in floats
    expect(yuanToFen('1005.1')).toBe(100510);
    expect(yuanToFen('-3.07')).toBe(-307);
    expect(() => yuanToFen('1,000.00')).toThrow(TradeBillFormatError);
    expect(() => yuanToFen('1.005')).toThrow(TradeBillFormatError);
  });

  it('refuses a bill whose details do not add up to its summary', () => {
    const text = [
      HEADER,
      pay('2026-11-30 09:15:02', '42', 'T1', '100.00'),
      SUMMARY,
      row(['1', '100.00', '0.00', '0.00', '0.6', '99.00', '0.00']),
    ];
    expect(() => parseTradeBill(text.join('\r\n'))).toThrow('明细金额与汇总的订单总金额不符');
    const counted = [
      HEADER,
      pay('2026-11-30 09:15:02', '42', 'T1', '100.00'),
      SUMMARY,
      row(['2', '100.00', '0.00', '0.00', '0.6', '100.00', '0.00']),
    ];
    expect(() => parseTradeBill(counted.join('\r\n'))).toThrow('明细行数与汇总的总交易单数不符');
    expect(() => parseTradeBill(HEADER)).toThrow('账单缺少汇总行');
  });
});
