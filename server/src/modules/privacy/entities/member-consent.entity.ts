import type { ConsentKind } from '@member/shared';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Append-only consent history: every grant and withdrawal of the privacy policy or the marketing consent,
 * with the version the member saw. The latest row of a kind is where that consent stands; rows are never
 * edited, and survive erasure (they hold no personal data, only the anonymised member's id).
 */
@Entity('member_consent')
@Index('idx_member_consent_member_kind', ['memberId', 'kind', 'id'])
export class MemberConsent {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  memberId!: number;

  @Column({ type: 'varchar', length: 16 })
  kind!: ConsentKind;

  @Column({ type: 'varchar', length: 16 })
  version!: string;

  @Column({ type: 'boolean', width: 1, default: false })
  granted!: boolean;

  // Where the change came from: the member's own tap ('member') or the demo seed ('demo').
  @Column({ type: 'varchar', length: 16 })
  source!: string;

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;
}
