import { LocalCache } from './local-cache';

describe('LocalCache', () => {
  it('loads once for concurrent misses and serves the value until the TTL passes', async () => {
    let loads = 0;
    const cache = new LocalCache(50, async () => ++loads);
    expect(await Promise.all([cache.get(), cache.get(), cache.get()])).toEqual([1, 1, 1]);
    expect(await cache.get()).toBe(1);
    await new Promise((r) => setTimeout(r, 60));
    expect(await cache.get()).toBe(2);
  });

  it('never stores a load that raced an invalidation', async () => {
    let value = 'old';
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const cache = new LocalCache(60_000, async () => {
      const seen = value;
      await gate;
      return seen;
    });
    const racing = cache.get(); // reads 'old' before the write below
    value = 'new';
    cache.invalidate();
    release();
    expect(await racing).toBe('old');
    expect(await cache.get()).toBe('new');
  });
});
