import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One run of a scheduled job for one key (e.g. the business day). The unique (name, run_key) index is
 * what makes a job run once across N server nodes: whoever inserts the row owns the run.
 */
@Entity('job_run')
@Index('uq_job_run_key', ['name', 'runKey'], { unique: true })
export class JobRun {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 64 })
  name!: string;

  @Column({ type: 'varchar', length: 64 })
  runKey!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: 'running' | 'done' | 'failed';

  @Column({ type: 'int', default: 1 })
  attempts!: number;

  @Column({ type: 'varchar', length: 64 })
  lockedBy!: string;

  // A run whose owner died is taken over once this passes; a failed run is retried after it.
  @Column({ type: 'datetime', precision: 3 })
  lockedUntil!: Date;

  @Column({ type: 'datetime', precision: 3 })
  startedAt!: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  finishedAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  resultJson!: string | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;
}
