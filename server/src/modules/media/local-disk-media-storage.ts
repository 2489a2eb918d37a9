import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { assertMediaKey, MediaStorage, type StoredObject } from './media-storage';

/** Images as files under <dataDir>/media/<key>. */
export class LocalDiskMediaStorage extends MediaStorage {
  constructor(private readonly root: string) {
    super();
  }

  private path(key: string): string {
    assertMediaKey(key);
    return join(this.root, key);
  }

  async put(key: string, data: Buffer): Promise<void> {
    const file = this.path(key);
    if ((await this.size(file)) !== null) return;
    await mkdir(dirname(file), { recursive: true });
    // Written aside and renamed: a reader (or a crash) never sees half a file under the key.
    const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await writeFile(tmp, data, { mode: 0o644 });
      await rename(tmp, file);
    } finally {
      await rm(tmp, { force: true });
    }
  }

  async get(key: string): Promise<StoredObject | null> {
    const file = this.path(key);
    const bytes = await this.size(file);
    return bytes === null ? null : { stream: createReadStream(file), bytes };
  }

  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }

  private async size(file: string): Promise<number | null> {
    try {
      return (await stat(file)).size;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }
}
