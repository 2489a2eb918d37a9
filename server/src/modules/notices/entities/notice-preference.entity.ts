import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A member's switches: one row per kind they turned off or back on (no row → on), and the MARKETING row
 * for consent to marketing notices (no row → no consent).
 */
@Entity('notice_preference')
export class NoticePreferenceRow {
  @PrimaryColumn({ type: 'int' })
  memberId!: number;

  /** A NoticeKind, or MARKETING for the marketing consent. */
  @PrimaryColumn({ type: 'varchar', length: 32 })
  kind!: string;

  @Column({ type: 'boolean', width: 1, default: true })
  enabled!: boolean;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt!: Date;
}

export const MARKETING_CONSENT = 'MARKETING';
