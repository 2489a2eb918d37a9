import { execFileSync } from 'node:child_process';
import { createCipheriv, createSign, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Clock } from '../common/clock';
import { loadPlatformKeys, NotificationVerifier, PayNotificationRejected } from './notification-verifier';

// Platform-certificate mode (merchants from before WeChat Pay's public keys): the notification names the
// certificate's serial in Wechatpay-Serial. During WeChat's migration both a PUB_KEY_ID_ key and certificates
// may be configured; each notification is verified with the one it names. A throwaway certificate is made
// with openssl for the run.
const SERIAL = '5157F09EFDC096DE15EBE81A47057A7232F2E4F5';
const API_V3_KEY = 'a'.repeat(16) + 'B'.repeat(16);

function certificate(dir: string, name: string, serial: string): { cert: string; key: string } {
  const key = join(dir, `${name}-key.pem`);
  const cert = join(dir, `${name}-cert.pem`);
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '2',
      '-subj',
      '/CN=Tenpay',
    ],
    { stdio: 'ignore' },
  );
  // Re-issued with the serial WeChat would print (req -x509 picks a random one).
  execFileSync(
    'openssl',
    ['x509', '-in', cert, '-key', key, '-set_serial', `0x${serial}`, '-days', '2', '-out', cert],
    {
      stdio: 'ignore',
    },
  );
  return { cert, key: readFileSync(key, 'utf8') };
}

function notification(privateKey: string, serial: string, now: number) {
  const nonce = randomBytes(6).toString('hex');
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(API_V3_KEY), Buffer.from(nonce));
  cipher.setAAD(Buffer.from('transaction'));
  const plain = JSON.stringify({ out_trade_no: 'T1', trade_state: 'SUCCESS' });
  const ciphertext = Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]).toString('base64');
  const body = JSON.stringify({
    id: 'EV-1',
    event_type: 'TRANSACTION.SUCCESS',
    resource: {
      original_type: 'transaction',
      algorithm: 'AEAD_AES_256_GCM',
      ciphertext,
      associated_data: 'transaction',
      nonce,
    },
  });
  const ts = String(now);
  const headerNonce = randomBytes(16).toString('hex');
  const signature = createSign('RSA-SHA256').update(`${ts}\n${headerNonce}\n${body}\n`).sign(privateKey, 'base64');
  return {
    headers: {
      'wechatpay-timestamp': ts,
      'wechatpay-nonce': headerNonce,
      'wechatpay-serial': serial,
      'wechatpay-signature': signature,
    },
    body: Buffer.from(body),
  };
}

describe('platform-certificate mode', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wxpay-cert-'));
  const platform = certificate(dir, 'platform', SERIAL);
  const other = certificate(dir, 'other', '1A2B3C4D5E6F708192A3B4C5D6E7F80912A3B4C5');
  const clock = new Clock();
  const now = Math.floor(clock.now().getTime() / 1000);

  it('keys certificates by their serial, next to the public key, and verifies each notification with the one it names', () => {
    const pubFile = join(dir, 'pub.pem');
    writeFileSync(pubFile, execFileSync('openssl', ['x509', '-in', other.cert, '-pubkey', '-noout']));
    const keys = loadPlatformKeys({
      publicKeyFile: pubFile,
      publicKeyId: 'PUB_KEY_ID_0114232134912410000000000000',
      platformCertFiles: ` ${platform.cert} `,
    } as Parameters<typeof loadPlatformKeys>[0]);
    expect([...keys.keys()].sort()).toEqual([SERIAL, 'PUB_KEY_ID_0114232134912410000000000000']);
    const verifier = NotificationVerifier.withKeys(keys, API_V3_KEY, clock);

    const byCert = notification(platform.key, SERIAL, now);
    expect(verifier.verify(byCert.headers, byCert.body).resource).toEqual({
      out_trade_no: 'T1',
      trade_state: 'SUCCESS',
    });
    // A serial WeChat prints in lower case still finds its certificate.
    const lower = notification(platform.key, SERIAL.toLowerCase(), now);
    expect(verifier.verify(lower.headers, lower.body).eventType).toBe('TRANSACTION.SUCCESS');
    const byPublicKey = notification(other.key, 'PUB_KEY_ID_0114232134912410000000000000', now);
    expect(verifier.verify(byPublicKey.headers, byPublicKey.body).id).toBe('EV-1');
    // Signed by the other key but naming the certificate: refused.
    const crossed = notification(other.key, SERIAL, now);
    expect(() => verifier.verify(crossed.headers, crossed.body)).toThrow(PayNotificationRejected);
  });
});
