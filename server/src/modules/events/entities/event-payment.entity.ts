import type { EventPaymentStatus, EventRefundStatus } from '@member/shared';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Why a paid fee goes back: the sign-up or the event was cancelled, or the payment came after we closed it. */
export type EventRefundCause = 'SIGNUP_CANCELLED' | 'EVENT_CANCELLED' | 'PAID_AFTER_CLOSE';

/**
 * The WeChat Pay order of a cash event's fee, one per sign-up (written when the sign-up gets seats: at
 * sign-up or at promotion), with its refund on the same row. Status moves only by guarded updates
 * (`WHERE status = 'PENDING'`), so a notification, its duplicates, the sync job's query and close, and a
 * cancellation racing each other change it once; the refund is planned by `refund_status IS NULL` → PROCESSING,
 * so it happens at most once. out_trade_no starts with 'E' (the notification route); the refund's
 * out_refund_no is out_trade_no + 'R', reused on every ask, so WeChat makes at most one refund of it. When
 * WeChat closed the refund (or refused it outright), an operator's 重新退款 asks again as refund_attempt 2,
 * 3 … under out_trade_no + 'R2', 'R3' …
 */
@Entity('event_payment')
@Index('idx_event_payment_status_created', ['status', 'createdAt'])
@Index('idx_event_payment_refund', ['refundStatus', 'refundCreatedAt'])
@Index('idx_event_payment_event', ['eventId', 'status'])
export class EventPaymentRow {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index('uq_event_payment_signup', { unique: true })
  @Column({ type: 'int' })
  signupId!: number;

  @Column({ type: 'int' })
  eventId!: number;

  @Column({ type: 'int' })
  memberId!: number;

  // E + business date + random digits; byte-exact unique.
  @Index('uq_event_payment_out_trade_no', { unique: true })
  @Column({ type: 'varchar', length: 32 })
  outTradeNo!: string;

  @Column({ type: 'int' })
  amountFen!: number;

  // What the member's WeChat bill says, fixed at opening: every prepay of the order sends the same.
  @Column({ type: 'varchar', length: 127, default: '' })
  description!: string;

  @Column({ type: 'varchar', length: 10 })
  status!: EventPaymentStatus;

  @Column({ type: 'datetime', precision: 3 })
  payUntil!: Date;

  @Column({ type: 'varchar', length: 64, nullable: true })
  prepayId!: string | null;

  // WeChat's transaction id, set once when paid (or when a payment arrived after we closed it: late).
  @Index('uq_event_payment_transaction', { unique: true })
  @Column({ type: 'varchar', length: 32, nullable: true })
  transactionId!: string | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  paidAt!: Date | null;

  // Paid after we had closed it (支付异常 PAID_AFTER_CLOSE; refunded).
  @Column({ type: 'boolean', width: 1, default: false })
  late!: boolean;

  // WeChat's shipping record (虚拟发货) of a paid fee: PENDING / UPLOADED / FAILED.
  @Column({ type: 'varchar', length: 10, nullable: true })
  shippingStatus!: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  shippingError!: string | null;

  @Column({ type: 'varchar', length: 10, nullable: true })
  refundStatus!: EventRefundStatus | null;

  // The refund's attempt: 1 as first asked, the next after each 重新退款; every refund move is guarded by it.
  @Column({ type: 'int', default: 1 })
  refundAttempt!: number;

  @Column({ type: 'varchar', length: 16, nullable: true })
  refundCause!: EventRefundCause | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  refundId!: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  refundFailReason!: string | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  refundCreatedAt!: Date | null;

  // When WeChat accepted the refund; null = never asked successfully (the sync job asks again).
  @Column({ type: 'datetime', precision: 3, nullable: true })
  refundAcceptedAt!: Date | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  refundSettledAt!: Date | null;

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
