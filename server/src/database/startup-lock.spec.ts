import type { DataSource } from 'typeorm';
import { openTestDataSource } from '../../../test/fixtures/test-data-source';
import { withStartupLock } from './startup-lock';

describe('withStartupLock', () => {
  let ds: DataSource;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ ds, close } = await openTestDataSource());
  });
  afterAll(() => close());

  it('lets nodes starting together migrate and seed one at a time, and hands back the result', async () => {
    const steps: string[] = [];
    const node = (name: string) => async () => {
      steps.push(`${name} starts`);
      await new Promise((r) => setTimeout(r, 150));
      steps.push(`${name} done`);
      return name;
    };
    const results = await Promise.all([withStartupLock(ds, node('a')), withStartupLock(ds, node('b'))]);
    expect(results).toEqual(['a', 'b']);
    // Whichever got the lock first finishes before the other begins. SQLite is one process and takes no
    // lock (the cluster refuses it), so the two interleave there.
    if (ds.options.type === 'better-sqlite3') return;
    const first = steps[0].split(' ')[0];
    const second = first === 'a' ? 'b' : 'a';
    expect(steps).toEqual([`${first} starts`, `${first} done`, `${second} starts`, `${second} done`]);
  });

  it('releases the lock when the work fails', async () => {
    await expect(withStartupLock(ds, () => Promise.reject(new Error('migration failed')))).rejects.toThrow(
      'migration failed',
    );
    await expect(withStartupLock(ds, async () => 'next')).resolves.toBe('next');
  });
});
