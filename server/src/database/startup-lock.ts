import type { DataSource } from 'typeorm';

/**
 * Runs `work` (migrations, the bootstrap admin, the demo seed) holding a MySQL named lock for this database,
 * so that nodes starting at the same moment — several machines in a deploy, not only the workers of one
 * cluster — do it one at a time: the next one then finds the migrations applied and the admin created.
 * The lock is held by its own connection and lapses if that process dies. SQLite is one process: no lock.
 */
export async function withStartupLock<T>(ds: DataSource, work: () => Promise<T>): Promise<T> {
  if (ds.options.type === 'better-sqlite3') return work();
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    // Named locks are server-wide: the database's name keeps test databases on one server apart.
    const [{ name }] = (await runner.query("SELECT LEFT(CONCAT('member-startup:', DATABASE()), 64) AS name")) as {
      name: string;
    }[];
    const [{ got }] = (await runner.query('SELECT GET_LOCK(?, 600) AS got', [name])) as { got: number | null }[];
    if (Number(got) !== 1) throw new Error(`another node held the start-up lock ${name} for 10 minutes`);
    try {
      return await work();
    } finally {
      await runner.query('SELECT RELEASE_LOCK(?)', [name]);
    }
  } finally {
    await runner.release();
  }
}
