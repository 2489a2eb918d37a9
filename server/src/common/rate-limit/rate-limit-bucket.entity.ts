import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One throttle counter: hits in the fixed window that ends at windowEndsAt. Shared by every node; written
 * only with guarded UPDATEs and a unique INSERT (see RateLimitRepository).
 */
@Entity('rate_limit_bucket')
export class RateLimitBucket {
  // `<rule>:<HMAC of the subject>`: no username, address or id is stored in clear. Byte-exact on MySQL
  // (binary collation, see the migration), as on SQLite.
  @PrimaryColumn({ name: 'bucket_key', type: 'varchar', length: 80 })
  key!: string;

  @Column({ type: 'int' })
  hits!: number;

  @Index('idx_rate_limit_bucket_window_ends_at')
  @Column({ type: 'datetime', precision: 3 })
  windowEndsAt!: Date;
}
