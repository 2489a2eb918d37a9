import type { CouponKind, CouponTemplateStatus, CouponTrigger } from '@member/shared';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * What operators design; coupons copy its terms when issued. `issued` only grows, by a guarded update
 * (`total_stock IS NULL OR issued + n <= total_stock`), so stock holds under any burst.
 */
@Entity('coupon_template')
@Index('idx_coupon_tpl_status_trigger', ['status', 'trigger'])
export class CouponTemplate {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 16 })
  kind!: CouponKind;

  @Column({ type: 'varchar', length: 64 })
  name!: string;

  @Column({ type: 'int' })
  faceValueFen!: number;

  @Column({ type: 'int' })
  minSpendFen!: number;

  @Column({ type: 'int', nullable: true })
  percentOff!: number | null;

  @Column({ type: 'int', nullable: true })
  maxDiscountFen!: number | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  itemName!: string | null;

  @Column({ type: 'varchar', length: 500 })
  instructions!: string;

  // null = unlimited.
  @Column({ type: 'int', nullable: true })
  totalStock!: number | null;

  @Column({ type: 'int', default: 0 })
  issued!: number;

  @Column({ type: 'int' })
  perMemberLimit!: number;

  @Column({ type: 'varchar', length: 16 })
  trigger!: CouponTrigger;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  claimStartsAt!: Date | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  claimEndsAt!: Date | null;

  // CouponValidity as JSON: fixed dates or relative days.
  @Column({ type: 'varchar', length: 255 })
  validityJson!: string;

  // number[] as JSON, null = every tier / store.
  @Column({ type: 'varchar', length: 500, nullable: true })
  tierIdsJson!: string | null;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  storeIdsJson!: string | null;

  @Column({ type: 'boolean', width: 1, default: false })
  stackable!: boolean;

  @Column({ type: 'boolean', width: 1, default: false })
  giftable!: boolean;

  @Column({ type: 'varchar', length: 16 })
  status!: CouponTemplateStatus;

  // Optimistic guard for edits in the console.
  @Column({ type: 'int', default: 0 })
  version!: number;

  @Column({ type: 'int' })
  createdBy!: number;

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
