import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { StaffRole } from '@member/shared';

/** Single-use code an operator hands to a new clerk; redeeming binds the clerk's WeChat user to the store. */
@Entity('staff_invite')
export class StaffInvite {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index('uq_staff_invite_code', { unique: true })
  @Column({ type: 'varchar', length: 16 })
  code!: string;

  @Index('idx_staff_invite_store')
  @Column({ type: 'int' })
  storeId!: number;

  @Column({ type: 'varchar', length: 16 })
  role!: StaffRole;

  @Column({ type: 'datetime', precision: 3 })
  expiresAt!: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  redeemedAt!: Date | null;

  @Column({ type: 'int', nullable: true })
  redeemedByMemberId!: number | null;

  @Column({ type: 'int', nullable: true })
  createdByOperatorId!: number | null;

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;
}
