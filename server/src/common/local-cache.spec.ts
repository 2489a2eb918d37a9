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

describe('LocalCache across nodes', () => {
  it('invalidateAll() drops every cached value and discards loads that started before it', async () => {
    let value = 'old';
    let release!: () => void;
    let gate: Promise<void> = Promise.resolve();
    const a = new LocalCache(60_000, async () => {
      const seen = value;
      await gate;
      return `a:${seen}`;
    });
    const b = new LocalCache(60_000, async () => `b:${value}`);
    expect([await a.get(), await b.get()]).toEqual(['a:old', 'b:old']);

    gate = new Promise<void>((r) => (release = r));
    value = 'new'; // another node's write: nothing here was invalidated yet
    expect(await b.get()).toBe('b:old');
    LocalCache.invalidateAll();
    const racing = a.get(); // reads 'new' now, but hold it back until after a second bump
    value = 'newer';
    LocalCache.invalidateAll();
    release();
    expect(await racing).toBe('a:new');
    expect([await a.get(), await b.get()]).toEqual(['a:newer', 'b:newer']);
  });

  it('tells its listeners about every local invalidation (SettingsSync bumps the shared version)', () => {
    const heard: string[] = [];
    const listener = () => heard.push('bump');
    LocalCache.onInvalidate(listener);
    const cache = new LocalCache(60_000, async () => 1);
    cache.invalidate();
    LocalCache.offInvalidate(listener);
    cache.invalidate();
    expect(heard).toEqual(['bump']);
  });
});
