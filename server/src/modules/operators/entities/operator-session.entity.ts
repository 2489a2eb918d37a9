import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One console sign-in; its id is in the token, so logging out ends this session and no other. */
@Entity('operator_session')
export class OperatorSession {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index('idx_operator_session_operator')
  @Column({ type: 'int' })
  operatorId!: number;

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;

  // When its token expires; later rows are deleted at the operator's next login.
  @Column({ type: 'datetime', precision: 3 })
  expiresAt!: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  revokedAt!: Date | null;
}
