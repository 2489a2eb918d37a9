import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type SaleApprovalReason = 'bill_over_limit' | 'hourly_limit';

/**
 * A store manager's approval, given with their PIN on the clerk's device, for one bill beyond the clerk's
 * limits: bound to the checkout and amount, used once by the purchase (guarded update of usedAt).
 */
@Entity('sale_approval')
export class SaleApproval {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  storeId!: number;

  @Index('idx_sale_approval_checkout')
  @Column({ type: 'int' })
  checkoutId!: number;

  @Column({ type: 'int' })
  amountFen!: number;

  @Column({ type: 'int' })
  clerkStaffId!: number;

  @Column({ type: 'int' })
  approverStaffId!: number;

  @Column({ type: 'varchar', length: 16 })
  reason!: SaleApprovalReason;

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ type: 'datetime', precision: 3 })
  expiresAt!: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  usedAt!: Date | null;
}
