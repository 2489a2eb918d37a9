import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * How many coupons of a template a member has claimed. A claim takes one with a guarded update
 * (`taken < limit`) on this row, created first if missing (insert-or-ignore): never count-then-insert.
 */
@Entity('coupon_member_quota')
export class CouponMemberQuota {
  @PrimaryColumn({ type: 'int' })
  templateId!: number;

  @PrimaryColumn({ type: 'int' })
  memberId!: number;

  @Column({ type: 'int' })
  taken!: number;
}
