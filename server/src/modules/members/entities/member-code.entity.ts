import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A rotating member code shown on the card: valid 60 s, consumed once by a staff action. */
@Entity('member_code')
export class MemberCode {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index('uq_member_code_code', { unique: true })
  @Column({ type: 'varchar', length: 18 })
  code!: string;

  @Index('idx_member_code_member')
  @Column({ type: 'int' })
  memberId!: number;

  @Index('idx_member_code_expires_at')
  @Column({ type: 'datetime', precision: 3 })
  expiresAt!: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  consumedAt!: Date | null;

  // What consumed it, e.g. "purchase:<receiptNo>", for support questions.
  @Column({ type: 'varchar', length: 64, nullable: true })
  consumedBy!: string | null;

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;
}
