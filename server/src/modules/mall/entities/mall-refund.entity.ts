import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** PROCESSING until WeChat settles it; SUCCESS / CLOSED / ABNORMAL as WeChat reports (guarded from PROCESSING). */
export type MallRefundStatus = 'PROCESSING' | 'SUCCESS' | 'CLOSED' | 'ABNORMAL';

/** Why the cash went back: a paid order ended (cancelled / expired), or a payment came after we closed the order. */
export type MallRefundCause = 'ORDER_ENDED' | 'PAID_AFTER_CLOSE' | 'NOT_FULFILLABLE';

/**
 * The cash part of a points + cash order given back through WeChat Pay. One per order (unique order id): the
 * order's end writes it in its own transaction, so a cancel, an expiry and a duplicate notification racing
 * each other refund once. out_refund_no is the order's out_trade_no + 'R' (byte-exact), reused on every
 * ask, so WeChat makes at most one refund of it. The row holds the latest attempt: when WeChat closed the
 * refund (or refused it outright), an operator's 重新退款 asks again as attempt 2, 3 … under out_trade_no +
 * 'R2', 'R3' …; the failed attempt stays in the audit log and 支付异常.
 */
@Entity('mall_refund')
@Index('idx_mall_refund_status_created', ['status', 'createdAt'])
export class MallRefundRow {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index('uq_mall_refund_order', { unique: true })
  @Column({ type: 'int' })
  orderId!: number;

  @Index('uq_mall_refund_out_refund_no', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  outRefundNo!: string;

  // Indexed: WeChat's refund notifications are matched by it (any attempt's out_refund_no names it).
  @Index('idx_mall_refund_out_trade_no')
  @Column({ type: 'varchar', length: 32 })
  outTradeNo!: string;

  // WeChat's transaction id of the payment refunded.
  @Column({ type: 'varchar', length: 32 })
  transactionId!: string;

  @Column({ type: 'int' })
  memberId!: number;

  @Column({ type: 'int' })
  refundFen!: number;

  @Column({ type: 'varchar', length: 16 })
  cause!: MallRefundCause;

  @Column({ type: 'varchar', length: 10 })
  status!: MallRefundStatus;

  // 1 as first asked; each 重新退款 the next (its out_refund_no …R2, …R3): every move is guarded by it.
  @Column({ type: 'int', default: 1 })
  attempt!: number;

  @Column({ type: 'varchar', length: 64, nullable: true })
  refundId!: string | null;

  // WeChat's code and message when it refused or failed the refund.
  @Column({ type: 'varchar', length: 200, nullable: true })
  failReason!: string | null;

  // When WeChat accepted it; null = never asked successfully (the sync job asks again, same out_refund_no).
  @Column({ type: 'datetime', precision: 3, nullable: true })
  acceptedAt!: Date | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  settledAt!: Date | null;

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
