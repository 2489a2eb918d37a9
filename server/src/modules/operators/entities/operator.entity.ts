import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { OperatorRole } from '@member/shared';

@Entity('operator')
export class Operator {
  @PrimaryGeneratedColumn()
  id!: number;

  // As created (new accounts are created in normalised form; older ones may differ in case).
  @Column({ type: 'varchar', length: 64 })
  username!: string;

  // The name that logs in and is unique: NFKC, trimmed, lower case (normalizeUsername), compared byte-exact
  // (binary collation on MySQL, see the migration), so "náme" and "name " are not "name".
  @Index('uq_operator_username_normalized', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  usernameNormalized!: string;

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

  // Carried by every token; disabling, a password change or reset and "log out everywhere" bump it,
  // which ends every token signed before.
  @Column({ type: 'int', default: 0 })
  tokenVersion!: number;

  // Set by an admin's password reset: the console allows nothing but a password change until it is done.
  @Column({ type: 'boolean', width: 1, default: false })
  mustChangePassword!: boolean;

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
