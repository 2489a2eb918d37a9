import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { ActorType } from '@member/shared';

/** Append-only record of every privileged action: who, role, store, what, before/after, reason. */
@Entity('audit_log')
@Index('idx_audit_log_target', ['targetType', 'targetId'])
export class AuditLog {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 16 })
  actorType!: ActorType;

  @Column({ type: 'int', nullable: true })
  actorId!: number | null;

  @Column({ type: 'varchar', length: 64 })
  actorName!: string;

  @Column({ type: 'varchar', length: 32, nullable: true })
  actorRole!: string | null;

  @Index('idx_audit_log_store')
  @Column({ type: 'int', nullable: true })
  storeId!: number | null;

  @Index('idx_audit_log_action')
  @Column({ type: 'varchar', length: 64 })
  action!: string;

  @Column({ type: 'varchar', length: 32, nullable: true })
  targetType!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  targetId!: string | null;

  // JSON snapshots; text keeps the schema identical on MySQL and SQLite.
  @Column({ type: 'text', nullable: true })
  beforeJson!: string | null;

  @Column({ type: 'text', nullable: true })
  afterJson!: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  reason!: string | null;

  @Index('idx_audit_log_created_at')
  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;
}
