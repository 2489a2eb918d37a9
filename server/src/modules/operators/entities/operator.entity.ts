import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { OperatorRole } from '@member/shared';

@Entity('operator')
export class Operator {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index('uq_operator_username', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  username!: string;

  // bcrypt hash; the plain password is never stored or logged.
  @Column({ type: 'varchar', length: 255 })
  passwordHash!: string;

  @Column({ type: 'varchar', length: 64 })
  displayName!: string;

  @Column({ type: 'varchar', length: 16 })
  role!: OperatorRole;

  // Only for store managers: the store they manage.
  @Column({ type: 'int', nullable: true })
  storeId!: number | null;

  @Column({ type: 'boolean', width: 1, default: true })
  active!: boolean;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  lastLoginAt!: Date | null;

  // The admin who created this account (null for the bootstrap admin): four-eyes approvals refuse an
  // account the requester created within the last 24 h.
  @Column({ type: 'int', nullable: true })
  createdBy!: number | null;

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
