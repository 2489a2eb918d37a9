// Images for goods and posters (contract: MediaAsset in @member/shared contracts/mall).
import type { MediaAsset } from '@member/shared';
import { apiRequest, uploadFile } from './client';

export const mediaApi = {
  /** The assets of these ids, in that order; unknown ids are left out. */
  byIds: (ids: number[]) => apiRequest<MediaAsset[]>('/admin/media', { query: { ids: ids.join(',') } }),
  /** One JPG/PNG/WebP upload (the server checks type and size and answers zh-CN errors). */
  upload: (file: Blob & { name?: string }, opts: { onProgress?: (percent: number) => void; signal?: AbortSignal }) =>
    uploadFile<MediaAsset>('/admin/media', 'file', file, opts),
};
