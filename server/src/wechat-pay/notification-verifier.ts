import { createDecipheriv, createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { Clock } from '../common/clock';
import type { PayRefund, PayTransaction, RefundStatus, TradeState } from './wechat-pay.gateway';
import { signatureProblem } from './wechatpay-signature';

// WeChat Pay notifications are verified here with node:crypto, never with wechatpay-node-v3: its
// decipher_gcm skips the GCM tag check and its verifySign has no timestamp window and no SIGNTEST handling.
// Order: signature over the raw bytes (key chosen by Wechatpay-Serial) → timestamp window → JSON envelope →
// AES-256-GCM with the tag checked. Only then does any business code see the content.

export interface PayNotification {
  id: string;
  eventType: string;
  createTime: string;
  summary: string;
  /** `transaction` or `refund`. */
  originalType: string;
  /** The decrypted resource, parsed. */
  resource: Record<string, unknown>;
}

/** A notification we refuse: answered 4xx `{code:"FAIL"}`, nothing changes. `reason` is for logs. */
export class PayNotificationRejected extends Error {
  constructor(
    readonly reason: string,
    readonly status: 400 | 401 = 401,
  ) {
    super(reason);
    this.name = 'PayNotificationRejected';
  }
}

type Headers = Record<string, string | string[] | undefined>;

function header(headers: Headers, name: string): string | undefined {
  const value = headers[name.toLowerCase()] ?? headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** WeChat Pay's verification keys by serial: the public key's PUB_KEY_ID_… and/or platform certificate serials. */
export function loadPlatformKeys(config: AppConfig['wechatPay']): Map<string, KeyObject> {
  const keys = new Map<string, KeyObject>();
  if (config.publicKeyFile && config.publicKeyId) {
    keys.set(config.publicKeyId, createPublicKey(readFileSync(config.publicKeyFile)));
  }
  for (const file of config.platformCertFiles.split(',').map((f) => f.trim())) {
    if (!file) continue;
    const cert = new X509Certificate(readFileSync(file));
    keys.set(cert.serialNumber.toUpperCase(), cert.publicKey);
  }
  return keys;
}

@Injectable()
export class NotificationVerifier {
  private readonly keys: Map<string, KeyObject>;
  private readonly apiV3Key: Buffer;

  constructor(
    config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.keys = loadPlatformKeys(config.wechatPay);
    this.apiV3Key = Buffer.from(config.wechatPay.apiV3Key, 'utf8');
  }

  /** For tests and key rotation: verify with exactly these keys. */
  static withKeys(keys: Map<string, KeyObject>, apiV3Key: string, clock: Clock): NotificationVerifier {
    const verifier = Object.create(NotificationVerifier.prototype) as NotificationVerifier;
    Object.assign(verifier, { keys, apiV3Key: Buffer.from(apiV3Key, 'utf8'), clock });
    return verifier;
  }

  verify(headers: Headers, rawBody: Buffer | undefined): PayNotification {
    if (!rawBody || rawBody.length === 0) throw new PayNotificationRejected('empty body', 400);
    const problem = signatureProblem(
      (name) => header(headers, name),
      rawBody,
      this.keys,
      Math.floor(this.clock.now().getTime() / 1000),
    );
    if (problem) throw new PayNotificationRejected(problem);

    const envelope = parseObject(rawBody.toString('utf8'), 'body');
    const resource = envelope.resource as Record<string, unknown> | undefined;
    if (!resource || resource.algorithm !== 'AEAD_AES_256_GCM') {
      throw new PayNotificationRejected('resource missing or not AEAD_AES_256_GCM', 400);
    }
    const plain = this.decrypt(resource);
    return {
      id: String(envelope.id ?? ''),
      eventType: String(envelope.event_type ?? ''),
      createTime: String(envelope.create_time ?? ''),
      summary: String(envelope.summary ?? ''),
      originalType: String(resource.original_type ?? ''),
      resource: parseObject(plain, 'resource'),
    };
  }

  private decrypt(resource: Record<string, unknown>): string {
    const { ciphertext, nonce, associated_data: aad } = resource;
    if (typeof ciphertext !== 'string' || typeof nonce !== 'string' || (aad != null && typeof aad !== 'string')) {
      throw new PayNotificationRejected('resource fields malformed', 400);
    }
    const data = Buffer.from(ciphertext, 'base64');
    if (data.length <= 16) throw new PayNotificationRejected('ciphertext too short', 400);
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.apiV3Key, Buffer.from(nonce, 'utf8'));
      decipher.setAuthTag(data.subarray(data.length - 16));
      decipher.setAAD(Buffer.from(aad ?? '', 'utf8'));
      // final() throws when the tag does not match: tampered ciphertext, tag, AAD or another key.
      return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString('utf8');
    } catch {
      throw new PayNotificationRejected('resource does not decrypt (GCM tag check failed)', 400);
    }
  }
}

function parseObject(text: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new PayNotificationRejected(`${what} is not JSON`, 400);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new PayNotificationRejected(`${what} is not an object`, 400);
  }
  return value as Record<string, unknown>;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const fen = (v: unknown): number | null => (Number.isSafeInteger(v) ? (v as number) : null);
const time = (v: unknown): Date | null => {
  const s = str(v);
  const d = s ? new Date(s) : null;
  return d && !Number.isNaN(d.getTime()) ? d : null;
};

/** A decrypted `transaction` resource (or a query answer) in our shape; null when a required field is off. */
export function transactionOf(r: Record<string, unknown>): PayTransaction | null {
  const amount = (r.amount ?? {}) as Record<string, unknown>;
  const payer = (r.payer ?? {}) as Record<string, unknown>;
  const appid = str(r.appid);
  const mchid = str(r.mchid);
  const outTradeNo = str(r.out_trade_no);
  const tradeState = str(r.trade_state) as TradeState | null;
  const totalFen = fen(amount.total);
  if (!appid || !mchid || !outTradeNo || !tradeState || totalFen === null) return null;
  return {
    appid,
    mchid,
    outTradeNo,
    transactionId: str(r.transaction_id),
    tradeState,
    totalFen,
    payerTotalFen: fen(amount.payer_total),
    successTime: time(r.success_time),
    openid: str(payer.openid),
    attach: str(r.attach),
  };
}

/** A decrypted `refund` resource (or refund query answer) in our shape; null when a required field is off. */
export function refundOf(r: Record<string, unknown>): PayRefund | null {
  const amount = (r.amount ?? {}) as Record<string, unknown>;
  const status = (str(r.refund_status) ?? str(r.status)) as RefundStatus | null;
  const outRefundNo = str(r.out_refund_no);
  const outTradeNo = str(r.out_trade_no);
  const refundFen = fen(amount.refund);
  const totalFen = fen(amount.total);
  if (!status || !outRefundNo || !outTradeNo || refundFen === null || totalFen === null) return null;
  return {
    refundId: str(r.refund_id) ?? '',
    outRefundNo,
    outTradeNo,
    transactionId: str(r.transaction_id) ?? '',
    status,
    refundFen,
    totalFen,
    successTime: time(r.success_time),
    createTime: time(r.create_time) ?? time(r.success_time) ?? new Date(0),
  };
}
