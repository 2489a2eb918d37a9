import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { Injectable } from '@nestjs/common';
import Pay from 'wechatpay-node-v3';
import type { Output } from 'wechatpay-node-v3/dist/define';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { loadPlatformKeys, refundOf, transactionOf } from './notification-verifier';
import { PayHttp, WECHATPAY_ORIGIN } from './pay-http';
import {
  WechatPayError,
  WechatPayGateway,
  type PayRefund,
  type PayTransaction,
  type Prepay,
  type PrepayInput,
  type RefundInput,
} from './wechat-pay.gateway';

// WechatPayGateway over wechatpay-node-v3: the library builds and signs every request (we never sign by
// hand), PayHttp sends it to wechatPay.apiBaseUrl and checks WeChat Pay's answer signature. The library
// never throws on HTTP errors: it returns `{status, error: <raw JSON text>}`, mapped here to WechatPayError.
// Codes of our own besides WeChat's: NETWORK (unreachable), SIGN_ERROR on a 2xx (forged answer),
// BAD_RESPONSE (a signed answer we cannot read), BILL_HASH_MISMATCH.

const USER_AGENT = `member-server (wechatpay-node-v3/2.2.1; Node.js/${process.versions.node})`;
const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;

/** RFC 3339 in Beijing time, the form WeChat documents: 2025-11-30T10:00:00+08:00. */
export function beijingTime(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19) + '+08:00';
}

/** The library's `{status, error}` as our error: WeChat's `{code, message}` when the text carries it. */
export function payErrorOf(output: Output): WechatPayError {
  const status = typeof output.status === 'number' ? output.status : null;
  if (status === null) return new WechatPayError('NETWORK', 'WeChat Pay could not be reached', null);
  const text = typeof output.error === 'string' ? output.error : '';
  try {
    const { code, message } = JSON.parse(text) as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && code !== '') {
      return new WechatPayError(code, typeof message === 'string' ? message : '', status);
    }
  } catch {
    // Not WeChat's envelope (a proxy's error page): keep the status, a little of the text for the logs.
  }
  return new WechatPayError(`HTTP_${status}`, text.slice(0, 200), status);
}

@Injectable()
export class WechatPayNodeGateway extends WechatPayGateway {
  private readonly pay: Pay;

  constructor(
    private readonly config: AppConfig,
    clock: Clock,
  ) {
    super();
    const { mchId, privateKeyFile, merchantSerial, apiV3Key } = config.wechatPay;
    this.pay = new Pay({
      appid: config.wechat.appId,
      mchid: mchId,
      privateKey: readFileSync(privateKeyFile),
      serial_no: merchantSerial,
      // Only used to derive serial_no from a certificate, which we give directly; the library wants non-empty.
      publicKey: Buffer.from(merchantSerial),
      key: apiV3Key,
      userAgent: USER_AGENT,
    });
    this.pay.createHttp(
      new PayHttp({ settings: () => config.wechatPay, keys: loadPlatformKeys(config.wechatPay), clock }),
    );
  }

  async prepay(input: PrepayInput): Promise<Prepay> {
    const result = await this.pay.transactions_jsapi({
      description: input.description,
      out_trade_no: input.outTradeNo,
      time_expire: beijingTime(input.timeExpire),
      ...(input.attach !== undefined ? { attach: input.attach } : {}),
      // Read per call: sandbox mode binds the local notify URL once the server listens.
      notify_url: this.config.wechatPay.notifyUrl,
      amount: { total: input.amountFen, currency: 'CNY' },
      payer: { openid: input.openid },
    });
    if (result.status !== 200) throw payErrorOf(result);
    // On success the library replaces the answer with signed wx.requestPayment parameters.
    const params = result.data as Record<string, unknown> | undefined;
    const pkg = typeof params?.package === 'string' ? params.package : '';
    const prepayId = pkg.startsWith('prepay_id=') ? pkg.slice('prepay_id='.length) : '';
    if (!params || !prepayId) throw new WechatPayError('BAD_RESPONSE', 'prepay answer without prepay_id', 200);
    return {
      prepayId,
      payParams: {
        timeStamp: String(params.timeStamp),
        nonceStr: String(params.nonceStr),
        package: pkg,
        signType: 'RSA',
        paySign: String(params.paySign),
      },
    };
  }

  async query(outTradeNo: string): Promise<PayTransaction | null> {
    const result = await this.pay.query({ out_trade_no: outTradeNo });
    if (result.status !== 200) {
      const error = payErrorOf(result);
      if (error.code === 'ORDER_NOT_EXIST') return null;
      throw error;
    }
    const transaction = transactionOf(asObject(result.data));
    if (!transaction) throw new WechatPayError('BAD_RESPONSE', 'query answer lacks required fields', 200);
    return transaction;
  }

  async close(outTradeNo: string): Promise<'CLOSED' | 'PAID'> {
    const result = await this.pay.close(outTradeNo);
    if (result.status === 204 || result.status === 200) return 'CLOSED';
    const error = payErrorOf(result);
    if (error.code === 'ORDERPAID') return 'PAID';
    // Closing twice is not a failure: the order is closed, which is all the caller wants.
    if (error.code === 'ORDER_CLOSED') return 'CLOSED';
    throw error;
  }

  async refund(input: RefundInput): Promise<PayRefund> {
    const result = await this.pay.refunds({
      out_trade_no: input.outTradeNo,
      out_refund_no: input.outRefundNo,
      ...(input.reason !== undefined ? { reason: input.reason } : {}),
      notify_url: this.config.wechatPay.refundNotifyUrl,
      amount: { refund: input.refundFen, total: input.totalFen, currency: 'CNY' },
    });
    if (result.status !== 200) throw payErrorOf(result);
    return refundOrFail(result.data, 'refund');
  }

  async queryRefund(outRefundNo: string): Promise<PayRefund | null> {
    const result = await this.pay.find_refunds(outRefundNo);
    if (result.status !== 200) {
      const error = payErrorOf(result);
      // By code, not by bare 404: a wrong route or proxy 404 must not read as "no such refund".
      if (error.code === 'RESOURCE_NOT_EXISTS' || error.code === 'ORDER_NOT_EXIST') return null;
      throw error;
    }
    return refundOrFail(result.data, 'refund query');
  }

  async tradeBill(billDate: string): Promise<string | null> {
    const result = await this.pay.tradebill({ bill_date: billDate, bill_type: 'ALL', tar_type: 'GZIP' });
    if (result.status !== 200) {
      const error = payErrorOf(result);
      if (error.code === 'NO_STATEMENT_EXIST') return null;
      throw error;
    }
    const { hash_type: hashType, hash_value: hashValue, download_url: url } = asObject(result.data);
    if (hashType !== 'SHA1' || typeof hashValue !== 'string' || typeof url !== 'string') {
      throw new WechatPayError('BAD_RESPONSE', 'tradebill answer lacks SHA1 hash or download_url', 200);
    }
    // The URL came in a signed answer; it must still be WeChat Pay's, or the library would sign a foreign host.
    if (!url.startsWith(`${WECHATPAY_ORIGIN}/`)) {
      throw new WechatPayError('BAD_RESPONSE', 'download_url is not on the WeChat Pay API origin', 200);
    }
    const download = await this.pay.downloadBill(url);
    if (download.status !== 200) throw payErrorOf(download);
    if (!Buffer.isBuffer(download.data)) throw new WechatPayError('BAD_RESPONSE', 'bill download is empty', 200);
    // GZIP was asked for; plain bytes (a proxy that decoded it) are accepted, the SHA1 decides either way.
    const content = isGzip(download.data) ? gunzipBill(download.data) : download.data;
    // WeChat hashes the uncompressed file.
    const sha1 = createHash('sha1').update(content).digest('hex');
    if (sha1 !== hashValue.toLowerCase()) {
      throw new WechatPayError('BILL_HASH_MISMATCH', `bill of ${billDate} does not match its SHA1`, 200);
    }
    return content.toString('utf8');
  }
}

function asObject(data: unknown): Record<string, unknown> {
  return data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
}

function refundOrFail(data: unknown, what: string): PayRefund {
  const refund = refundOf(asObject(data));
  if (!refund) throw new WechatPayError('BAD_RESPONSE', `${what} answer lacks required fields`, 200);
  return refund;
}

function isGzip(data: Buffer): boolean {
  return data.length >= 2 && data[0] === 0x1f && data[1] === 0x8b;
}

function gunzipBill(data: Buffer): Buffer {
  try {
    return gunzipSync(data);
  } catch {
    throw new WechatPayError('BAD_RESPONSE', 'bill download does not gunzip', 200);
  }
}
