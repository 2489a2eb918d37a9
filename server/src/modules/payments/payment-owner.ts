import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { PayTransaction } from '../../wechat-pay/wechat-pay.gateway';

/** A refund as WeChat reports it; PROCESSING until WeChat settles it. */
export type PayRefundState = 'PROCESSING' | 'SUCCESS' | 'CLOSED' | 'ABNORMAL';

/** The columns every WeChat Pay order row has, whichever table keeps it (mall_order, event_payment). */
export interface PayOrderRow {
  id: number;
  memberId: number;
  outTradeNo: string | null;
  status: string;
  payUntil: Date | null;
  prepayId: string | null;
  transactionId: string | null;
  shippingStatus: string | null;
  createdAt: Date;
}

/** Where an owner keeps its orders, and the statuses the shared statements guard on. */
export interface PayOrderTable<O extends PayOrderRow> {
  entity: EntityTarget<O>;
  /** Waiting for WeChat Pay (PENDING_PAYMENT / PENDING): every move out of it is a guarded update. */
  pending: string;
  /** Closed by us unpaid (CANCELLED / CLOSED): a payment reported after that is late, flagged and refunded. */
  closed: string;
  /** A boolean property that marks a late payment, when the table has one. */
  lateFlag?: keyof O & string;
}

/**
 * Where an owner keeps its refunds, by property name: the mall has a table of them (mall_refund), an event
 * fee keeps its refund on the payment row (event_payment.refund_*). One row holds the latest attempt.
 */
export interface PayRefundTable<R extends ObjectLiteral> {
  entity: EntityTarget<R>;
  status: keyof R & string;
  refundId: keyof R & string;
  failReason: keyof R & string;
  acceptedAt: keyof R & string;
  settledAt: keyof R & string;
  createdAt: keyof R & string;
  attempt: keyof R & string;
  /** The stored out_refund_no (mall); absent when it is derived from out_trade_no and the attempt (events). */
  outRefundNo?: keyof R & string;
}

/** One refund as the shared machinery sees it (its latest attempt). */
export interface RefundRecord {
  /** The row that holds it. */
  id: number;
  outTradeNo: string;
  outRefundNo: string;
  /** 1 for the first ask; each 重新退款 after a failure for good is the next, with its own out_refund_no. */
  attempt: number;
  transactionId: string | null;
  memberId: number;
  refundFen: number;
  /** null: no refund (an event fee that was never refunded). */
  status: PayRefundState | null;
  cause: string | null;
  acceptedAt: Date | null;
  failReason: string | null;
  /** What the owner adds to an anomaly's detail (e.g. the event and the sign-up). */
  detail: Record<string, unknown>;
}

/** WeChat's shipping record of a paid order (wechat.md §3.5: 3 virtual goods, 4 self pickup). */
export interface Shipment {
  logisticsType: 3 | 4;
  itemDesc: string;
}

/** WeChat's payment as the owner's fulfilment gets it. */
export interface PaidReport {
  transactionId: string;
  paidAt: Date;
}

/**
 * What an owner of WeChat Pay orders (the mall's points + cash orders, the events' cash fees) tells the
 * shared payment machinery — the sync job, the one settle path, refunds and the shipping upload. What is
 * the same for every owner lives in this module; what paying, closing and refunding mean for the owner's
 * business stays behind these methods, in the owner's module.
 */
export interface PaymentOwner<O extends PayOrderRow, R extends ObjectLiteral> {
  /** First letter of out_trade_no and out_refund_no: WeChat's notifications are routed by it ('M', 'E'). */
  readonly prefix: string;
  /** 'mall', 'event': names the sync job and the outbox kinds (payJobOf, refundKindOf, shippingKindOf) and logs. */
  readonly label: string;
  /** How the sync job's answer names the orders it looked at ('orders', 'payments'). */
  readonly batchName: string;
  /** How an order is named where a human reads it (the outbox's give-up reason): 兑换订单, 活动报名支付. */
  readonly noun: string;
  readonly orders: PayOrderTable<O>;
  readonly refunds: PayRefundTable<R>;

  /** What the member pays through WeChat (fen). */
  amountOf(o: O): number;
  /** What an anomaly's detail adds to WeChat's report (o: null when no order of ours has its number). */
  anomalyDetail(o: O | null): Record<string, unknown>;

  /**
   * In the settle transaction: the owner's locks first (its lock order), then the guarded move out of
   * `pending` with the transaction id and what being paid means (points, seats, coupons, notices). Answers
   * the outcome's word (FULFILLED, CONFIRMED), or null when the order was no longer waiting for payment.
   */
  fulfil(em: EntityManager, o: O, paid: PaidReport, now: Date): Promise<string | null>;
  /**
   * The fulfilment threw (its transaction rolled back): the owner may end the paid order instead and answer
   * the outcome (REFUNDING); null rethrows the error.
   */
  unfulfillable?(o: O, t: PayTransaction, transactionId: string, error: unknown): Promise<string | null>;
  /** WeChat closed the order unpaid: end it and release what it held, once (its own transaction). */
  expire(o: O): Promise<string>;

  /** In the transaction that ends a paid order: the refund of its cash, once; null when it has one already. */
  planRefund(em: EntityManager, o: O, cause: string, transactionId: string, now: Date): Promise<RefundRecord | null>;
  refundOf(row: R): RefundRecord;
  /** The reason WeChat shows the member for the refund. */
  refundReason(r: RefundRecord): string;

  /** What to record as shipped for a paid order; null when it is not paid (nothing to upload). */
  shipment(o: O): Promise<Shipment | null>;
}

type Labelled = Pick<PaymentOwner<PayOrderRow, ObjectLiteral>, 'label'>;
/** The owner's sync job (mall-pay-sync, event-pay-sync). */
export const payJobOf = (o: Labelled) => `${o.label}-pay-sync`;
/** The owner's outbox kinds: the refund ask (keyed by out_refund_no) and the shipping upload (by out_trade_no). */
export const refundKindOf = (o: Labelled) => `${o.label}.refund`;
export const shippingKindOf = (o: Labelled) => `${o.label}.shipping-upload`;

/** The refund's out_refund_no: out_trade_no + 'R' for the first attempt, + 'R2', 'R3' … for the next ones. */
export const refundNoOf = (outTradeNo: string, attempt: number) => `${outTradeNo}R${attempt > 1 ? attempt : ''}`;

/** out_trade_no and attempt of one of our refund numbers (null when it is not one). */
export function parseRefundNo(outRefundNo: string): { outTradeNo: string; attempt: number } | null {
  const m = /^(.+)R(\d*)$/.exec(outRefundNo);
  if (!m) return null;
  const attempt = m[2] === '' ? 1 : Number(m[2]);
  return attempt >= 1 && refundNoOf(m[1], attempt) === outRefundNo ? { outTradeNo: m[1], attempt } : null;
}
