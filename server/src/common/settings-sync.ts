import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { LocalCache } from './local-cache';

/** How often each node reads the settings version: the bound on how long another node prices with old rules. */
export const SETTINGS_POLL_MS = 500;

/**
 * Keeps the settings caches of every node in step through one row (settings_version): a cache invalidated
 * here (after its write committed) bumps the row; a timer on every node reads it — one primary-key read,
 * off the request path, so a purchase pays nothing — and drops every cached copy in this process when it
 * moved. A node that misses a bump (database briefly away) still reloads after SETTINGS_CACHE_TTL_MS.
 * SQLite is one process, where invalidating locally is the whole story: no row is read or written there.
 */
@Injectable()
export class SettingsSync implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('SettingsSync');
  private timer: NodeJS.Timeout | null = null;
  private seen: number | null = null;
  private polling = false;
  private readonly bump = () => {
    this.ds.query('UPDATE settings_version SET version = version + 1 WHERE id = 1').catch((error: unknown) => {
      this.logger.error(`settings version not bumped: ${error instanceof Error ? error.message : String(error)}`);
    });
  };

  constructor(
    private readonly ds: DataSource,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.usesSqlite) return;
    LocalCache.onInvalidate(this.bump);
    this.timer = setInterval(() => void this.poll(), SETTINGS_POLL_MS);
    this.timer.unref();
    void this.poll();
  }

  onApplicationShutdown(): void {
    LocalCache.offInvalidate(this.bump);
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Reads the version; a change since the last read drops this process's cached settings. */
  async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const rows: { version: number | string }[] = await this.ds.query(
        'SELECT version FROM settings_version WHERE id = 1',
      );
      const version = Number(rows[0]?.version ?? 0);
      if (this.seen !== null && version !== this.seen) LocalCache.invalidateAll();
      this.seen = version;
    } catch (error) {
      // Shutting down, or the database is away: the caches' TTL still bounds how stale they get.
      if (this.timer)
        this.logger.warn(`settings version not read: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.polling = false;
    }
  }
}
