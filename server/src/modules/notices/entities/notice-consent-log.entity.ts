import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Every answer a member gave in a subscription popup (accept, reject, ban, filter), append-only. */
@Entity('notice_consent_log')
@Index('idx_notice_consent_member', ['memberId', 'id'])
export class NoticeConsentLogRow {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  memberId!: number;

  @Column({ type: 'varchar', length: 64 })
  templateId!: string;

  @Column({ type: 'varchar', length: 32, nullable: true })
  kind!: string | null;

  @Column({ type: 'varchar', length: 24 })
  moment!: string;

  @Column({ type: 'varchar', length: 16 })
  result!: string;

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;
}
