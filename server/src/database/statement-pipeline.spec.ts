import type { DataSource } from 'typeorm';
import { openTestDataSource } from '../../../test/fixtures/test-data-source';
import { testsUseMysql } from '../../../test/fixtures/test-database';
import { Store } from '../modules/stores/entities/store.entity';
import { insertLater, insertStatement, sqlName } from './raw-sql';
import { commitWithNext, installPipeline, pipelineObserver, writeLater } from './statement-pipeline';
import { isUniqueViolation, TransactionRunner } from './transaction-runner';

type Callback = (error: Error | null, results?: unknown, fields?: unknown) => void;

/** A mysql2-shaped connection that records what is sent and answers one result per statement. */
function fakeConnection(
  answer: (statements: string[]) => unknown[] | Error = (s) => s.map(() => ({ affectedRows: 1 })),
) {
  const sent: { sql: string; values: unknown }[] = [];
  const conn = {
    query(payload: string | { sql: string }, values: unknown, callback: Callback) {
      const sql = typeof payload === 'string' ? payload : payload.sql;
      sent.push({ sql, values });
      const statements = sql.split(';\n');
      const results = answer(statements);
      setImmediate(() =>
        results instanceof Error
          ? callback(results)
          : callback(null, statements.length > 1 ? results : results[0], statements.length > 1 ? [] : undefined),
      );
    },
  };
  installPipeline(conn);
  const ask = (sql: string, values: unknown[] = []) =>
    new Promise<unknown>((ok, fail) => conn.query(sql, values, (e, r) => (e ? fail(e) : ok(r))));
  return { conn, sent, ask };
}

describe('statement pipeline (protocol)', () => {
  it('START TRANSACTION travels with the first statement; the first statement gets its own answer', async () => {
    const { sent, ask } = fakeConnection((s) => s.map((sql) => (sql.startsWith('SELECT') ? [{ n: 1 }] : {})));
    await ask('START TRANSACTION');
    expect(sent).toHaveLength(0);
    expect(await ask('SELECT ? AS n', [1])).toEqual([{ n: 1 }]);
    expect(sent).toEqual([{ sql: 'START TRANSACTION;\nSELECT ? AS n', values: [1] }]);
  });

  it('a transaction that sent nothing commits or rolls back without a trip', async () => {
    const { sent, ask } = fakeConnection();
    await ask('START TRANSACTION');
    await ask('ROLLBACK');
    await ask('START TRANSACTION');
    await ask('COMMIT');
    expect(sent).toHaveLength(0);
  });

  it('a guarded write whose row count is wrong fails the statement it rode with', async () => {
    const { ask, conn } = fakeConnection((s) => s.map((sql) => ({ affectedRows: sql.startsWith('UPDATE') ? 0 : 1 })));
    await ask('START TRANSACTION');
    await holdOn(conn, 'UPDATE t SET a = 1', { rows: 1, guard: 'row t changed' });
    await expect(ask('INSERT INTO u VALUES (?)', [2])).rejects.toThrow('row t changed');
  });

  it('guarded writes are flushed and checked before a COMMIT, never learnt after it', async () => {
    const { sent, ask, conn } = fakeConnection((s) => s.map(() => ({ affectedRows: 0 })));
    await ask('START TRANSACTION');
    await ask('SELECT 1');
    await holdOn(conn, 'UPDATE t SET a = 1', { rows: 1, guard: 'row t changed' });
    await expect(ask('COMMIT')).rejects.toThrow('row t changed');
    expect(sent.map((s) => s.sql)).toEqual(['START TRANSACTION;\nSELECT 1', 'UPDATE t SET a = 1;\nDO 0']);
  });

  it('a ROLLBACK drops what is held: rolled-back writes are never sent', async () => {
    const { sent, ask, conn } = fakeConnection();
    await ask('START TRANSACTION');
    await ask('SELECT 1');
    await holdOn(conn, 'INSERT INTO audit VALUES (1)');
    await ask('ROLLBACK');
    expect(sent.map((s) => s.sql)).toEqual(['START TRANSACTION;\nSELECT 1', 'ROLLBACK']);
  });

  it('commitWithNext: the last statement carries the COMMIT, and the COMMIT asked for after it takes no trip', async () => {
    const { sent, ask, conn } = fakeConnection();
    await ask('START TRANSACTION');
    await ask('SELECT 1');
    await holdOn(conn, 'INSERT INTO audit VALUES (1)');
    commitWithNext(emOn(conn));
    await ask('INSERT INTO record VALUES (2)');
    await ask('COMMIT');
    expect(sent.map((s) => s.sql)).toEqual([
      'START TRANSACTION;\nSELECT 1',
      'INSERT INTO audit VALUES (1);\nINSERT INTO record VALUES (2);\nCOMMIT',
    ]);
  });

  it('commitWithNext: a failing last statement commits nothing and the transaction rolls back', async () => {
    const { sent, ask, conn } = fakeConnection((s) =>
      s.some((sql) => sql.startsWith('INSERT INTO record')) ? new Error('Duplicate entry') : s.map(() => ({})),
    );
    await ask('START TRANSACTION');
    await ask('SELECT 1');
    commitWithNext(emOn(conn));
    await expect(ask('INSERT INTO record VALUES (2)')).rejects.toThrow('Duplicate entry');
    await ask('ROLLBACK');
    expect(sent.map((s) => s.sql)).toEqual([
      'START TRANSACTION;\nSELECT 1',
      'INSERT INTO record VALUES (2);\nCOMMIT',
      'ROLLBACK',
    ]);
  });

  it('commitWithNext: nothing may run after the statement that committed', async () => {
    const { ask, conn } = fakeConnection();
    await ask('START TRANSACTION');
    commitWithNext(emOn(conn));
    await ask('INSERT INTO record VALUES (2)');
    await expect(ask('UPDATE a SET b = 1')).rejects.toThrow('after the transaction committed');
  });

  it('commitWithNext waits when a held guard must be checked first: the COMMIT then goes on its own', async () => {
    const { sent, ask, conn } = fakeConnection();
    await ask('START TRANSACTION');
    await holdOn(conn, 'UPDATE t SET a = 1', { rows: 1, guard: 'row t changed' });
    commitWithNext(emOn(conn));
    await ask('INSERT INTO record VALUES (2)');
    await ask('COMMIT');
    expect(sent.map((s) => s.sql)).toEqual([
      'START TRANSACTION;\nUPDATE t SET a = 1;\nINSERT INTO record VALUES (2)',
      'COMMIT',
    ]);
  });

  it('tells the observer of every trip with the statements it carried', async () => {
    const trips: string[][] = [];
    pipelineObserver.onSend = (s) => trips.push(s);
    try {
      const { ask } = fakeConnection();
      await ask('START TRANSACTION');
      await ask('UPDATE a SET b = 1');
      await ask('COMMIT');
    } finally {
      pipelineObserver.onSend = null;
    }
    expect(trips).toEqual([['START TRANSACTION', 'UPDATE a SET b = 1'], ['COMMIT']]);
  });
});

/** An entity manager in a transaction on a fake connection, as far as the pipeline looks at one. */
const emOn = (conn: object) => ({ queryRunner: { isTransactionActive: true, databaseConnection: conn } }) as never;

/** A held write on a fake connection, as writeLater holds it inside a transaction. */
function holdOn(conn: object, sql: string, affected?: { rows: number; guard: string }): Promise<void> {
  return writeLater(emOn(conn), sql, [], affected);
}

describe('statement pipeline (database)', () => {
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
  const count = () => ds.getRepository(Store).count();

  it('held writes commit with the transaction, in order, and a later read in it sees them', async () => {
    const before = await count();
    const seen = await tx.run(async (em) => {
      await insertLater(em, Store, [store('P1'), store('P2')]);
      const { sql, params } = insertStatement(em, Store, [store('P3')]);
      await writeLater(em, sql, params);
      return em.getRepository(Store).countBy({ name: 'P2' });
    });
    expect(seen).toBe(1);
    expect(await count()).toBe(before + 3);
  });

  it('a held write that fails rolls the whole transaction back', async () => {
    const before = await count();
    const failed = await tx
      .run(async (em) => {
        await em.insert(Store, store('Q1'));
        await insertLater(em, Store, [store('Q1')]); // the unique code: fails where it rides
        await em.getRepository(Store).count();
      })
      .catch((e: Error) => e);
    expect(failed).toBeInstanceOf(Error);
    expect(await count()).toBe(before);
    // The connection goes back to the pool clean: the next transaction sends nothing of this one.
    await tx.run((em) => em.insert(Store, store('Q2')));
    expect(await count()).toBe(before + 1);
  });

  it('a held guard that does not hold fails the transaction before it commits', async () => {
    await tx.run((em) => em.insert(Store, store('G1')));
    const failed = await tx
      .run(async (em) => {
        await em.update(Store, { code: 'G1' }, { name: 'renamed' });
        await writeLater(em, `UPDATE ${sqlName(em, Store)} SET name = ? WHERE code = ?`, ['never', 'no-such-store'], {
          rows: 1,
          guard: 'store G1 moved',
        });
      })
      .catch((e: Error) => e.message);
    expect(failed).toMatch('store G1 moved');
    expect((await ds.getRepository(Store).findOneByOrFail({ code: 'G1' })).name).toBe('G1');
  });

  it('commitWithNext: a last statement a unique key refuses commits nothing of its transaction', async () => {
    await tx.run((em) => em.insert(Store, store('K0')));
    const before = await count();
    const failed = await tx
      .run(async (em) => {
        await em.insert(Store, store('K1'));
        await insertLater(em, Store, [store('K2')]);
        commitWithNext(em);
        await em.insert(Store, store('K0'));
      })
      .catch((e: unknown) => e);
    expect(isUniqueViolation(failed)).toBe(true);
    expect(await count()).toBe(before);
    await tx.run(async (em) => {
      commitWithNext(em);
      await em.insert(Store, store('K3'));
    });
    expect(await count()).toBe(before + 1);
  });

  it('on MySQL a transaction of held writes takes one trip with its COMMIT (SQLite runs them at once)', async () => {
    const trips: string[][] = [];
    pipelineObserver.onSend = (s) => trips.push(s);
    try {
      await tx.run(async (em) => {
        await insertLater(em, Store, [store('T1')]);
        await insertLater(em, Store, [store('T2')]);
      });
    } finally {
      pipelineObserver.onSend = null;
    }
    if (!testsUseMysql()) return expect(trips).toEqual([]);
    expect(trips).toHaveLength(1);
    expect(trips[0]).toHaveLength(4);
    expect(trips[0][0]).toBe('START TRANSACTION');
    expect(trips[0][3]).toBe('COMMIT');
  });
});
