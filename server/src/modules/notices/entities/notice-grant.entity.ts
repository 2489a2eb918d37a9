import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Sends a member allowed for one template: each accept in the popup adds one, each send uses one with a
 * guarded update (remaining = remaining - 1 WHERE remaining > 0), so one grant is spent once across nodes.
 */
@Entity('notice_grant')
export class NoticeGrantRow {
  @PrimaryColumn({ type: 'int' })
  memberId!: number;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  templateId!: string;

  @Column({ type: 'int' })
  remaining!: number;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
