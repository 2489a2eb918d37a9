import type { OutboxStatus } from '@member/shared';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One unit of work committed together with the change that caused it. Workers claim it with a lease
 * (claimed_by, lease_until) and bump `version` on every claim, so a worker whose lease was taken over
 * cannot complete it. outbox_key is byte-exact on MySQL (utf8mb4_bin, see the migration).
 */
@Entity('outbox')
@Index('uq_outbox_kind_key', ['kind', 'key'], { unique: true })
@Index('idx_outbox_due', ['status', 'availableAt'])
@Index('idx_outbox_kind_status', ['kind', 'status'])
export class OutboxRow {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 64 })
  kind!: string;

  @Column({ name: 'outbox_key', type: 'varchar', length: 128, nullable: true })
  key!: string | null;

  @Column({ type: 'text' })
  payloadJson!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: OutboxStatus;

  // Deliveries started (claims), including ones whose worker died.
  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Column({ type: 'int', default: 0 })
  version!: number;

  @Column({ type: 'datetime', precision: 3 })
  availableAt!: Date;

  @Column({ type: 'varchar', length: 64, nullable: true })
  claimedBy!: string | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  leaseUntil!: Date | null;

  @Column({ type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt!: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  finishedAt!: Date | null;
}
