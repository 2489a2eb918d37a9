import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * An uploaded image: the re-encoded original and its thumbnail in MediaStorage under keys derived from the
 * upload's sha256, so the same bytes uploaded again answer this row instead of storing a copy.
 */
@Entity('media_asset')
@Index('uq_media_asset_sha256', ['sha256'], { unique: true })
export class MediaAssetRow {
  @PrimaryGeneratedColumn()
  id!: number;

  // Hex sha256 of the bytes as uploaded (before re-encoding).
  @Column({ type: 'varchar', length: 64 })
  sha256!: string;

  @Column({ type: 'varchar', length: 120 })
  originalKey!: string;

  @Column({ type: 'varchar', length: 120 })
  thumbKey!: string;

  // image/jpeg, image/png or image/webp: both variants keep the upload's format.
  @Column({ type: 'varchar', length: 20 })
  contentType!: string;

  // Of the stored original (after fitting within media.maxDimension).
  @Column({ type: 'int' })
  width!: number;

  @Column({ type: 'int' })
  height!: number;

  @Column({ type: 'int' })
  bytes!: number;

  @Column({ type: 'int' })
  thumbWidth!: number;

  @Column({ type: 'int' })
  thumbHeight!: number;

  @Column({ type: 'int' })
  thumbBytes!: number;

  // The operator who uploaded it first; null for the demo seed.
  @Column({ type: 'int', nullable: true })
  createdBy!: number | null;

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;
}
