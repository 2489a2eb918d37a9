import type { ReconRunStatus } from '@member/shared';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Day totals in fen as BIGINT (mysql2 hands BIGINT back as text or number): read back as numbers. */
const FEN = { to: (v: number) => v, from: (v: unknown) => Number(v) };

/**
 * One reconciliation of a day's WeChat Pay trade bill with our top-ups: one row per bill date (unique), so a
 * rerun replaces the previous result (its items are rewritten) instead of piling up runs. RUNNING is
 * claimed by a guarded update: two runs of one day never overlap.
 */
@Entity('recon_run')
@Index('idx_recon_run_status', ['status', 'billDate'])
export class ReconRun {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index('uq_recon_run_bill_date', { unique: true })
  @Column({ type: 'varchar', length: 10 })
  billDate!: string;

  @Column({ type: 'varchar', length: 10 })
  status!: ReconRunStatus;

  // WeChat answered NO_STATEMENT_EXIST: no trades that day.
  @Column({ type: 'boolean', width: 1, default: false })
  noStatement!: boolean;

  // Payments in the bill and our paid top-ups of the day (count, fen).
  @Column({ type: 'int', default: 0 })
  billCount!: number;

  @Column({ type: 'bigint', default: 0, transformer: FEN })
  billFen!: number;

  @Column({ type: 'int', default: 0 })
  ourCount!: number;

  @Column({ type: 'bigint', default: 0, transformer: FEN })
  ourFen!: number;

  @Column({ type: 'int', default: 0 })
  matchedCount!: number;

  @Column({ type: 'int', default: 0 })
  repairedCount!: number;

  @Column({ type: 'int', default: 0 })
  mismatchCount!: number;

  // Refund lines of the bill (count, fen).
  @Column({ type: 'int', default: 0 })
  billRefundCount!: number;

  @Column({ type: 'bigint', default: 0, transformer: FEN })
  billRefundFen!: number;

  // Our principal refunds WeChat accepted that day (count, fen).
  @Column({ type: 'int', default: 0 })
  ourRefundCount!: number;

  @Column({ type: 'bigint', default: 0, transformer: FEN })
  ourRefundFen!: number;

  @Column({ type: 'varchar', length: 255, nullable: true })
  error!: string | null;

  @Column({ type: 'varchar', length: 8 })
  triggeredBy!: 'JOB' | 'OPERATOR';

  @Column({ type: 'int', nullable: true })
  operatorId!: number | null;

  @Column({ type: 'datetime', precision: 3 })
  startedAt!: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  finishedAt!: Date | null;
}
