import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity('tier')
export class Tier {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index('uq_tier_code', { unique: true })
  @Column({ type: 'varchar', length: 32 })
  code!: string;

  @Column({ type: 'varchar', length: 32 })
  name!: string;

  /** Yuan of paid spend to reach the tier. */
  @Column({ type: 'int' })
  growthThreshold!: number;

  /** Yuan of paid spend to keep the tier. */
  @Column({ type: 'int' })
  retentionThreshold!: number;

  @Column({ type: 'int' })
  pointsMultiplierPct!: number;

  @Column({ type: 'varchar', length: 64, default: '' })
  discountText!: string;

  @Column({ type: 'boolean', width: 1, default: false })
  birthdayGift!: boolean;

  @Column({ type: 'varchar', length: 7 })
  badgeColor!: string;

  @Column({ type: 'int' })
  sortOrder!: number;

  @Column({ type: 'boolean', width: 1, default: true })
  active!: boolean;

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
