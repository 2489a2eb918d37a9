import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Points an operator has adjusted on one business day; guarded updates keep `used` ≤ the daily limit. */
@Entity('adjustment_quota')
@Index('uq_adjustment_quota_day', ['operatorId', 'businessDate'], { unique: true })
export class AdjustmentQuota {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  operatorId!: number;

  @Column({ type: 'varchar', length: 10 })
  businessDate!: string;

  @Column({ type: 'int', default: 0 })
  used!: number;

  // Of those, points applied without a second operator: kept ≤ the approval threshold by a guarded update,
  // so splitting a large change into small ones (or a concurrent burst) still ends up waiting for approval.
  @Column({ type: 'int', default: 0 })
  unapproved!: number;
}
