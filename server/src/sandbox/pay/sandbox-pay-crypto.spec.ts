import { createPublicKey, createVerify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { startNotifySink, until, type NotifySink } from '../../../../test/fixtures/wechat-pay-fixtures';
import { NotificationVerifier, refundOf, transactionOf } from '../../wechat-pay/notification-verifier';
import { startSandboxPayTestApp, type SandboxPayTestApp, type WireAnswer } from './testing/sandbox-pay-test-app';

// Round trips through our own verifier (written independently of this simulator): what the sandbox signs
// and encrypts must be exactly what the product accepts.
describe('WeChat Pay sandbox crypto', () => {
  let sandbox: SandboxPayTestApp;
  let receiver: NotifySink;
  let verifier: NotificationVerifier;

  beforeAll(async () => {
    sandbox = await startSandboxPayTestApp();
    receiver = await startNotifySink();
    const platformKey = createPublicKey(readFileSync(sandbox.keys.files.platformPublic));
    verifier = NotificationVerifier.withKeys(
      new Map([[sandbox.config.wechatPay.publicKeyId, platformKey]]),
      sandbox.config.wechatPay.apiV3Key,
      sandbox.clock,
    );
  });
  afterAll(async () => {
    await sandbox.close();
    await receiver.close();
  });

  function verifyAnswer(answer: WireAnswer): boolean {
    const h = (name: string) => answer.headers.get(name) ?? '';
    expect(h('Wechatpay-Serial')).toBe(sandbox.config.wechatPay.publicKeyId);
    const message = Buffer.concat([
      Buffer.from(`${h('Wechatpay-Timestamp')}\n${h('Wechatpay-Nonce')}\n`),
      answer.raw,
      Buffer.from('\n'),
    ]);
    return createVerify('RSA-SHA256')
      .update(message)
      .verify(readFileSync(sandbox.keys.files.platformPublic), h('Wechatpay-Signature'), 'base64');
  }

  const prepayBody = (outTradeNo: string, total = 1000) => ({
    appid: sandbox.config.wechat.appId,
    mchid: sandbox.config.wechatPay.mchId,
    description: '储值 10 元',
    out_trade_no: outTradeNo,
    notify_url: receiver.url,
    amount: { total, currency: 'CNY' },
    payer: { openid: 'oSandboxPayer0001' },
  });

  it('signs answers (200 and 204) over the exact bytes with the platform key', async () => {
    const prepay = await sandbox.wire('POST', '/v3/pay/transactions/jsapi', prepayBody('T2026120100001'));
    expect(prepay.status).toBe(200);
    expect(prepay.body.prepay_id).toMatch(/^wx\d{14}[0-9a-f]{20}$/);
    expect(verifyAnswer(prepay)).toBe(true);
    const closed = await sandbox.wire('POST', '/v3/pay/transactions/out-trade-no/T2026120100001/close', {
      mchid: sandbox.config.wechatPay.mchId,
    });
    expect(closed.status).toBe(204);
    expect(closed.raw.length).toBe(0);
    expect(verifyAnswer(closed)).toBe(true);
  });

  it('refuses a request whose signature does not match the body', async () => {
    const path = '/v3/pay/transactions/jsapi';
    const auth = sandbox.authorization('POST', path, JSON.stringify(prepayBody('T2026120100002', 1)));
    const answer = await sandbox.wire('POST', path, prepayBody('T2026120100002', 100), auth);
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({ code: 'SIGN_ERROR', message: '错误的签名,验签失败' });
  });

  it('payment and refund notifications verify and decrypt with NotificationVerifier', async () => {
    const no = 'T2026120100003';
    expect((await sandbox.wire('POST', '/v3/pay/transactions/jsapi', prepayBody(no))).status).toBe(200);
    const paid = await sandbox.control('POST', `/sandbox/pay/transactions/${no}/pay`, {});
    expect(paid.status).toBe(200);
    const first = await until(() => receiver.received[0], 'the first notification');
    expect(first.headers['wechatpay-signature-type']).toBe('WECHATPAY2-SHA256-RSA2048');
    const notification = verifier.verify(first.headers, first.body);
    expect(notification).toMatchObject({
      eventType: 'TRANSACTION.SUCCESS',
      summary: '支付成功',
      originalType: 'transaction',
    });
    expect(notification.id).toMatch(/^EV-\d+$/);
    expect(JSON.parse(first.body.toString()).resource).toMatchObject({
      algorithm: 'AEAD_AES_256_GCM',
      associated_data: 'transaction',
      nonce: expect.stringMatching(/^[0-9A-Za-z]{12}$/),
    });
    const transaction = transactionOf(notification.resource);
    expect(transaction).toMatchObject({ outTradeNo: no, tradeState: 'SUCCESS', totalFen: 1000, payerTotalFen: 1000 });
    expect(transaction?.transactionId).toMatch(/^42\d{26}$/);

    const refund = await sandbox.wire('POST', '/v3/refund/domestic/refunds', {
      out_trade_no: no,
      out_refund_no: 'R2026120100003',
      notify_url: receiver.url,
      amount: { refund: 300, total: 1000, currency: 'CNY' },
    });
    expect(refund.status).toBe(200);
    expect(refund.body).toMatchObject({ status: 'PROCESSING', amount: { refund: 300, total: 1000 } });
    expect(
      (await sandbox.control('POST', '/sandbox/pay/refunds/R2026120100003/settle', { status: 'SUCCESS' })).status,
    ).toBe(200);
    const second = await until(() => receiver.received[1], 'the second notification');
    const refunded = verifier.verify(second.headers, second.body);
    expect(refunded).toMatchObject({ eventType: 'REFUND.SUCCESS', summary: '退款成功', originalType: 'refund' });
    expect(refundOf(refunded.resource)).toMatchObject({
      outRefundNo: 'R2026120100003',
      status: 'SUCCESS',
      refundFen: 300,
    });
  });
});
