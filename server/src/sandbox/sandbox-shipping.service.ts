import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Clock } from '../common/clock';
import { SandboxPayStore, type SandboxOrder } from './pay/sandbox-pay-store.service';
import { SandboxWxError } from './sandbox-wx.error';

// The order-shipping API's own codes (wechat.md §3.5; 10060001/10060003 as WeChat names them).
export const SHIPPING_ERRMSG: Record<number, string> = {
  10060001: '支付单不存在',
  10060003: '支付单已使用重新发货机会',
  10060004: '支付单处于不可发货的状态',
  268485224: '发货模式非法',
};
const shippingError = (errcode: number, detail?: string) =>
  new SandboxWxError(errcode, detail ?? SHIPPING_ERRMSG[errcode]);

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z)$/;
// Known-looking WeChat transaction ids, for when no Pay sandbox runs in this process.
const TRANSACTION_ID = /^4200\d{24}$/;

interface Upload {
  logisticsType: number;
  deliveryMode: number;
  itemDescs: string[];
  uploadTimeMs: number;
  receivedAtMs: number;
}

interface ShippingRecord {
  transactionId: string;
  uploads: Upload[];
}

type Body = Record<string, unknown>;

/**
 * WeChat's order-shipping records (发货信息管理): one per payment, uploaded once and changed at most once
 * (each change must carry a later upload_time). Payments are looked up in the Pay sandbox when it runs in
 * this process; only SUCCESS payments can be shipped.
 */
@Injectable()
export class SandboxShippingService {
  private readonly records = new Map<string, ShippingRecord>();
  private payStore: SandboxPayStore | null | undefined;

  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly clock: Clock,
  ) {}

  /** POST /wxa/sec/order/upload_shipping_info */
  upload(body: unknown): { errcode: 0; errmsg: 'ok' } {
    if (!isObject(body)) throw new SandboxWxError(47001);
    const transactionId = this.payment(body.order_key, false);
    const upload = this.parseUpload(body, transactionId);
    const record = this.records.get(transactionId) ?? { transactionId, uploads: [] };
    if (record.uploads.length >= 2) throw shippingError(10060003);
    const last = record.uploads[record.uploads.length - 1];
    if (last && upload.uploadTimeMs <= last.uploadTimeMs) throw new SandboxWxError(47003, 'upload_time must be later');
    record.uploads.push(upload);
    this.records.set(transactionId, record);
    return { errcode: 0, errmsg: 'ok' };
  }

  /** POST /wxa/sec/order/get_order: the payment's shipping state (1 待发货, 2 已发货). */
  getOrder(body: unknown) {
    if (!isObject(body)) throw new SandboxWxError(47001);
    const key =
      typeof body.transaction_id === 'string'
        ? { order_number_type: 2, transaction_id: body.transaction_id }
        : { order_number_type: 1, mchid: body.merchant_id, out_trade_no: body.merchant_trade_no };
    const transactionId = this.payment(key, true);
    const record = this.records.get(transactionId);
    const order = this.payOrder(transactionId);
    const last = record?.uploads[record.uploads.length - 1];
    return {
      errcode: 0,
      errmsg: 'ok',
      order: {
        transaction_id: transactionId,
        merchant_trade_no: order?.params.out_trade_no,
        paid_amount: order?.params.amount.total,
        order_state: last ? 2 : 1,
        ...(last
          ? {
              shipping: {
                delivery_mode: last.deliveryMode,
                logistics_type: last.logisticsType,
                finish_shipping: true,
                goods_desc: last.itemDescs.join(';'),
                finish_shipping_count: record!.uploads.length - 1,
              },
            }
          : {}),
      },
    };
  }

  /** The control view for tests and the demo: pending until the first upload. */
  state(transactionId: string) {
    const record = this.records.get(transactionId);
    const uploads = record?.uploads ?? [];
    const last = uploads[uploads.length - 1];
    return {
      transactionId,
      paymentKnown: this.payOrder(transactionId) !== null || this.payStoreOrNull() === null,
      state: last ? ('uploaded' as const) : ('pending' as const),
      uploads: uploads.length,
      changesLeft: Math.max(0, Math.min(1, 2 - uploads.length)),
      last: last
        ? {
            logisticsType: last.logisticsType,
            deliveryMode: last.deliveryMode,
            itemDescs: last.itemDescs,
            uploadTime: new Date(last.uploadTimeMs).toISOString(),
          }
        : null,
    };
  }

  /** The shipped payment's transaction id, from either kind of order_key; 10060004 when it cannot ship. */
  private payment(orderKey: unknown, lookupOnly: boolean): string {
    if (!isObject(orderKey)) throw new SandboxWxError(47001, 'order_key missing');
    const type = orderKey.order_number_type;
    if (type === 2) {
      const id = orderKey.transaction_id;
      if (typeof id !== 'string' || id === '') throw new SandboxWxError(47001, 'transaction_id missing');
      return this.shippable(id, this.payOrder(id), lookupOnly);
    }
    if (type === 1) {
      const { mchid, out_trade_no: outTradeNo } = orderKey;
      if (typeof mchid !== 'string' || typeof outTradeNo !== 'string' || !mchid || !outTradeNo)
        throw new SandboxWxError(47001, 'mchid and out_trade_no required');
      const store = this.payStoreOrNull();
      const order = store?.order(outTradeNo);
      if (!order || order.params.mchid !== mchid || !order.transactionId) throw shippingError(10060001);
      return this.shippable(order.transactionId, order, lookupOnly);
    }
    throw new SandboxWxError(47001, 'order_number_type must be 1 or 2');
  }

  private shippable(transactionId: string, order: SandboxOrder | null, lookupOnly: boolean): string {
    if (this.payStoreOrNull() === null) {
      if (!TRANSACTION_ID.test(transactionId)) throw shippingError(10060004);
      return transactionId;
    }
    if (!order) throw shippingError(lookupOnly ? 10060001 : 10060004);
    if (!lookupOnly && order.state !== 'SUCCESS') throw shippingError(10060004);
    return transactionId;
  }

  private parseUpload(body: Body, transactionId: string): Upload {
    const { logistics_type: logisticsType, delivery_mode: deliveryMode, shipping_list: list } = body;
    if (![1, 2, 3, 4].includes(logisticsType as number)) throw shippingError(268485224, 'invalid logistics_type');
    if (deliveryMode !== 1 && deliveryMode !== 2) throw shippingError(268485224);
    if (!Array.isArray(list) || list.length === 0) throw shippingError(268485224, 'shipping_list required');
    // Unified delivery ships one parcel; split delivery is for express only, up to 15 parcels.
    if (deliveryMode === 1 && list.length !== 1) throw shippingError(268485224);
    if (deliveryMode === 2 && (logisticsType !== 1 || list.length > 15)) throw shippingError(268485224);
    const itemDescs = list.map((item: unknown) => {
      const desc = isObject(item) ? item.item_desc : undefined;
      if (typeof desc !== 'string' || desc === '' || [...desc].length > 120)
        throw new SandboxWxError(47003, 'item_desc must be 1-120 characters');
      if (logisticsType === 1 && (!isObject(item) || !item.tracking_no || !item.express_company))
        throw new SandboxWxError(47003, 'tracking_no and express_company required for express');
      return desc;
    });
    const uploadTime = body.upload_time;
    if (typeof uploadTime !== 'string' || !RFC3339.test(uploadTime) || Number.isNaN(Date.parse(uploadTime)))
      throw new SandboxWxError(47003, 'upload_time must be RFC 3339');
    const payer = isObject(body.payer) ? body.payer.openid : undefined;
    if (typeof payer !== 'string' || payer === '') throw new SandboxWxError(47001, 'payer.openid missing');
    const paidBy = this.payOrder(transactionId)?.params.payer.openid;
    if (paidBy !== undefined && paidBy !== payer) throw new SandboxWxError(40003);
    return {
      logisticsType: logisticsType as number,
      deliveryMode,
      itemDescs,
      uploadTimeMs: Date.parse(uploadTime),
      receivedAtMs: this.clock.nowMs(),
    };
  }

  private payOrder(transactionId: string): SandboxOrder | null {
    return this.payStoreOrNull()?.orderByTransactionId(transactionId) ?? null;
  }

  /** The Pay sandbox's memory when it runs in this process (it does whenever SandboxModule is mounted). */
  private payStoreOrNull(): SandboxPayStore | null {
    if (this.payStore === undefined) {
      try {
        this.payStore = this.moduleRef.get(SandboxPayStore, { strict: false });
      } catch {
        this.payStore = null;
      }
    }
    return this.payStore ?? null;
  }
}

function isObject(value: unknown): value is Body {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
