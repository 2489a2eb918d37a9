import type { TopupPlanStatus } from '@member/shared';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * 充 ¥X 送 ¥Y, as operators define it. `paid_count` only grows, by one guarded increment in the same
 * transaction that credits a paid top-up of the plan.
 */
@Entity('topup_plan')
@Index('idx_topup_plan_status_sort', ['status', 'sortOrder'])
export class TopupPlan {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 64 })
  name!: string;

  @Column({ type: 'int' })
  payFen!: number;

  @Column({ type: 'int' })
  bonusFen!: number;

  @Column({ type: 'varchar', length: 10 })
  status!: TopupPlanStatus;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  startsAt!: Date | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  endsAt!: Date | null;

  // null = unlimited.
  @Column({ type: 'int', nullable: true })
  perMemberLimit!: number | null;

  @Column({ type: 'int' })
  sortOrder!: number;

  // JSON array of coupon template ids given with each paid top-up; null = none.
  @Column({ type: 'varchar', length: 255, nullable: true })
  couponTemplateIds!: string | null;

  @Column({ type: 'int', default: 0 })
  paidCount!: number;

  // Optimistic guard for edits in the console.
  @Column({ type: 'int', default: 0 })
  version!: number;

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
