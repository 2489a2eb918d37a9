import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

// Append-only: publishing inserts a new version; the current rules are the highest version.
@Entity('points_rule_version')
export class PointsRuleVersion {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index('uq_points_rule_version_version', { unique: true })
  @Column({ type: 'int' })
  version!: number;

  @Column({ type: 'text' })
  rulesJson!: string;

  @Column({ type: 'int', nullable: true })
  createdByOperatorId!: number | null;

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;

  // Null for the built-in default version and versions published before notes were required.
  @Column({ type: 'varchar', length: 255, nullable: true })
  note!: string | null;

  /** The warnings (RuleWarning[]) the publisher confirmed. */
  @Column({ type: 'text', nullable: true })
  warningsJson!: string | null;

  /** The second operator, for a change beyond a hard bound. */
  @Column({ type: 'int', nullable: true })
  approvedByOperatorId!: number | null;
}
