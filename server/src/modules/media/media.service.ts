import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { AuditAction, ErrorCode, type MediaAsset } from '@member/shared';
import { AppException } from '../../common/app-exception';
import { Clock } from '../../common/clock';
import { INT_MAX } from '../../common/edge/edge-limits';
import { AppConfig } from '../../config/app-config';
import { isUniqueViolation } from '../../database/transaction-runner';
import { AuditService, operatorActor } from '../audit/audit.service';
import type { OperatorPrincipal } from '../auth/token.service';
import type { MediaAssetRow } from './entities/media-asset.entity';
import { IMAGE_TYPES, processImage, sniffImageType } from './media-image';
import { MediaStorage } from './media-storage';
import type { UploadedImageFile } from './media-upload';
import { MediaRepository } from './media.repository';

export type MediaVariant = 'original' | 'thumb';

/** One variant of an asset, ready to send. */
export interface MediaFile {
  stream: Readable;
  bytes: number;
  contentType: string;
  etag: string;
}

// Part of the upload's sha256 in every URL: an asset id never changes content, and the hash keeps a URL
// from ever naming another image (a database recreated in development reuses ids).
const VERSION_CHARS = 16;

/** The public URLs of an asset (relative: the console and H5 are served by this server; weapp prefixes its API origin). */
export function mediaUrl(row: Pick<MediaAssetRow, 'id' | 'sha256'>, variant: MediaVariant): string {
  return `/api/v1/media/${row.id}/${variant}?v=${row.sha256.slice(0, VERSION_CHARS)}`;
}

export function toMediaAsset(row: MediaAssetRow): MediaAsset {
  return {
    id: row.id,
    url: mediaUrl(row, 'original'),
    thumbUrl: mediaUrl(row, 'thumb'),
    width: row.width,
    height: row.height,
    contentType: row.contentType,
    bytes: row.bytes,
  };
}

/**
 * Images for goods (and later event posters): stored once per distinct upload, re-encoded without their
 * metadata, with a thumbnail, and served by id. Other modules keep MediaAsset ids and call resolve().
 */
@Injectable()
export class MediaService {
  constructor(
    private readonly repo: MediaRepository,
    private readonly storage: MediaStorage,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  /** An operator's upload (already read and type-checked at the edge): stored, audited, answered. */
  async upload(file: UploadedImageFile, op: OperatorPrincipal): Promise<MediaAsset> {
    const { asset, created } = await this.storeChecked(file, op.operatorId);
    await this.audit.record(operatorActor(op), {
      action: AuditAction.MediaUploaded,
      targetType: 'media_asset',
      targetId: asset.id,
      after: { contentType: asset.contentType, width: asset.width, height: asset.height, bytes: asset.bytes, created },
    });
    return asset;
  }

  /**
   * Stores image bytes (JPEG, PNG or WebP) and answers their asset; the same bytes answer the same asset.
   * For code that has the image in hand (the demo seed); `createdBy` null when no operator is behind it.
   */
  async store(data: Buffer, createdBy: number | null): Promise<MediaAsset> {
    if (data.length > this.config.media.maxBytes) throw new AppException(ErrorCode.MEDIA_TOO_LARGE);
    const type = sniffImageType(data.subarray(0, 12));
    if (!type) throw new AppException(ErrorCode.MEDIA_TYPE_UNSUPPORTED);
    const sha256 = createHash('sha256').update(data).digest('hex');
    return (await this.storeChecked({ data, sha256, type }, createdBy)).asset;
  }

  private async storeChecked(
    file: UploadedImageFile,
    createdBy: number | null,
  ): Promise<{ asset: MediaAsset; created: boolean }> {
    const existing = await this.repo.bySha256(file.sha256);
    if (existing) return { asset: toMediaAsset(existing), created: false };
    const { media } = this.config;
    const image = await processImage(file.data, file.type, media);
    const { contentType, ext } = IMAGE_TYPES[image.type];
    const base = `${file.sha256.slice(0, 2)}/${file.sha256}`;
    const row: Omit<MediaAssetRow, 'id'> = {
      sha256: file.sha256,
      originalKey: `${base}.${ext}`,
      thumbKey: `${base}-thumb.${ext}`,
      contentType,
      width: image.original.width,
      height: image.original.height,
      bytes: image.original.data.length,
      thumbWidth: image.thumb.width,
      thumbHeight: image.thumb.height,
      thumbBytes: image.thumb.data.length,
      createdBy,
      createdAt: this.clock.now(),
    };
    // Files first, then the row: a row always has its files. The keys follow from the bytes, so a
    // concurrent upload of the same image writes the same objects and loses only the insert.
    await this.storage.put(row.originalKey, image.original.data, contentType);
    await this.storage.put(row.thumbKey, image.thumb.data, contentType);
    try {
      const id = await this.repo.insert(row);
      return { asset: toMediaAsset({ ...row, id }), created: true };
    } catch (error) {
      const winner = isUniqueViolation(error) ? await this.repo.bySha256(file.sha256) : null;
      if (!winner) throw error;
      return { asset: toMediaAsset(winner), created: false };
    }
  }

  /** The assets of `ids` in that order; unknown ids are left out (a deleted or mistyped id is no error). */
  async resolve(ids: number[]): Promise<MediaAsset[]> {
    const valid = ids.filter((id) => Number.isInteger(id) && id >= 1 && id <= INT_MAX);
    const rows = new Map((await this.repo.byIds(valid)).map((row) => [row.id, row]));
    return valid.flatMap((id) => {
      const row = rows.get(id);
      return row ? [toMediaAsset(row)] : [];
    });
  }

  /** One variant's bytes to serve; `version` (the URL's v) must match when given. 404 MEDIA_NOT_FOUND otherwise. */
  async open(id: number, variant: MediaVariant, version?: string): Promise<MediaFile> {
    const row = await this.repo.byId(id);
    if (!row || (version !== undefined && !row.sha256.startsWith(version))) {
      throw new AppException(ErrorCode.MEDIA_NOT_FOUND);
    }
    const object = await this.storage.get(variant === 'thumb' ? row.thumbKey : row.originalKey);
    if (!object) throw new AppException(ErrorCode.MEDIA_NOT_FOUND);
    return {
      ...object,
      contentType: row.contentType,
      etag: `"${row.sha256.slice(0, VERSION_CHARS)}-${variant}"`,
    };
  }
}
