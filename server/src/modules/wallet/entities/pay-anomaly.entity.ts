import type { PayAnomalyKind, PayAnomalyStatus } from '@member/shared';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A payment that needs an operator's eye. (kind, out_trade_no, transaction_key) is unique, so WeChat's
 * retries of one notification flag it once; transaction_key is the transaction id ('' when none, and
 * `refund:<out_refund_no>` for refund notifications).
 */
@Entity('pay_anomaly')
@Index('uq_pay_anomaly_key', ['kind', 'outTradeNo', 'transactionKey'], { unique: true })
@Index('idx_pay_anomaly_status_created', ['status', 'createdAt'])
@Index('idx_pay_anomaly_out_trade_no', ['outTradeNo', 'status'])
export class PayAnomalyRow {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 20 })
  kind!: PayAnomalyKind;

  @Column({ type: 'varchar', length: 64 })
  outTradeNo!: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  transactionId!: string | null;

  @Column({ type: 'varchar', length: 80 })
  transactionKey!: string;

  // Our order's amount and WeChat's (fen), when both are known.
  @Column({ type: 'int', nullable: true })
  expectedFen!: number | null;

  @Column({ type: 'int', nullable: true })
  reportedFen!: number | null;

  @Column({ type: 'boolean', width: 1, default: false })
  credited!: boolean;

  @Column({ type: 'int', nullable: true })
  memberId!: number | null;

  @Column({ type: 'varchar', length: 10 })
  status!: PayAnomalyStatus;

  @Column({ type: 'varchar', length: 255, nullable: true })
  resolution!: string | null;

  @Column({ type: 'int', nullable: true })
  resolvedBy!: number | null;

  // What WeChat reported (no personal data: no openid).
  @Column({ type: 'varchar', length: 2000 })
  detailJson!: string;

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  resolvedAt!: Date | null;
}
