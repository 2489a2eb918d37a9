import { Injectable } from '@nestjs/common';
import type { MediaAsset } from '@member/shared';
import { MediaService } from '../media/media.service';

/**
 * The one place goods images are resolved: MediaAsset ids as stored on a goods → the assets (url, thumbnail)
 * through the media module, one query for a page of goods (none when no goods on it has an image).
 */
@Injectable()
export class MallImages {
  constructor(private readonly media: MediaService) {}

  /** The assets of these ids that exist, by id. */
  async assets(ids: number[]): Promise<Map<number, MediaAsset>> {
    if (!ids.length) return new Map();
    return new Map((await this.media.resolve([...new Set(ids)])).map((a) => [a.id, a]));
  }
}

/** The goods' images in their order, skipping ids that no longer resolve. */
export function imagesOf(ids: number[], assets: Map<number, MediaAsset>): MediaAsset[] {
  return ids.map((id) => assets.get(id)).filter((a): a is MediaAsset => !!a);
}
