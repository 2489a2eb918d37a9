import { ErrorCode } from '@member/shared';
import { AppException } from '../common/app-exception';
import { checkLedgerInvariants } from './ledger-invariants';
import { LedgerAccount } from './entities/ledger-account.entity';
import {
  allocationsOf,
  days,
  expectLedgerClean,
  lotsOf,
  openLedgerKit,
  type LedgerKit,
} from './testing/ledger-test-kit';
import { testsUseMysql } from '../../../test/fixtures/test-database';

// Concurrent posts to one account: MySQL serialises them on the account row lock, SQLite in the runner.
describe('LedgerService under concurrency', () => {
  let kit: LedgerKit;
  let member = 0;

  beforeAll(async () => {
    kit = await openLedgerKit();
  });
  afterAll(() => kit.close());
  afterEach(() => expectLedgerClean(kit.ds));

  const account = () => kit.ledger.openAccount(null, ++member, 'POINTS').then((a) => a.id);
  const post = (kind: 'credit' | 'debit', accountId: number, amount: number, bizId: string) =>
    kit.ledger[kind](null, { accountId, amount, bizType: 'load', bizId, reason: kind, expiresAt: null });

  it('applies 100 concurrent mixed posts exactly once each, including 20 replays of one key', async () => {
    const id = await account();
    await post('credit', id, 1000, 'seed');
    const ops = [
      ...Array.from({ length: 40 }, (_, i) => () => post('credit', id, 10, `c${i}`)),
      ...Array.from({ length: 40 }, (_, i) => () => post('debit', id, 5, `d${i}`)),
      ...Array.from({ length: 20 }, () => () => post('credit', id, 7, 'same')),
    ];
    // Interleave deterministically so credits, debits and replays race each other.
    const order = ops.map((op, i) => ({ op, k: (i * 37) % ops.length })).sort((a, b) => a.k - b.k);
    const entries = await Promise.all(order.map(({ op }) => op()));

    expect(await kit.ledger.balance(id)).toBe(1000 + 40 * 10 - 40 * 5 + 7);
    const replays = entries.filter((e) => e.bizId === 'same');
    expect(new Set(replays.map((e) => e.id)).size).toBe(1);
    const { items, total } = await kit.ledger.entries(id, { pageSize: 100 });
    expect(total).toBe(1 + 40 + 40 + 1);
    expect(new Set(items.map((e) => `${e.entryType}:${e.bizId}`)).size).toBe(total);
    // balance_after is a running total: sorted by id, each entry adds its amount to the previous one.
    const sorted = [...items].sort((a, b) => a.id - b.id);
    sorted.forEach((e, i) => i > 0 && expect(e.balanceAfter).toBe(sorted[i - 1]!.balanceAfter + e.amount));
  });

  it('lets exactly as many concurrent debits through as the balance covers', async () => {
    const id = await account();
    await post('credit', id, 200, 'seed');
    const results = await Promise.allSettled(Array.from({ length: 30 }, (_, i) => post('debit', id, 10, `d${i}`)));
    const refused = results.filter((r) => r.status === 'rejected');
    expect(results.length - refused.length).toBe(20);
    for (const r of refused) {
      expect(((r as PromiseRejectedResult).reason as AppException).code).toBe(ErrorCode.LEDGER_INSUFFICIENT_BALANCE);
    }
    expect(await kit.ledger.balance(id)).toBe(0);
  });

  it('expires each due lot once when sweeps race each other and debits', async () => {
    const id = await account();
    for (let i = 0; i < 10; i++) {
      await kit.ledger.credit(null, {
        accountId: id,
        amount: 10,
        bizType: 'load',
        bizId: `lot${i}`,
        reason: 'x',
        expiresAt: days(i < 6 ? 1 : 30, kit.clock.now()),
      });
    }
    const at = days(2, kit.clock.now());
    const [a, b] = await Promise.all([
      kit.ledger.expireDue(at, 100),
      kit.ledger.expireDue(at, 100),
      post('debit', id, 5, 'racing'),
    ]);
    const debitTookDueLot = (await lotsOf(kit.ds, id)).filter((l) => l.remaining === 5).length === 0;
    expect(a + b).toBe(6);
    expect(await kit.ledger.balance(id)).toBe(debitTookDueLot ? 40 : 35);
  });

  it('wallet: PROPORTIONAL splits a debit across principal and bonus; onlyKinds restricts it', async () => {
    const id = (await kit.ledger.openAccount(null, ++member, 'WALLET')).id;
    await kit.ledger.credit(null, {
      accountId: id,
      amount: 300,
      bizType: 'topup',
      bizId: 't1',
      reason: 'x',
      lotKind: 'PRINCIPAL',
    });
    await kit.ledger.credit(null, {
      accountId: id,
      amount: 100,
      bizType: 'topup',
      bizId: 't1b',
      reason: 'x',
      lotKind: 'BONUS',
    });
    const [principal, bonus] = (await lotsOf(kit.ds, id)).map((l) => l.id);
    const pay = await kit.ledger.debit(null, {
      accountId: id,
      amount: 200,
      bizType: 'pay',
      bizId: 'p1',
      reason: 'x',
      policy: { order: 'PROPORTIONAL' },
    });
    expect(await allocationsOf(kit.ds, pay.id)).toEqual({ [principal]: 150, [bonus]: 50 });
    const refund = (amount: number, bizId: string) =>
      kit.ledger.debit(null, {
        accountId: id,
        amount,
        bizType: 'refund',
        bizId,
        reason: 'x',
        policy: { onlyKinds: ['PRINCIPAL'] },
      });
    expect(await refund(151, 'too-much').catch((e: AppException) => e.code)).toBe(
      ErrorCode.LEDGER_INSUFFICIENT_BALANCE,
    );
    expect(await allocationsOf(kit.ds, (await refund(150, 'ok')).id)).toEqual({ [principal]: 150 });
    expect(await kit.ledger.balance(id)).toBe(50);
  });

  // SQLite runs one transaction at a time, so only MySQL can commit a post while the caller's is open.
  (testsUseMysql() ? it : it.skip)("sees posts committed after the caller's snapshot (MySQL)", async () => {
    const id = await account();
    await post('credit', id, 10, 'old');
    const entry = await kit.tx.run(async (em) => {
      // The plain read opens a REPEATABLE READ snapshot that does not contain the credit below.
      expect(await em.getRepository(LedgerAccount).countBy({ id })).toBe(1);
      await post('credit', id, 20, 'new');
      return kit.ledger.debit(em, { accountId: id, amount: 30, bizType: 'load', bizId: 'all', reason: 'x' });
    });
    expect(entry.balanceAfter).toBe(0);
  });

  it('the invariant checker reports a tampered balance', async () => {
    const id = await account();
    await post('credit', id, 10, 'c');
    await kit.ds.getRepository(LedgerAccount).update(id, { balance: 11 });
    const { violations } = await checkLedgerInvariants(kit.ds);
    expect(violations.map((v) => [v.accountId, v.rule])).toEqual([
      [id, 'Σ entries = balance'],
      [id, 'Σ lots = balance'],
      [0, 'per kind Σ members = − Σ system legs'],
    ]);
    await kit.ds.getRepository(LedgerAccount).update(id, { balance: 10 });
  });
});
