import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A member's tier-up gift of one tier: the last one given (seq names its coupons, source key
 * tierup:<member>:<tier>:<seq>:<template>) and when the next may be. A new gift takes the row with a
 * guarded statement — insert the first time (the primary key refuses a second), afterwards
 * `UPDATE … WHERE next_gift_at <= now` — so two promotions racing give one gift, and a member who drops a
 * tier and climbs back within 365 days gets none the second time.
 */
@Entity('coupon_tier_gift')
export class CouponTierGift {
  @PrimaryColumn({ type: 'int' })
  memberId!: number;

  @PrimaryColumn({ type: 'int' })
  tierId!: number;

  @Column({ type: 'int' })
  seq!: number;

  @Column({ type: 'datetime', precision: 3 })
  grantedAt!: Date;

  // granted_at + 365 days; moved to the refund's time when a refund took the tier back before any use.
  @Column({ type: 'datetime', precision: 3 })
  nextGiftAt!: Date;

  // Set when a refund took the tier back: coupons of this gift still waiting in the outbox are not issued.
  @Column({ type: 'datetime', precision: 3, nullable: true })
  revokedAt!: Date | null;
}
