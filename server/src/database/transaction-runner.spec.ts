import { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '../../../test/fixtures/test-database';
import { AppConfig } from '../config/app-config';
import { loadConfig } from '../config/load-config';
import { Store } from '../modules/stores/entities/store.entity';
import { buildDataSourceOptions } from './data-source-options';
import { isUniqueViolation, TransactionRunner } from './transaction-runner';

describe('TransactionRunner', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let tx: TransactionRunner;

  beforeAll(async () => {
    db = await createTestDatabase();
    const config = new AppConfig(loadConfig({ NODE_ENV: 'test', DATABASE_URL: db.url, DATA_DIR: db.dataDir }));
    ds = new DataSource(await buildDataSourceOptions(config));
    await ds.initialize();
    await ds.runMigrations();
    tx = new TransactionRunner(ds);
  });
  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });

  const store = (code: string) => {
    const now = new Date();
    return { code, name: code, address: '', phone: '', active: true, createdAt: now, updatedAt: now };
  };

  it('runs concurrent transactions without losing or mixing writes', async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        tx.run(async (em) => {
          await em.insert(Store, store(`C${i}`));
          await new Promise((r) => setTimeout(r, 2));
          await em.insert(Store, store(`D${i}`));
        }),
      ),
    );
    expect(await ds.getRepository(Store).count()).toBe(40);
  });

  it('rolls back the whole transaction when one write fails', async () => {
    const before = await ds.getRepository(Store).count();
    const failing = tx.run(async (em) => {
      await em.insert(Store, store('R1'));
      await em.insert(Store, store('R1'));
    });
    const error = await failing.catch((e: unknown) => e);
    expect(isUniqueViolation(error)).toBe(true);
    expect(await ds.getRepository(Store).count()).toBe(before);
    // The queue keeps working after a failure.
    await tx.run((em) => em.insert(Store, store('R2')));
    expect(await ds.getRepository(Store).count()).toBe(before + 1);
  });
});
