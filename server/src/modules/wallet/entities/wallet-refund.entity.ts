import type { WalletRefundStatus } from '@member/shared';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One part of an operator's refund of principal: through one top-up order at WeChat Pay, or off-platform
 * (no order). The wallet was debited when the row was written; status moves only by guarded updates from
 * PROCESSING, so a notification and the sync job racing on one refund settle it once. Keys compare
 * byte-exact (binary collation on MySQL).
 */
@Entity('wallet_refund')
@Index('uq_wallet_refund_request', ['memberId', 'requestId', 'partNo'], { unique: true })
@Index('idx_wallet_refund_status_created', ['status', 'createdAt'])
@Index('idx_wallet_refund_member_created', ['memberId', 'createdAt'])
export class WalletRefundRow {
  @PrimaryGeneratedColumn()
  id!: number;

  // 'R' + yyyymmdd + 14 random digits + the 2-digit part no.: the parts of one refund share a prefix.
  @Index('uq_wallet_refund_out_refund_no', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  outRefundNo!: string;

  @Column({ type: 'int' })
  memberId!: number;

  // The operator's idempotency key; request_hash is the SHA-256 of the body it first named.
  @Column({ type: 'varchar', length: 64 })
  requestId!: string;

  @Column({ type: 'varchar', length: 64 })
  requestHash!: string;

  @Column({ type: 'int' })
  partNo!: number;

  @Index('idx_wallet_refund_order')
  @Column({ type: 'int', nullable: true })
  topupOrderId!: number | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  outTradeNo!: string | null;

  @Column({ type: 'boolean', width: 1, default: false })
  offPlatform!: boolean;

  @Column({ type: 'int' })
  principalFen!: number;

  @Column({ type: 'int' })
  bonusForfeitedFen!: number;

  @Column({ type: 'varchar', length: 10 })
  status!: WalletRefundStatus;

  @Column({ type: 'varchar', length: 200 })
  reason!: string;

  // WeChat's code and message when it refused or failed the refund.
  @Column({ type: 'varchar', length: 200, nullable: true })
  failReason!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  refundId!: string | null;

  @Column({ type: 'int' })
  operatorId!: number;

  @Column({ type: 'varchar', length: 64 })
  operatorName!: string;

  // When WeChat accepted the refund; null = never asked successfully (the sync job asks again).
  @Column({ type: 'datetime', precision: 3, nullable: true })
  acceptedAt!: Date | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  successAt!: Date | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  closedAt!: Date | null;

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
