import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One console sign-in. Its id is in every access token, so logging out ends this session and no other; the
 * console's refresh cookie names it too, with the generation it was issued for (see refresh-token.ts).
 */
@Entity('operator_session')
export class OperatorSession {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index('idx_operator_session_operator')
  @Column({ type: 'int' })
  operatorId!: number;

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;

  // The absolute end of the session (auth.operatorSessionMaxSeconds after sign-in); later rows are deleted at
  // the operator's next login.
  @Column({ type: 'datetime', precision: 3 })
  expiresAt!: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  revokedAt!: Date | null;

  // The account's token version at sign-in: "log out everywhere", a password change or reset, or disabling
  // bump the account's, and a session of an older version cannot refresh.
  @Column({ type: 'int', default: 0 })
  tokenVersion!: number;

  // Which refresh token is current: each refresh moves it on by one, so an older one presented again is a
  // copy (stolen, or replayed) and ends the session.
  @Column({ type: 'int', default: 0 })
  refreshGeneration!: number;

  // Random per session, mixed into every refresh token's MAC; null for sessions from before refresh tokens.
  @Column({ type: 'varchar', length: 64, nullable: true })
  refreshNonce!: string | null;

  // The last refresh (idle expiry counts from it, or from createdAt before the first).
  @Column({ type: 'datetime', precision: 3, nullable: true })
  refreshedAt!: Date | null;
}
