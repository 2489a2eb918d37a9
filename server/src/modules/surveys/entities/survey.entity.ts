import type { SurveyKind, SurveyStatus } from '@member/shared';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A survey: an event's feedback (one per event through the unique event_id, created with the event's defaults
 * when first asked for) or an NPS survey sent to a segment. Questions as JSON (built-ins first); `target_json`
 * holds an NPS survey's segment as resolved when it was sent (member ids, a tier, or everyone up to a member id).
 */
@Entity('survey')
@Index('uq_survey_event', ['eventId'], { unique: true })
@Index('idx_survey_kind', ['kind', 'id'])
export class SurveyRow {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 16 })
  kind!: SurveyKind;

  @Column({ type: 'varchar', length: 64 })
  title!: string;

  @Column({ type: 'int', nullable: true })
  eventId!: number | null;

  @Column({ type: 'int', nullable: true })
  storeId!: number | null;

  @Column({ type: 'varchar', length: 8 })
  status!: SurveyStatus;

  @Column({ type: 'text' })
  questionsJson!: string;

  @Column({ type: 'int' })
  lowRatingMax!: number;

  @Column({ type: 'text', nullable: true })
  targetJson!: string | null;

  // NPS: members the segment covered when sent; event feedback: read live (checked in).
  @Column({ type: 'int', default: 0 })
  audience!: number;

  @Column({ type: 'datetime', precision: 3 })
  opensAt!: Date;

  @Column({ type: 'datetime', precision: 3 })
  closesAt!: Date;

  @Column({ type: 'int', default: 0 })
  version!: number;

  // When the feedback-request notices were planned (event feedback; null: not yet).
  @Column({ type: 'datetime', precision: 3, nullable: true })
  requestsPlannedAt!: Date | null;

  @Column({ type: 'int', nullable: true })
  createdBy!: number | null;

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
