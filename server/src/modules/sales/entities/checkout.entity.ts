import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A checkout opened by a clerk scanning a member's code: quote and purchase name it instead of the 60 s
 * code, for CHECKOUT_TTL_SECONDS, at its store and for its clerk only. Its sale closes it (guarded update
 * open → closed, in the purchase's transaction); an open one past expires_at is expired.
 */
@Entity('checkout')
export class Checkout {
  @PrimaryGeneratedColumn()
  id!: number;

  // The member's card activity polls by member and time.
  @Index('idx_checkout_member')
  @Column({ type: 'int' })
  memberId!: number;

  @Column({ type: 'int' })
  storeId!: number;

  @Column({ type: 'int' })
  staffId!: number;

  @Column({ type: 'varchar', length: 16 })
  status!: 'open' | 'closed';

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ type: 'datetime', precision: 3 })
  expiresAt!: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  closedAt!: Date | null;

  // The receipt no. of the sale that closed it (its stored answer is the member's 消费成功 sheet).
  @Column({ type: 'varchar', length: 64, nullable: true })
  receiptNo!: string | null;
}
