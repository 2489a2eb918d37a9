import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Gender } from '@member/shared';

@Entity('member')
export class Member {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index('uq_member_member_no', { unique: true })
  @Column({ type: 'varchar', length: 16 })
  memberNo!: string;

  @Index('uq_member_openid', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  openid!: string;

  @Index('uq_member_unionid', { unique: true })
  @Column({ type: 'varchar', length: 64, nullable: true })
  unionid!: string | null;

  @Column({ type: 'varchar', length: 32, default: '' })
  nickname!: string;

  @Column({ type: 'varchar', length: 8, default: Gender.Unknown })
  gender!: Gender;

  // Business date (Asia/Shanghai) as YYYY-MM-DD; no time zone games. Indexed for the daily birthday gift
  // (MemberDirectory.withBirthday looks up one month-day as exact dates, one per year).
  @Index('idx_member_birthday')
  @Column({ type: 'varchar', length: 10, nullable: true })
  birthday!: string | null;

  // Set once the member has chosen a birthday; later changes go through an operator.
  @Column({ type: 'boolean', width: 1, default: false })
  birthdayLocked!: boolean;

  // AES-256-GCM ciphertext "<keyId>.<base64 iv|tag|data>" (PhoneCryptoService); never returned to clients.
  @Column({ type: 'varchar', length: 255, nullable: true })
  phoneCipher!: string | null;

  // HMAC-SHA256 of the normalised phone, for exact lookup and uniqueness.
  @Index('uq_member_phone_hash', { unique: true })
  @Column({ type: 'varchar', length: 64, nullable: true })
  phoneHash!: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  phoneMasked!: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  privacyVersion!: string | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  privacyAcceptedAt!: Date | null;

  // erased: personal data removed after a deletion request (注销); the row stays for financial records.
  @Column({ type: 'varchar', length: 16, default: 'active' })
  status!: 'active' | 'disabled' | 'erased';

  @Index('idx_member_created_at')
  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
