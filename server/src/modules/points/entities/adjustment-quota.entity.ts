import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Points an operator has adjusted on one business day; a guarded update keeps `used` ≤ the daily limit. */
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
}
