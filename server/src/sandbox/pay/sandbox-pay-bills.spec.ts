import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { addBizDays } from '../../common/clock';
import { billYuan, BILL_DOWNLOAD_URL } from './sandbox-pay-bills.service';
import { startSandboxPayTestApp, type SandboxPayTestApp } from './testing/sandbox-pay-test-app';

describe('WeChat Pay sandbox trade bill', () => {
  let sandbox: SandboxPayTestApp;

  beforeAll(async () => {
    sandbox = await startSandboxPayTestApp();
    for (const [no, total] of [
      ['TB20261201000001', 1000],
      ['TB20261201000002', 50001],
    ] as const) {
      const prepay = await sandbox.wire('POST', '/v3/pay/transactions/jsapi', {
        appid: sandbox.config.wechat.appId,
        mchid: sandbox.config.wechatPay.mchId,
        description: '储值, 10 元',
        out_trade_no: no,
        // Nobody listens there: the bill does not care whether notifications were acknowledged.
        notify_url: 'http://127.0.0.1:9/notify',
        amount: { total },
        payer: { openid: 'oBillPayer000001' },
      });
      expect(prepay.status).toBe(200);
      expect((await sandbox.control('POST', `/sandbox/pay/transactions/${no}/pay`, { retryScale: 1 })).status).toBe(
        200,
      );
    }
    const refund = await sandbox.wire('POST', '/v3/refund/domestic/refunds', {
      out_trade_no: 'TB20261201000002',
      out_refund_no: 'RB1',
      amount: { refund: 1, total: 50001, currency: 'CNY' },
    });
    expect(refund.status).toBe(200);
  });
  afterAll(() => sandbox.close());

  const billPath = (query: string) => `/v3/bill/tradebill?${query}`;
  const download = (url: string) => sandbox.wire('GET', url.replace('https://api.mch.weixin.qq.com', ''));

  it('formats fen as yuan with integer arithmetic', () => {
    expect(billYuan(0)).toBe('0.00');
    expect(billYuan(5)).toBe('0.05');
    expect(billYuan(123456)).toBe('1234.56');
    expect(billYuan(-120)).toBe('-1.20');
  });

  it('serves the day as a gzipped CSV whose SHA1 (uncompressed) matches hash_value', async () => {
    const today = sandbox.clock.today();
    const bill = await sandbox.wire('GET', billPath(`bill_date=${today}&bill_type=ALL&tar_type=GZIP`));
    expect(bill.status).toBe(200);
    expect(bill.body).toMatchObject({ hash_type: 'SHA1', hash_value: expect.stringMatching(/^[0-9a-f]{40}$/) });
    expect(bill.body.download_url.startsWith(`${BILL_DOWNLOAD_URL}?token=`)).toBe(true);

    const file = await download(bill.body.download_url);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toMatch(/gzip/);
    expect(file.headers.get('wechatpay-signature')).toBeNull();
    const csv = gunzipSync(file.raw);
    expect(createHash('sha1').update(csv).digest('hex')).toBe(bill.body.hash_value);

    const lines = csv.toString('utf8').trimEnd().split('\r\n');
    expect(lines[0].split(',')).toHaveLength(27);
    expect(lines[0]).toMatch(/^交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号/);
    const details = lines.slice(1, -2);
    expect(details).toHaveLength(3);
    for (const line of details) for (const cell of line.split(',')) expect(cell.startsWith('`')).toBe(true);
    const paid = details.find((line) => line.includes('`TB20261201000002,'))?.split(',') ?? [];
    expect(paid[9]).toBe('`SUCCESS');
    expect(paid[12]).toBe('`500.01');
    expect(paid[20]).toBe('`储值  10 元'); // the comma in the description cannot stay in a CSV field
    const refund = details.find((line) => line.includes('`RB1,'))?.split(',') ?? [];
    expect(refund[9]).toBe('`REFUND');
    expect(refund[16]).toBe('`0.01');
    expect(lines.at(-2)).toBe(
      '总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额',
    );
    expect(lines.at(-1)).toBe('`3,`510.01,`0.01,`0.00,`3.06006,`510.01,`0.01');
  });

  it('serves plain text without tar_type, filters by bill_type, and the link is single-purpose and short-lived', async () => {
    const today = sandbox.clock.today();
    const bill = await sandbox.wire('GET', billPath(`bill_date=${today}&bill_type=REFUND`));
    const file = await download(bill.body.download_url);
    expect(file.headers.get('content-type')).toMatch(/^text\/plain/);
    const lines = file.raw.toString('utf8').trimEnd().split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[0].split(',')).toContain('退款申请时间');
    expect(createHash('sha1').update(file.raw).digest('hex')).toBe(bill.body.hash_value);

    sandbox.clock.advance(6 * 60);
    const stale = await download(bill.body.download_url);
    expect(stale.status).toBe(400);
    sandbox.clock.reset();
  });

  it('answers NO_STATEMENT_EXIST for a day without trades and PARAM_ERROR for a bad date', async () => {
    const yesterday = addBizDays(sandbox.clock.today(), -1);
    const none = await sandbox.wire('GET', billPath(`bill_date=${yesterday}&bill_type=ALL`));
    expect(none.status).toBe(400);
    expect(none.body.code).toBe('NO_STATEMENT_EXIST');
    const bad = await sandbox.wire('GET', billPath('bill_date=2026-02-30'));
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('PARAM_ERROR');
  });
});
