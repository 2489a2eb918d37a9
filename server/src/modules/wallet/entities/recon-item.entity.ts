import type { ReconItemKind, ReconItemStatus } from '@member/shared';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One line of a reconciliation: a bill line, our paid order or refund, or both (no personal data: no openid). */
@Entity('recon_item')
@Index('idx_recon_item_run_status', ['runId', 'status'])
@Index('idx_recon_item_out_trade_no', ['outTradeNo'])
export class ReconItem {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  runId!: number;

  @Column({ type: 'varchar', length: 8 })
  kind!: ReconItemKind;

  @Column({ type: 'varchar', length: 20 })
  status!: ReconItemStatus;

  @Column({ type: 'varchar', length: 64 })
  outTradeNo!: string;

  // A refund line's out_refund_no (null for payments).
  @Column({ type: 'varchar', length: 64, nullable: true })
  outRefundNo!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  transactionId!: string | null;

  @Column({ type: 'int', nullable: true })
  billFen!: number | null;

  @Column({ type: 'int', nullable: true })
  ourFen!: number | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  tradeTime!: Date | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  note!: string | null;
}
