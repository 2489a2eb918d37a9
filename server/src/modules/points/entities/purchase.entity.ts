import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A purchase recorded at the counter. (store, receipt no.) is the idempotency key of the whole flow. */
@Entity('purchase')
@Index('uq_purchase_store_receipt', ['storeId', 'receiptNo'], { unique: true })
export class Purchase {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  storeId!: number;

  @Column({ type: 'varchar', length: 32 })
  receiptNo!: string;

  @Index('idx_purchase_member')
  @Column({ type: 'int' })
  memberId!: number;

  @Index('idx_purchase_staff')
  @Column({ type: 'int' })
  staffId!: number;

  @Column({ type: 'int' })
  amountFen!: number;

  @Column({ type: 'int' })
  pointsUsed!: number;

  @Column({ type: 'int' })
  deductionFen!: number;

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

  // The answer given the first time, returned again to retries of the same receipt.
  @Column({ type: 'text' })
  resultJson!: string;

  @Index('idx_purchase_created_at')
  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;
}
