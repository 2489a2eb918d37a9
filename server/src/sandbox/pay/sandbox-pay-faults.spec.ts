import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { startNotifySink, until, type NotifySink } from '../../../../test/fixtures/wechat-pay-fixtures';
import { NotificationVerifier, PayNotificationRejected } from '../../wechat-pay/notification-verifier';
import { startSandboxPayTestApp, type SandboxPayTestApp } from './testing/sandbox-pay-test-app';

describe('WeChat Pay sandbox faults', () => {
  let sandbox: SandboxPayTestApp;
  let receiver: NotifySink;
  let notifyUrl: string;
  let verifier: NotificationVerifier;
  let seq = 0;

  beforeAll(async () => {
    sandbox = await startSandboxPayTestApp();
    receiver = await startNotifySink();
    notifyUrl = receiver.url;
    verifier = NotificationVerifier.withKeys(
      new Map([
        [sandbox.config.wechatPay.publicKeyId, createPublicKey(readFileSync(sandbox.keys.files.platformPublic))],
      ]),
      sandbox.config.wechatPay.apiV3Key,
      sandbox.clock,
    );
  });
  afterAll(async () => {
    await receiver.close();
    await sandbox.close();
  });

  const prepay = (no: string) =>
    sandbox.wire('POST', '/v3/pay/transactions/jsapi', {
      appid: sandbox.config.wechat.appId,
      mchid: sandbox.config.wechatPay.mchId,
      description: '储值',
      out_trade_no: no,
      notify_url: notifyUrl,
      amount: { total: 100 },
      payer: { openid: 'oFaultPayer00001' },
    });
  const fault = (body: Record<string, unknown>) => sandbox.control('POST', '/sandbox/pay/faults', body);

  it('SYSTEM_ERROR and FREQUENCY_LIMITED fail the next calls only', async () => {
    expect((await fault({ next: 'FREQUENCY_LIMITED', count: 2 })).status).toBe(200);
    for (let i = 0; i < 2; i++) {
      const limited = await prepay(`TF${++seq}00000`);
      expect([limited.status, limited.body]).toEqual([429, { code: 'FREQUENCY_LIMITED', message: '频率超限' }]);
    }
    expect((await prepay(`TF${++seq}00000`)).status).toBe(200);
    await fault({ next: 'SYSTEM_ERROR' });
    expect((await prepay(`TF${++seq}00000`)).status).toBe(500);
  });

  it('TIMEOUT does the work but answers late (the lost answer a retry must survive)', async () => {
    await fault({ next: 'TIMEOUT', delayMs: 300 });
    const no = `TF${++seq}00000`;
    const started = Date.now();
    const slow = await prepay(no);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(slow.status).toBe(200);
    expect((await sandbox.control('GET', `/sandbox/pay/transactions/${no}`)).body.tradeState).toBe('NOTPAY');
  });

  it.each(['BAD_SIGNATURE', 'SIGNTEST', 'STALE_TIMESTAMP', 'UNKNOWN_SERIAL'])(
    '%s on notifications is refused by our verifier; the next one verifies again',
    async (kind) => {
      await fault({ next: kind, on: 'notify' });
      const no = `TF${++seq}00000`;
      await prepay(no);
      // An API answer in between is not spoilt: the fault waits for a notification.
      const query = await sandbox.wire(
        'GET',
        `/v3/pay/transactions/out-trade-no/${no}?mchid=${sandbox.config.wechatPay.mchId}`,
      );
      expect(query.headers.get('wechatpay-serial')).toBe(sandbox.config.wechatPay.publicKeyId);
      const before = receiver.received.length;
      await sandbox.control('POST', `/sandbox/pay/transactions/${no}/pay`, {});
      const spoilt = await until(() => receiver.received[before], 'the spoilt notification');
      expect(() => verifier.verify(spoilt.headers, spoilt.body)).toThrow(PayNotificationRejected);

      const next = `TF${++seq}00000`;
      await prepay(next);
      await sandbox.control('POST', `/sandbox/pay/transactions/${next}/pay`, {});
      const good = await until(() => receiver.received[before + 1], 'the next notification');
      expect(verifier.verify(good.headers, good.body).eventType).toBe('TRANSACTION.SUCCESS');
    },
  );
});
