import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Stored states; "pending" is cooling_off past dueAt (see DeletionStatus in shared). */
export type DeletionRowStatus = 'cooling_off' | 'erased' | 'cancelled' | 'rejected';

/** A member's account deletion (注销): requested after a fresh WeChat login, erased after the cooling-off. */
@Entity('deletion_request')
@Index('idx_deletion_request_status_due', ['status', 'dueAt'])
export class DeletionRequest {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index('idx_deletion_request_member')
  @Column({ type: 'int' })
  memberId!: number;

  // memberId while open (cooling_off), null once closed: the unique index allows one open request per member.
  @Index('uq_deletion_request_open', { unique: true })
  @Column({ type: 'int', nullable: true })
  openMemberId!: number | null;

  @Column({ type: 'varchar', length: 16 })
  status!: DeletionRowStatus;

  @Column({ type: 'datetime', precision: 3 })
  requestedAt!: Date;

  // End of the cooling-off period.
  @Column({ type: 'datetime', precision: 3 })
  dueAt!: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  decidedAt!: Date | null;

  // Operator who rejected or processed it; null for the member's cancel and the daily job.
  @Column({ type: 'int', nullable: true })
  decidedBy!: number | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  rejectReason!: string | null;

  // The id the kept financial records answer to once personal data are gone (also the member no. then).
  @Index('uq_deletion_request_anonymous_id', { unique: true })
  @Column({ type: 'varchar', length: 16, nullable: true })
  anonymousId!: string | null;
}
