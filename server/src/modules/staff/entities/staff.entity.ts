import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { StaffRole } from '@member/shared';

/** A member who works at a store. One binding per member. */
@Entity('staff')
export class Staff {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index('uq_staff_member', { unique: true })
  @Column({ type: 'int' })
  memberId!: number;

  @Index('idx_staff_store')
  @Column({ type: 'int' })
  storeId!: number;

  @Column({ type: 'varchar', length: 16 })
  role!: StaffRole;

  @Column({ type: 'boolean', width: 1, default: true })
  active!: boolean;

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
