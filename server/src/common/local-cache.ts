/**
 * How long a node keeps its cached copy of rarely-changed settings (points rules, tier ladder) at most.
 * Changes reach the caches sooner: a write on this node invalidates its own cache at once, and SettingsSync
 * drops every node's copies within SETTINGS_POLL_MS (settings-sync.ts) through one version row read off the
 * request path. This TTL is only the backstop should a node miss a version bump (database briefly away).
 */
export const SETTINGS_CACHE_TTL_MS = 30_000;

/**
 * One value cached in this process for `ttlMs`. Concurrent misses share one load; a load that started
 * before invalidate() (or invalidateAll()) is handed to its callers but not stored, so a write is never
 * masked by a read that raced it. Callers get the cached object itself: hand out copies if they might
 * mutate it.
 */
export class LocalCache<T> {
  // Bumped by invalidateAll(): a value loaded under an older epoch is stale.
  private static epoch = 0;
  private static readonly listeners = new Set<() => void>();

  private value: { data: T; until: number; epoch: number } | null = null;
  private loading: Promise<T> | null = null;
  private loadingEpoch = 0;
  private generation = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly load: () => Promise<T>,
  ) {}

  /** Drops every LocalCache's value in this process (another node changed settings). */
  static invalidateAll(): void {
    LocalCache.epoch += 1;
  }

  /** Called on every local invalidate(): SettingsSync tells the other nodes. */
  static onInvalidate(listener: () => void): void {
    LocalCache.listeners.add(listener);
  }

  static offInvalidate(listener: () => void): void {
    LocalCache.listeners.delete(listener);
  }

  get(): Promise<T> {
    const v = this.value;
    if (v && v.until > performance.now() && v.epoch === LocalCache.epoch) return Promise.resolve(v.data);
    if (!this.loading || this.loadingEpoch !== LocalCache.epoch) {
      const generation = this.generation;
      const epoch = LocalCache.epoch;
      const loading: Promise<T> = this.load()
        .then((data) => {
          if (generation === this.generation && epoch === LocalCache.epoch) {
            this.value = { data, until: performance.now() + this.ttlMs, epoch };
          }
          return data;
        })
        .finally(() => {
          if (this.loading === loading) this.loading = null;
        });
      this.loading = loading;
      this.loadingEpoch = epoch;
    }
    return this.loading;
  }

  /** Call after the write committed. */
  invalidate(): void {
    this.generation += 1;
    this.value = null;
    this.loading = null;
    for (const listener of LocalCache.listeners) listener();
  }
}
