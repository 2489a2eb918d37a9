import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** An exchange voucher redeemed on its own at the counter; an operator may void it within a window. */
@Entity('coupon_redemption')
@Index('idx_coupon_redemption_store_time', ['storeId', 'createdAt'])
export class CouponRedemption {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index('idx_coupon_redemption_coupon')
  @Column({ type: 'int' })
  couponId!: number;

  @Column({ type: 'int' })
  storeId!: number;

  @Column({ type: 'int' })
  staffId!: number;

  @Column({ type: 'varchar', length: 10 })
  status!: 'REDEEMED' | 'VOIDED';

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ type: 'int', nullable: true })
  voidedBy!: number | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  voidedAt!: Date | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  voidReason!: string | null;
}
