import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One (partial) refund of a purchase. The refund no. is its idempotency key in the store (byte-exact). */
@Entity('purchase_refund')
@Index('uq_purchase_refund_no', ['purchaseId', 'refundNo'], { unique: true })
export class PurchaseRefund {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  purchaseId!: number;

  @Column({ type: 'varchar', length: 64 })
  refundNo!: string;

  @Column({ type: 'int' })
  staffId!: number;

  @Column({ type: 'int' })
  amountFen!: number;

  // Cash handed back: the bill's cash share of amountFen on running totals (shared refundSplit).
  @Column({ type: 'int' })
  cashRefundedFen!: number;

  @Column({ type: 'int' })
  pointsReturned!: number;

  // What proportion says should come back, and what could (the member may have spent earned points).
  @Column({ type: 'int' })
  pointsClawTarget!: number;

  @Column({ type: 'int' })
  pointsClawedBack!: number;

  @Column({ type: 'int' })
  growthClawTarget!: number;

  @Column({ type: 'int' })
  growthClawedBack!: number;

  // Stored value this refund put back into the lots the sale drew from (fen).
  @Column({ type: 'int', default: 0 })
  walletReturnedFen!: number;

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;
}
