import type { CouponBatchStatus } from '@member/shared';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * An operator's batch issue, worked through in chunks of members by id (`cursor` = last member id done),
 * each chunk one outbox item committed with the coupons it issued: resumable after a crash, and a member
 * never gets two (each coupon's source key is batch:<id>:<member>).
 */
@Entity('coupon_batch')
export class CouponBatch {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  templateId!: number;

  // CouponBatchTarget as JSON (member ids resolved at creation for a list).
  @Column({ type: 'text' })
  targetJson!: string;

  @Column({ type: 'varchar', length: 255 })
  note!: string;

  @Column({ type: 'varchar', length: 10 })
  status!: CouponBatchStatus;

  @Column({ type: 'int' })
  total!: number;

  @Column({ type: 'int', default: 0 })
  processed!: number;

  @Column({ type: 'int', default: 0 })
  issued!: number;

  @Column({ type: 'int', default: 0 })
  skipped!: number;

  @Column({ type: 'int', default: 0 })
  cursor!: number;

  @Column({ type: 'varchar', length: 255, nullable: true })
  stopReason!: string | null;

  @Column({ type: 'int' })
  createdBy!: number;

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  finishedAt!: Date | null;
}
