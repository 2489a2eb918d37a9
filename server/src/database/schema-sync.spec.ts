import type { DataSource } from 'typeorm';
import { openTestDataSource } from '../../../test/fixtures/test-data-source';

// Migrations are the only way the schema changes; this proves they match the entities exactly.
describe('migrations vs entities', () => {
  let ds: DataSource;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ ds, close } = await openTestDataSource());
  });
  afterAll(() => close());

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
