import type { TopupShippingStatus, TopupStatus } from '@member/shared';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One top-up paid (or to be paid) through WeChat Pay. Status moves only by guarded updates from the status
 * it must be in (NOTPAY/CLOSED → PAID once, in the transaction that credits the wallet); transaction_id is
 * unique, so one WeChat payment is never credited to two orders. Keys compare byte-exact (the migration
 * gives them a binary collation on MySQL).
 */
@Entity('topup_order')
@Index('uq_topup_order_request', ['memberId', 'requestId'], { unique: true })
@Index('idx_topup_order_status_created', ['status', 'createdAt'])
@Index('idx_topup_order_member_created', ['memberId', 'createdAt'])
@Index('idx_topup_order_shipping', ['shippingStatus', 'id'])
export class TopupOrder {
  @PrimaryGeneratedColumn()
  id!: number;

  // 'T' + yyyymmdd + random digits (≤ 32, WeChat's out_trade_no).
  @Index('uq_topup_order_out_trade_no', { unique: true })
  @Column({ type: 'varchar', length: 32 })
  outTradeNo!: string;

  @Column({ type: 'int' })
  memberId!: number;

  // null: a free-amount top-up.
  @Column({ type: 'int', nullable: true })
  planId!: number | null;

  @Column({ type: 'int' })
  payFen!: number;

  @Column({ type: 'int' })
  bonusFen!: number;

  @Column({ type: 'varchar', length: 10 })
  status!: TopupStatus;

  // The member's idempotency key; request_hash is the SHA-256 of the request it first named.
  @Column({ type: 'varchar', length: 64 })
  requestId!: string;

  @Column({ type: 'varchar', length: 64 })
  requestHash!: string;

  // The refund policy the member accepted with this top-up.
  @Column({ type: 'varchar', length: 16 })
  policyVersion!: string;

  @Column({ type: 'varchar', length: 64 })
  openid!: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  prepayId!: string | null;

  @Index('uq_topup_order_transaction', { unique: true })
  @Column({ type: 'varchar', length: 32, nullable: true })
  transactionId!: string | null;

  // How the payment was learned: WeChat's notification or our query.
  @Column({ type: 'varchar', length: 8, nullable: true })
  confirmedBy!: 'NOTIFY' | 'QUERY' | null;

  @Column({ type: 'int', default: 0 })
  refundedFen!: number;

  // WeChat's order shipping upload (virtual goods), set PENDING in the credit's transaction; null unpaid.
  @Column({ type: 'varchar', length: 10, nullable: true })
  shippingStatus!: TopupShippingStatus | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  shippingError!: string | null;

  @Column({ type: 'datetime', precision: 3 })
  expiresAt!: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  paidAt!: Date | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  closedAt!: Date | null;

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
