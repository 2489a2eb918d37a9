/**
 * How long a node keeps serving its cached copy of rarely-changed settings (points rules, tier ladder).
 * A write on this node invalidates its own cache at once; other nodes pick the change up within this
 * time. We chose a TTL over a per-request version check because that check would cost the very round
 * trip the cache saves on every purchase, and a few seconds of propagation is fine for settings that an
 * operator publishes a few times a year (each purchase records the rules version it used).
 */
export const SETTINGS_CACHE_TTL_MS = 3_000;

/**
 * One value cached in this process for `ttlMs`. Concurrent misses share one load; a load that started
 * before invalidate() is handed to its callers but not stored, so a write is never masked by a read
 * that raced it. Callers get the cached object itself: hand out copies if they might mutate it.
 */
export class LocalCache<T> {
  private value: { data: T; until: number } | null = null;
  private loading: Promise<T> | null = null;
  private generation = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly load: () => Promise<T>,
  ) {}

  get(): Promise<T> {
    if (this.value && this.value.until > performance.now()) return Promise.resolve(this.value.data);
    if (!this.loading) {
      const generation = this.generation;
      const loading: Promise<T> = this.load()
        .then((data) => {
          if (generation === this.generation) this.value = { data, until: performance.now() + this.ttlMs };
          return data;
        })
        .finally(() => {
          if (this.loading === loading) this.loading = null;
        });
      this.loading = loading;
    }
    return this.loading;
  }

  /** Call after the write committed. */
  invalidate(): void {
    this.generation += 1;
    this.value = null;
    this.loading = null;
  }
}
