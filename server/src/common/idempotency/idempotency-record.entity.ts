import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The committed answer to one idempotent request. (scope, operation, key) is unique; `key` uses a binary
 * collation on MySQL (see the migration) so keys compare byte-exact, as they do on SQLite.
 */
@Entity('idempotency_record')
@Index('uq_idempotency_record_key', ['scope', 'operation', 'key'], { unique: true })
export class IdempotencyRecord {
  @PrimaryGeneratedColumn()
  id!: number;

  // Whose key it is: `store:<id>` for staff calls, `member:<id>` for /me calls, `operator:<id>` for the console.
  @Column({ type: 'varchar', length: 40 })
  scope!: string;

  // What the key names (purchase, refund, points-adjustment): the same number may name a receipt and a refund.
  @Column({ type: 'varchar', length: 40 })
  operation!: string;

  @Column({ name: 'idem_key', type: 'varchar', length: 64 })
  key!: string;

  // SHA-256 (hex) of the canonical validated request, minus one-time parts such as the member code.
  @Column({ type: 'varchar', length: 64 })
  fingerprint!: string;

  @Column({ type: 'int' })
  statusCode!: number;

  @Column({ type: 'text' })
  responseJson!: string;

  @Index('idx_idempotency_record_created_at')
  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;
}
