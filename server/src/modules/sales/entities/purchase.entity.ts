import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A purchase recorded at the counter: one per (store, receipt no.). The receipt no. is the idempotency key
 * of the whole flow (its first answer lives in idempotency_record); byte-exact on MySQL (utf8mb4_bin).
 */
@Entity('purchase')
@Index('uq_purchase_store_receipt', ['storeId', 'receiptNo'], { unique: true })
// A clerk's sales of the last hour (their hourly limit), counted in the sale's own read.
@Index('idx_purchase_staff_time', ['staffId', 'createdAt'])
export class Purchase {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  storeId!: number;

  @Column({ type: 'varchar', length: 64 })
  receiptNo!: string;

  @Index('idx_purchase_member')
  @Column({ type: 'int' })
  memberId!: number;

  @Index('idx_purchase_staff')
  @Column({ type: 'int' })
  staffId!: number;

  @Column({ type: 'int' })
  amountFen!: number;

  // What the sale's coupons took off the bill: earns no points or growth; a refund spreads it like a tender.
  @Column({ type: 'int', default: 0 })
  couponDiscountFen!: number;

  @Column({ type: 'int' })
  pointsUsed!: number;

  @Column({ type: 'int' })
  deductionFen!: number;

  // Stored value tendered after coupons and points, and how the ledger drew it: principal apart from bonus.
  @Column({ type: 'int', default: 0 })
  walletFen!: number;

  @Column({ type: 'int', default: 0 })
  walletPrincipalFen!: number;

  @Column({ type: 'int', default: 0 })
  walletBonusFen!: number;

  // Cash: amount − coupons − points deduction − stored value.
  @Column({ type: 'int' })
  payableFen!: number;

  @Column({ type: 'int' })
  pointsEarned!: number;

  // Yuan of paid spend credited to the member's growth account.
  @Column({ type: 'int' })
  growthEarned!: number;

  @Column({ type: 'int' })
  rulesVersion!: number;

  // Σ refunds so far; a guarded update keeps it ≤ amountFen.
  @Column({ type: 'int', default: 0 })
  refundedFen!: number;

  // The promotion this purchase caused (tier ids), null when none: its refunds take it back.
  @Column({ type: 'int', nullable: true })
  promotedFromTierId!: number | null;

  @Column({ type: 'int', nullable: true })
  promotedToTierId!: number | null;

  @Index('idx_purchase_created_at')
  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;
}
