import type { CouponSource, CouponStatus } from '@member/shared';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One coupon in a member's hands, with the terms it was issued with. Every change of status is a guarded
 * update from the status it must be in (USABLE → USED once; GIFTING → USABLE for the friend once), so a
 * coupon is used at most once whatever the concurrency.
 */
@Entity('coupon')
@Index('idx_coupon_member_status', ['memberId', 'status', 'validUntil'])
@Index('idx_coupon_template_status', ['templateId', 'status'])
@Index('idx_coupon_status_until', ['status', 'validUntil'])
export class Coupon {
  @PrimaryGeneratedColumn()
  id!: number;

  // 16 digits with a Luhn check digit, random: shown as QR for the counter; byte-exact unique.
  @Index('uq_coupon_code', { unique: true })
  @Column({ type: 'varchar', length: 16 })
  code!: string;

  @Column({ type: 'int' })
  templateId!: number;

  @Column({ type: 'int' })
  memberId!: number;

  // CouponTerms as JSON, copied from the template at issue.
  @Column({ type: 'varchar', length: 3000 })
  termsJson!: string;

  @Column({ type: 'datetime', precision: 3 })
  validFrom!: Date;

  @Column({ type: 'datetime', precision: 3 })
  validUntil!: Date;

  @Column({ type: 'varchar', length: 10 })
  status!: CouponStatus;

  @Column({ type: 'varchar', length: 16 })
  source!: CouponSource;

  // The issuing occasion (e.g. birthday:2026:7:42): a second issue for the same occasion is refused.
  @Index('uq_coupon_source_key', { unique: true })
  @Column({ type: 'varchar', length: 128, nullable: true })
  sourceKey!: string | null;

  @Column({ type: 'datetime', precision: 3 })
  issuedAt!: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  usedAt!: Date | null;

  @Column({ type: 'int', nullable: true })
  usedStoreId!: number | null;

  @Column({ type: 'int', nullable: true })
  usedStaffId!: number | null;

  // The sale it was a tender of (purchase id), or null for a stand-alone redemption.
  @Index('idx_coupon_purchase')
  @Column({ type: 'int', nullable: true })
  purchaseId!: number | null;

  // What it took off the bill (or the voucher's value on a stand-alone redemption).
  @Column({ type: 'int', nullable: true })
  discountFen!: number | null;
}
