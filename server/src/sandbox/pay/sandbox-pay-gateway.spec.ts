import { addBizDays } from '../../common/clock';
import { WechatPayError } from '../../wechat-pay/wechat-pay.gateway';
import { WechatPayNodeGateway } from '../../wechat-pay/wechatpay-node.gateway';
import { startSandboxPayTestApp, type SandboxPayTestApp } from './testing/sandbox-pay-test-app';

// The product's own gateway (wechatpay-node-v3 + PayHttp answer verification) against the simulator: what
// one signs the other accepts, and every answer the sandbox signs passes the gateway's checks.
describe('WeChat Pay sandbox with the product gateway', () => {
  let sandbox: SandboxPayTestApp;
  let gateway: WechatPayNodeGateway;

  beforeAll(async () => {
    sandbox = await startSandboxPayTestApp();
    gateway = new WechatPayNodeGateway(sandbox.config, sandbox.clock);
  });
  afterAll(() => sandbox.close());

  it('prepay, pay, query, refund, refund query, close and the day bill round-trip', async () => {
    const outTradeNo = `TG${Date.now()}`;
    const prepay = await gateway.prepay({
      outTradeNo,
      description: '储值 100 元',
      amountFen: 10000,
      openid: 'oGatewayPayer0001',
      timeExpire: new Date(sandbox.clock.nowMs() + 30 * 60_000),
    });
    expect(prepay.prepayId).toMatch(/^wx/);
    expect(await gateway.query(outTradeNo)).toMatchObject({ tradeState: 'NOTPAY', totalFen: 10000 });
    expect(await gateway.query(`${outTradeNo}X`)).toBeNull();

    expect((await sandbox.control('POST', `/sandbox/pay/transactions/${outTradeNo}/pay`, {})).status).toBe(200);
    const paid = await gateway.query(outTradeNo);
    expect(paid).toMatchObject({ tradeState: 'SUCCESS', payerTotalFen: 10000, openid: 'oGatewayPayer0001' });
    expect(await gateway.close(outTradeNo)).toBe('PAID');

    const refund = await gateway.refund({
      outTradeNo,
      outRefundNo: `${outTradeNo}R`,
      refundFen: 2500,
      totalFen: 10000,
    });
    expect(refund).toMatchObject({ status: 'PROCESSING', refundFen: 2500 });
    await expect(
      gateway.refund({ outTradeNo, outRefundNo: `${outTradeNo}R2`, refundFen: 7501, totalFen: 10000 }),
    ).rejects.toMatchObject({ code: 'NOT_ENOUGH' } satisfies Partial<WechatPayError>);
    expect(await gateway.queryRefund(`${outTradeNo}R`)).toMatchObject({ refundId: refund.refundId });
    expect(await gateway.queryRefund('nope')).toBeNull();

    const other = `TG${Date.now()}C`;
    await gateway.prepay({
      outTradeNo: other,
      description: '储值',
      amountFen: 100,
      openid: 'oGatewayPayer0001',
      timeExpire: new Date(sandbox.clock.nowMs() + 30 * 60_000),
    });
    expect(await gateway.close(other)).toBe('CLOSED');

    const bill = await gateway.tradeBill(sandbox.clock.today());
    expect(bill).toContain(`\`${outTradeNo}`);
    expect(await gateway.tradeBill(addBizDays(sandbox.clock.today(), -1))).toBeNull();
  });
});
