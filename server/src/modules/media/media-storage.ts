import type { Readable } from 'node:stream';

/** A stored object as read back: its bytes as a stream and their count. */
export interface StoredObject {
  stream: Readable;
  bytes: number;
}

/**
 * Where image bytes live, by key ("ab/abcdef….jpg"). Keys are content-addressed (the upload's sha256), so
 * an object under a key never changes: put may skip a key that exists. The local disk under the data dir
 * is the default (LocalDiskMediaStorage); an S3-compatible bucket (COS, OSS, MinIO) implements this same
 * class with PutObject / GetObject / DeleteObject and is chosen by config media.driver.
 */
export abstract class MediaStorage {
  /** Stores `data` under `key` (once: an existing object under the same key is kept). */
  abstract put(key: string, data: Buffer, contentType: string): Promise<void>;
  /** The object, or null when there is none. */
  abstract get(key: string): Promise<StoredObject | null>;
  /** Removes the object; a missing one is not an error. */
  abstract delete(key: string): Promise<void>;
}

// Keys are made by MediaService (hex digest, a variant suffix, an extension); anything else is refused so
// that no key can name a path outside the store.
const KEY = /^[0-9a-f]{2}\/[0-9a-f]{64}(-thumb)?\.(jpg|png|webp)$/;

export function assertMediaKey(key: string): void {
  if (!KEY.test(key)) throw new Error(`invalid media key ${JSON.stringify(key)}`);
}
