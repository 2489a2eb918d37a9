import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A member's answers to a survey, once: unique (survey_id, member_id). The built-in answers are copied to
 * columns (rating, score, tags, comment) so results are sums, not JSON parsing; the rest stays in answers_json.
 */
@Entity('survey_response')
@Index('uq_survey_response', ['surveyId', 'memberId'], { unique: true })
@Index('idx_survey_response_store', ['storeId', 'createdAt'])
export class SurveyResponseRow {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  surveyId!: number;

  @Column({ type: 'int' })
  memberId!: number;

  @Column({ type: 'int', nullable: true })
  signupId!: number | null;

  @Column({ type: 'int', nullable: true })
  eventId!: number | null;

  @Column({ type: 'int', nullable: true })
  storeId!: number | null;

  @Column({ type: 'int', nullable: true })
  rating!: number | null;

  @Column({ type: 'int', nullable: true })
  score!: number | null;

  @Column({ type: 'varchar', length: 500 })
  tagsJson!: string;

  @Column({ type: 'varchar', length: 1000 })
  comment!: string;

  @Column({ type: 'text' })
  answersJson!: string;

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;
}
