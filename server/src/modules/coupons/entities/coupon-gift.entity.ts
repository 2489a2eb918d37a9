import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A coupon offered to a friend through a link; the first friend to accept takes it (guarded OPEN → ACCEPTED). */
@Entity('coupon_gift')
@Index('idx_coupon_gift_coupon', ['couponId', 'status'])
export class CouponGift {
  @PrimaryGeneratedColumn()
  id!: number;

  // Random, unguessable, byte-exact unique: the link's only secret.
  @Index('uq_coupon_gift_token', { unique: true })
  @Column({ type: 'varchar', length: 32 })
  token!: string;

  @Column({ type: 'int' })
  couponId!: number;

  @Column({ type: 'int' })
  giverMemberId!: number;

  @Column({ type: 'int', nullable: true })
  receiverMemberId!: number | null;

  @Column({ type: 'varchar', length: 10 })
  status!: 'OPEN' | 'ACCEPTED' | 'CANCELLED' | 'EXPIRED';

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ type: 'datetime', precision: 3 })
  expiresAt!: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  closedAt!: Date | null;
}
