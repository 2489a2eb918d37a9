import type { NoticeKind } from '@member/shared';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * An operator's (or the engine's) setting for one kind. No row → the configured default template, not
 * paused. A row is written on the first change and moved by version-guarded updates.
 */
@Entity('notice_kind_config')
export class NoticeKindConfigRow {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  kind!: NoticeKind;

  @Column({ type: 'varchar', length: 64, nullable: true })
  templateId!: string | null;

  @Column({ type: 'boolean', width: 1, default: false })
  paused!: boolean;

  @Column({ type: 'varchar', length: 255, nullable: true })
  pausedReason!: string | null;

  @Column({ type: 'int', default: 0 })
  version!: number;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
