import type { DataSource } from 'typeorm';
import { openTestDataSource } from '../../../test/fixtures/test-data-source';
import { Store } from '../modules/stores/entities/store.entity';
import { isUniqueViolation, TransactionRunner } from './transaction-runner';

describe('TransactionRunner', () => {
  let ds: DataSource;
  let close: () => Promise<void>;
  let tx: TransactionRunner;

  beforeAll(async () => {
    ({ ds, close } = await openTestDataSource());
    tx = new TransactionRunner(ds);
  });
  afterAll(() => close());

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
