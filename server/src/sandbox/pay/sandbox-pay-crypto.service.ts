import {
  createCipheriv,
  createPrivateKey,
  createPublicKey,
  createSign,
  createVerify,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Injectable } from '@nestjs/common';
import { Clock } from '../../common/clock';
import { AppConfig } from '../../config/app-config';
import { ensureSandboxPayKeys } from '../../config/sandbox-pay-keys';
import { alnum, digits, newRequestId } from './sandbox-pay-format';
import { SandboxPayError } from './sandbox-pay.error';

/** How a signed message is spoilt (fault injection); null signs it properly. */
export type SignatureFault = 'BAD_SIGNATURE' | 'SIGNTEST' | 'STALE_TIMESTAMP' | 'UNKNOWN_SERIAL';

export interface EncryptedResource {
  original_type: string;
  algorithm: 'AEAD_AES_256_GCM';
  ciphertext: string;
  associated_data: string;
  nonce: string;
}

const AUTH_SCHEME = 'WECHATPAY2-SHA256-RSA2048';
const MAX_SKEW_SECONDS = 300;
const BAD_HEADER = 'Http头Authorization值格式错误，请参考《微信支付商户REST API签名规则》';

/**
 * The sandbox's half of WeChat Pay's crypto: checks merchant request signatures with the merchant public
 * key, signs answers and notifications with the platform private key, encrypts resources with the APIv3 key.
 */
@Injectable()
export class SandboxPayCrypto {
  readonly mchid: string;
  readonly appid: string;
  readonly merchantSerial: string;
  /** Wechatpay-Serial of everything we sign (public-key mode). */
  readonly platformKeyId: string;
  private readonly apiV3Key: Buffer;
  private readonly merchantPublic: KeyObject;
  private readonly platformPrivate: KeyObject;

  constructor(
    config: AppConfig,
    private readonly clock: Clock,
  ) {
    const keys = ensureSandboxPayKeys(config.database.dataDir);
    const pay = config.wechatPay;
    this.mchid = pay.mchId;
    this.appid = config.wechat.appId;
    this.merchantSerial = (pay.merchantSerial || keys.merchantSerial).toUpperCase();
    this.platformKeyId = pay.publicKeyId || keys.platformKeyId;
    this.apiV3Key = Buffer.from(pay.apiV3Key || keys.apiV3Key, 'utf8');
    // A merchant key configured explicitly is checked with its own public half.
    this.merchantPublic =
      pay.privateKeyFile && pay.privateKeyFile !== keys.files.merchantKey
        ? createPublicKey(createPrivateKey(readFileSync(pay.privateKeyFile)))
        : createPublicKey(readFileSync(keys.files.merchantPublic));
    this.platformPrivate = createPrivateKey(readFileSync(keys.files.platformKey));
  }

  /**
   * Checks a merchant request's Authorization header over `METHOD\nURL\nTS\nNONCE\nBODY\n`; throws 401
   * SIGN_ERROR. `url` is the canonical path + query as the merchant signed it (without our mount prefix).
   */
  verifyRequest(method: string, url: string, authorization: string | undefined, rawBody: Buffer | undefined): void {
    const refuse = (issue: string, message?: string) =>
      new SandboxPayError('SIGN_ERROR', message, { issue, sign_information: { method, url } });
    if (!authorization) throw refuse('missing Authorization', BAD_HEADER);
    if (!authorization.startsWith(AUTH_SCHEME + ' ')) throw refuse('unsupported schema', BAD_HEADER);
    const fields = parseAuthorization(authorization.slice(AUTH_SCHEME.length + 1));
    const { mchid, nonce_str: nonce, timestamp, serial_no: serial, signature } = fields;
    if (!mchid || !nonce || !timestamp || !serial || !signature) {
      throw refuse('missing field', BAD_HEADER);
    }
    if (mchid !== this.mchid) throw refuse('mchid unknown', '商户号不存在或未开通API证书');
    if (serial.toUpperCase() !== this.merchantSerial)
      throw refuse('serial_no unknown', '商户证书序列号有误。请使用签名私钥匹配的证书序列号');
    if (!/^\d{10}$/.test(timestamp)) throw refuse('timestamp format', 'Http头Authorization中的timestamp格式错误');
    // The merchant signs with the wall clock while tests move the sandbox clock: either one counts.
    const ts = Number(timestamp);
    const near = (nowMs: number) => Math.abs(Math.floor(nowMs / 1000) - ts) <= MAX_SKEW_SECONDS;
    if (!near(Date.now()) && !near(this.clock.nowMs())) throw refuse('timestamp expired', '请求的时间戳已过期');
    const message = Buffer.concat([
      Buffer.from(`${method}\n${url}\n${timestamp}\n${nonce}\n`),
      rawBody ?? Buffer.alloc(0),
      Buffer.from('\n'),
    ]);
    const verifier = createVerify('RSA-SHA256');
    verifier.update(message);
    let valid = false;
    try {
      valid = verifier.verify(this.merchantPublic, signature, 'base64');
    } catch {
      valid = false;
    }
    if (!valid) {
      const detail = {
        issue: 'sign not match',
        sign_information: { method, url, truncated_sign_message: message.toString('utf8', 0, 64) },
      };
      throw new SandboxPayError('SIGN_ERROR', undefined, detail);
    }
  }

  /** Wechatpay-* headers for `body` (the exact bytes sent), optionally spoilt. */
  signedHeaders(body: Buffer, fault: SignatureFault | null = null): Record<string, string> {
    let timestamp = Math.floor(this.clock.nowMs() / 1000);
    if (fault === 'STALE_TIMESTAMP') timestamp -= 10 * 60;
    const nonce = alnum(32);
    const message = Buffer.concat([Buffer.from(`${timestamp}\n${nonce}\n`), body, Buffer.from('\n')]);
    let signature = this.sign(message);
    if (fault === 'BAD_SIGNATURE') signature = this.sign(Buffer.concat([message, Buffer.from('tampered')]));
    if (fault === 'SIGNTEST') signature = 'WECHATPAY/SIGNTEST/' + randomBytes(64).toString('base64');
    return {
      'Request-ID': newRequestId(),
      'Wechatpay-Timestamp': String(timestamp),
      'Wechatpay-Nonce': nonce,
      'Wechatpay-Serial': fault === 'UNKNOWN_SERIAL' ? `PUB_KEY_ID_${digits(32)}` : this.platformKeyId,
      'Wechatpay-Signature': signature,
    };
  }

  /** AEAD_AES_256_GCM with the APIv3 key: ciphertext = base64(ct || 16-byte tag), nonce 12 characters. */
  encrypt(plaintext: string, originalType: string, associatedData: string): EncryptedResource {
    const nonce = alnum(12);
    const cipher = createCipheriv('aes-256-gcm', this.apiV3Key, Buffer.from(nonce, 'utf8'));
    cipher.setAAD(Buffer.from(associatedData, 'utf8'));
    const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return {
      original_type: originalType,
      algorithm: 'AEAD_AES_256_GCM',
      ciphertext: ct.toString('base64'),
      associated_data: associatedData,
      nonce,
    };
  }

  private sign(message: Buffer): string {
    const signer = createSign('RSA-SHA256');
    signer.update(message);
    return signer.sign(this.platformPrivate, 'base64');
  }
}

/** `k1="v1",k2="v2"` (order and spaces after commas do not matter). */
function parseAuthorization(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const match of text.matchAll(/([a-z_]+)="([^"]*)"/g)) fields[match[1]] = match[2];
  return fields;
}
