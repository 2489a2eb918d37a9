import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { loadConfig } from '../config/load-config';
import { buildDataSourceOptions } from './data-source-options';
import { createTestDatabase, type TestDatabase } from '../../../test/fixtures/test-database';

// Migrations are the only way the schema changes; this proves they match the entities exactly.
describe('migrations vs entities', () => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    const config = new AppConfig(loadConfig({ NODE_ENV: 'test', DATABASE_URL: db.url, DATA_DIR: db.dataDir }));
    ds = new DataSource(await buildDataSourceOptions(config));
    await ds.initialize();
    await ds.runMigrations();
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it(`leaves no pending schema change`, async () => {
    const pending = await ds.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('migrates down and up again', async () => {
    await ds.undoLastMigration();
    await ds.runMigrations();
    const pending = await ds.driver.createSchemaBuilder().log();
    expect(pending.upQueries).toHaveLength(0);
  });
});
