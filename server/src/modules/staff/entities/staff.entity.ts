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

  // A manager's approval PIN as an scrypt hash (salt and parameters inside); never the PIN itself.
  @Column({ type: 'varchar', length: 160, nullable: true })
  pinHash!: string | null;

  // Wrong PINs since the last right one; at the limit the PIN locks until pinLockedUntil.
  @Column({ type: 'int', default: 0 })
  pinFailures!: number;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  pinLockedUntil!: Date | null;

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
