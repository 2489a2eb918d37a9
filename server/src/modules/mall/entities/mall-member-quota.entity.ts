import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Units of a goods a member has taken in one limit period (TOTAL, a day 2026-12-01, an ISO week 2026-W49 or a
 * month 2026-12, Asia/Shanghai). Taken with a guarded update (`taken + n <= limit`) on the row, created first if
 * missing (insert-or-ignore); an ended order gives its units back to the period it took them from.
 */
@Entity('mall_member_quota')
export class MallMemberQuota {
  @PrimaryColumn({ type: 'int' })
  goodsId!: number;

  @PrimaryColumn({ type: 'int' })
  memberId!: number;

  @PrimaryColumn({ type: 'varchar', length: 10 })
  periodKey!: string;

  @Column({ type: 'int' })
  taken!: number;
}
