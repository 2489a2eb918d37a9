import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A member's current tier. No row means the entry tier (growth threshold 0). */
@Entity('member_tier')
export class MemberTier {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index('uq_member_tier_member', { unique: true })
  @Column({ type: 'int' })
  memberId!: number;

  @Column({ type: 'int' })
  tierId!: number;

  // Set by an operator; automatic re-evaluation leaves pinned members alone.
  @Column({ type: 'boolean', width: 1, default: false })
  pinned!: boolean;

  @Column({ type: 'datetime', precision: 3 })
  since!: Date;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
