import { ErrorCode } from '@member/shared';
import { AppException } from '../common/app-exception';
import { LedgerAccount } from './entities/ledger-account.entity';
import { allocationsOf, expectLedgerClean, lotsOf, openLedgerKit, type LedgerKit } from './testing/ledger-test-kit';

const codeOf = (e: unknown) => (e instanceof AppException ? e.code : e);

// The round-trip savings of a posting: replays found by the unique index instead of a lookup, the
// locked balance reused within one transaction, several lots moved by one guarded UPDATE.
describe('LedgerService postings (fast path)', () => {
  let kit: LedgerKit;
  let member = 0;

  beforeAll(async () => {
    kit = await openLedgerKit();
  });
  afterAll(() => kit.close());
  afterEach(() => expectLedgerClean(kit.ds));

  const account = () => kit.ledger.openAccount(null, ++member, 'POINTS').then((a) => a.id);
  const input = (accountId: number, amount: number, bizId: string) => ({
    accountId,
    amount,
    bizType: 'fast',
    bizId,
    reason: 'x',
  });

  it('a replay inside a larger transaction changes nothing and the transaction goes on', async () => {
    const id = await account();
    const first = await kit.ledger.credit(null, input(id, 30, 'c1'));
    const [replay, conflict, next] = await kit.tx.run(async (em) => {
      const replay = await kit.ledger.credit(em, input(id, 30, 'c1'));
      const conflict = await kit.ledger.credit(em, input(id, 31, 'c1')).catch(codeOf);
      const next = await kit.ledger.credit(em, input(id, 5, 'c2'));
      return [replay, conflict, next];
    });
    expect(replay.id).toBe(first.id);
    expect(replay.balanceAfter).toBe(30);
    expect(conflict).toBe(ErrorCode.LEDGER_IDEMPOTENCY_CONFLICT);
    expect(next.balanceAfter).toBe(35);
    expect(await kit.ledger.balance(id)).toBe(35);
    expect((await kit.ledger.entries(id)).total).toBe(2);
    expect((await lotsOf(kit.ds, id)).map((l) => l.remaining)).toEqual([30, 5]);
  });

  it('a debit replayed after the balance ran out still answers its first entry', async () => {
    const id = await account();
    await kit.ledger.credit(null, input(id, 20, 'c'));
    const d1 = await kit.ledger.debit(null, input(id, 15, 'd'));
    await kit.ledger.debit(null, input(id, 5, 'rest'));
    const again = await kit.ledger.debit(null, input(id, 15, 'd'));
    expect(again.id).toBe(d1.id);
    expect(await kit.ledger.debit(null, input(id, 16, 'd')).catch(codeOf)).toBe(ErrorCode.LEDGER_IDEMPOTENCY_CONFLICT);
    expect(await kit.ledger.debit(null, input(id, 1, 'new')).catch(codeOf)).toBe(ErrorCode.LEDGER_INSUFFICIENT_BALANCE);
    expect(await kit.ledger.balance(id)).toBe(0);
  });

  it('several postings to a locked account in one transaction keep balance_after exact', async () => {
    const memberId = ++member;
    const entries = await kit.tx.run(async (em) => {
      const points = await kit.ledger.openLockedAccount(em, memberId, 'POINTS');
      const growth = await kit.ledger.openLockedAccount(em, memberId, 'GROWTH');
      expect(await kit.ledger.openLockedAccount(em, memberId, 'POINTS')).toBe(points);
      return [
        await kit.ledger.credit(em, input(points.id, 10, 'a')),
        await kit.ledger.credit(em, input(points.id, 7, 'b')),
        await kit.ledger.debit(em, input(points.id, 12, 'c')),
        await kit.ledger.credit(em, input(growth.id, 3, 'a')),
      ];
    });
    expect(entries.map((e) => e.balanceAfter)).toEqual([10, 17, 5, 3]);
    const [a, b] = (await lotsOf(kit.ds, entries[0].accountId)).map((l) => l.id);
    expect(await allocationsOf(kit.ds, entries[2].id)).toEqual({ [a]: 10, [b]: 2 });
  });

  it('forgets locked balances when a transaction rolls back', async () => {
    const id = await account();
    await kit.ledger.credit(null, input(id, 10, 'seed'));
    const failed = await kit.tx
      .run(async (em) => {
        await kit.ledger.credit(em, input(id, 5, 'gone'));
        throw new Error('rollback');
      })
      .catch((e: Error) => e.message);
    expect(failed).toBe('rollback');
    // SQLite reuses one QueryRunner for every transaction: a stale 15 here would fail the guard.
    const entry = await kit.tx.run((em) => kit.ledger.debit(em, input(id, 10, 'all')));
    expect(entry.balanceAfter).toBe(0);
  });

  it('a balance changed behind the ledger fails the posting instead of writing a wrong balance_after', async () => {
    const id = await account();
    await kit.ledger.credit(null, input(id, 10, 'seed'));
    const result = await kit.tx
      .run(async (em) => {
        await kit.ledger.credit(em, input(id, 1, 'one'));
        // Nothing may do this; if something did, the exact-balance guard catches it.
        await em.update(LedgerAccount, { id }, { balance: 100 });
        return kit.ledger.credit(em, input(id, 1, 'two'));
      })
      .catch((e: Error) => e.message);
    expect(result).toMatch(/changed during a posting/);
    expect(await kit.ledger.balance(id)).toBe(10);
  });
});
