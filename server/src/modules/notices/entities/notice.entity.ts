import type { NoticeKind, NoticeReason, NoticeStatus } from '@member/shared';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One care notice to one member: planned once per (kind, member, dedupe key), then moved by the sender with
 * guarded updates. claim_token / claimed_until hold a sender's claim on a due row; SENDING is committed
 * (with one grant consumed) before the single subscribe/send call, so a row found in SENDING after
 * sending_at + timeout had its outcome lost and becomes UNKNOWN, never sent again.
 */
@Entity('notice')
@Index('uq_notice_dedupe', ['kind', 'memberId', 'dedupeKey'], { unique: true })
@Index('idx_notice_due', ['status', 'dueAt'])
@Index('idx_notice_member_sending', ['memberId', 'sendingAt'])
@Index('idx_notice_created', ['createdAt'])
@Index('idx_notice_claim', ['claimToken'])
export class NoticeRow {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 32 })
  kind!: NoticeKind;

  @Column({ type: 'int' })
  memberId!: number;

  @Column({ type: 'varchar', length: 64 })
  dedupeKey!: string;

  @Column({ type: 'varchar', length: 10 })
  status!: NoticeStatus;

  @Column({ type: 'varchar', length: 24, nullable: true })
  reason!: NoticeReason | null;

  @Column({ type: 'int', nullable: true })
  errcode!: number | null;

  /** The template the notice was (or would be) sent with. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  templateId!: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  page!: string | null;

  /** Keyword → value as rendered by the kind's builder (no names, phones or openids). */
  @Column({ type: 'varchar', length: 1000 })
  dataJson!: string;

  @Column({ type: 'datetime', precision: 3 })
  dueAt!: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  sendBy!: Date | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  sentAt!: Date | null;

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Column({ type: 'varchar', length: 32, nullable: true })
  claimToken!: string | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  claimedUntil!: Date | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  sendingAt!: Date | null;

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
