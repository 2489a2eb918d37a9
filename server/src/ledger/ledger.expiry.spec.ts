import { ErrorCode } from '@member/shared';
import { AppException } from '../common/app-exception';
import { LedgerEntry } from './entities/ledger-entry.entity';
import type { PostedEntry } from './ledger.types';
import { LOT_EXPIRY_BIZ_TYPE } from './ledger.service';
import type { LedgerAccountKind } from './ledger.types';
import {
  allocationsOf,
  days,
  expectLedgerClean,
  lotsOf,
  openLedgerKit,
  type LedgerKit,
} from './testing/ledger-test-kit';

const codeOf = (e: unknown) => (e instanceof AppException ? e.code : e);

// Expiry is exact at the second: reads count only lots with expires_at > now, and every posting expires
// the account's due lots first, so nothing depends on when the nightly sweep last ran.
describe('LedgerService expiry at the second', () => {
  let kit: LedgerKit;
  let member = 0;

  beforeAll(async () => {
    kit = await openLedgerKit();
  });
  afterAll(() => kit.close());
  afterEach(() => expectLedgerClean(kit.ds));

  const open = async (kind: LedgerAccountKind = 'POINTS') => {
    const memberId = ++member;
    return { memberId, id: (await kit.ledger.openAccount(null, memberId, kind)).id };
  };
  const credit = (accountId: number, amount: number, bizId: string, expiresAt: Date | null) =>
    kit.ledger.credit(null, { accountId, amount, bizType: 'test', bizId, reason: 'c', expiresAt });
  const debit = (accountId: number, amount: number, bizId: string) =>
    kit.ledger.debit(null, { accountId, amount, bizType: 'test', bizId, reason: 'd' });
  const entriesOf = (accountId: number) =>
    kit.ds
      .getRepository(LedgerEntry)
      .find({ where: { accountId, journalAccountId: accountId }, order: { id: 'ASC' } }) as Promise<PostedEntry[]>;
  /** How many entries a sweep adds to this account (other tests leave due lots in other accounts). */
  const sweepAdds = async (accountId: number) => {
    const before = (await entriesOf(accountId)).length;
    await kit.ledger.expireDue(kit.clock.now());
    return (await entriesOf(accountId)).length - before;
  };
  /** balance_after is a running total over the entries in id order. */
  const expectChain = (entries: PostedEntry[]) =>
    entries.forEach((e, i) => expect(e.balanceAfter).toBe((i ? entries[i - 1]!.balanceAfter : 0) + e.amount));

  it('reads count a lot until its expires_at, and not from that instant on', async () => {
    const { memberId, id } = await open();
    const at = days(1, kit.clock.now());
    await credit(id, 10, 'due', at);
    await credit(id, 5, 'later', days(9, kit.clock.now()));
    // The test clock keeps running, so "just before" is a few seconds before.
    kit.clock.setNow(new Date(at.getTime() - 5000));
    expect(await kit.ledger.balance(id)).toBe(15);
    expect(await kit.ledger.available(memberId, 'POINTS')).toEqual({ accountId: id, balance: 15 });
    expect((await kit.ledger.expiringSoon(id, days(30, at))).map((l) => l.remaining)).toEqual([10, 5]);

    kit.clock.setNow(at);
    expect(await kit.ledger.balance(id)).toBe(5);
    expect(await kit.ledger.available(memberId, 'POINTS')).toEqual({ accountId: id, balance: 5 });
    expect((await kit.ledger.expiringSoon(id, days(30, at))).map((l) => l.remaining)).toEqual([5]);
    expect(await kit.ledger.available(99_999, 'POINTS')).toEqual({ accountId: null, balance: 0 });
    // Nothing was posted, so nothing was written: the lot is still waiting for a posting or the sweep.
    expect((await entriesOf(id)).map((e) => e.entryType)).toEqual(['CREDIT', 'CREDIT']);
  });

  it('a debit cannot draw an expired lot even before the sweep', async () => {
    const { id } = await open();
    const at = days(1, kit.clock.now());
    await credit(id, 10, 'due', at);
    await credit(id, 5, 'never', null);
    const [due, never] = (await lotsOf(kit.ds, id)).map((l) => l.id);
    kit.clock.setNow(new Date(at.getTime() + 1000));

    expect(await debit(id, 6, 'too-much').catch(codeOf)).toBe(ErrorCode.LEDGER_INSUFFICIENT_BALANCE);
    const spent = await debit(id, 5, 'ok');
    expect(spent.balanceAfter).toBe(0);
    expect(await allocationsOf(kit.ds, spent.id)).toEqual({ [never]: 5 });
    const entries = await entriesOf(id);
    expect(entries.map((e) => [e.entryType, e.amount, e.bizType, e.bizId])).toEqual([
      ['CREDIT', 10, 'test', 'due'],
      ['CREDIT', 5, 'test', 'never'],
      ['EXPIRE', -10, LOT_EXPIRY_BIZ_TYPE, String(due)],
      ['DEBIT', -5, 'test', 'ok'],
    ]);
    expectChain(entries);
    expect(await sweepAdds(id)).toBe(0);
  });

  it('a credit to an account with a due lot expires it first, and the sweep then finds nothing', async () => {
    const { id } = await open();
    const at = days(1, kit.clock.now());
    await credit(id, 10, 'a', at);
    await credit(id, 20, 'b', at);
    await debit(id, 4, 'spent');
    const [a, b] = (await lotsOf(kit.ds, id)).map((l) => l.id);
    kit.clock.setNow(new Date(at.getTime() + 1000));

    const fresh = await credit(id, 7, 'fresh', days(30, kit.clock.now()));
    expect(fresh.balanceAfter).toBe(7);
    const entries = await entriesOf(id);
    expect(entries.map((e) => [e.entryType, e.amount, e.bizId])).toEqual([
      ['CREDIT', 10, 'a'],
      ['CREDIT', 20, 'b'],
      ['DEBIT', -4, 'spent'],
      ['EXPIRE', -6, String(a)],
      ['EXPIRE', -20, String(b)],
      ['CREDIT', 7, 'fresh'],
    ]);
    expectChain(entries);
    expect(await sweepAdds(id)).toBe(0);
    expect(await kit.ledger.balance(id)).toBe(7);
  });

  it('a replayed or refused posting still leaves the account with its due lots expired, or unchanged', async () => {
    const { id } = await open();
    const at = days(1, kit.clock.now());
    const first = await credit(id, 10, 'c', at);
    kit.clock.setNow(new Date(at.getTime() + 1000));
    // A refused debit rolls back with its own transaction: the expiry is redone by the next posting.
    expect(await debit(id, 1, 'refused').catch(codeOf)).toBe(ErrorCode.LEDGER_INSUFFICIENT_BALANCE);
    expect((await entriesOf(id)).length).toBe(1);
    expect((await credit(id, 10, 'c', at)).id).toBe(first.id);
    expect((await entriesOf(id)).map((e) => [e.entryType, e.balanceAfter])).toEqual([
      ['CREDIT', 10],
      ['EXPIRE', 0],
    ]);
  });

  it("openLockedAccount (the purchase's locking read) answers the live balance, expiring in the same transaction", async () => {
    const memberId = ++member;
    const id = (await kit.ledger.openAccount(null, memberId, 'POINTS')).id;
    const at = days(1, kit.clock.now());
    await credit(id, 10, 'old', at);
    await credit(id, 3, 'new', days(5, at));
    kit.clock.setNow(at);
    const balances = await kit.tx.run(async (em) => {
      const locked = await kit.ledger.openLockedAccount(em, memberId, 'POINTS');
      const before = locked.balance;
      const entry = await kit.ledger.debit(em, { accountId: id, amount: 3, bizType: 'test', bizId: 'd', reason: 'd' });
      return [before, entry.balanceAfter];
    });
    expect(balances).toEqual([3, 0]);
    expect((await entriesOf(id)).map((e) => e.entryType)).toEqual(['CREDIT', 'CREDIT', 'EXPIRE', 'DEBIT']);
  });

  it('growth lots that lapsed do not count toward the balance a growth credit reports', async () => {
    const { id } = await open('GROWTH');
    const start = kit.clock.now();
    await credit(id, 800, 'last-year', days(365, start));
    kit.clock.setNow(days(365, start));
    const entry = await credit(id, 50, 'today', days(365, kit.clock.now()));
    expect(entry.balanceAfter).toBe(50);
    expect((await entriesOf(id)).map((e) => [e.entryType, e.amount])).toEqual([
      ['CREDIT', 800],
      ['EXPIRE', -800],
      ['CREDIT', 50],
    ]);
  });

  it('a debit reversal into a lot that expired meanwhile restores into a new lot valid 30 days', async () => {
    const { id } = await open();
    const at = days(1, kit.clock.now());
    await credit(id, 10, 'soon', at);
    await credit(id, 10, 'later', days(9, at));
    const [soon] = (await lotsOf(kit.ds, id)).map((l) => l.id);
    const spent = await debit(id, 4, 'spent'); // from `soon`
    kit.clock.setNow(new Date(at.getTime() + 1000));
    const back = await kit.ledger.reverse(null, {
      entryId: spent.id,
      lotPolicy: 'RESTORE_ORIGINAL_LOTS',
      bizType: 'refund',
      bizId: 'r',
      reason: 'r',
    });
    expect(back.amount).toBe(4);
    expect(await kit.ledger.balance(id)).toBe(14);
    const entries = await entriesOf(id);
    expect(entries.slice(3).map((e) => [e.entryType, e.amount, e.bizId])).toEqual([
      ['EXPIRE', -6, String(soon)],
      ['REVERSAL', 4, 'r'],
    ]);
    expectChain(entries);
    const renewed = (await lotsOf(kit.ds, id)).find((l) => l.restoresLotId === soon)!;
    expect(renewed).toMatchObject({ amount: 4, remaining: 4, entryId: back.id });
    expect(renewed.expiresAt!.getTime()).toBe(back.createdAt.getTime() + 30 * 86_400_000);
    expect(await sweepAdds(id)).toBe(0);
  });

  it('concurrent sweeps and postings expire each due lot exactly once', async () => {
    const accounts: number[] = [];
    const at = days(1, kit.clock.now());
    for (let i = 0; i < 8; i++) {
      const { id } = await open();
      accounts.push(id);
      for (let j = 0; j < 3; j++) await credit(id, 10, `due${j}`, at);
      await credit(id, 10, 'live', days(30, at));
    }
    kit.clock.setNow(new Date(at.getTime() + 1000));
    const now = kit.clock.now();
    await Promise.all([
      kit.ledger.expireDue(now),
      ...accounts.flatMap((id, i) => [
        i % 2 ? debit(id, 5, 'race') : credit(id, 5, 'race', null),
        kit.ledger.expireDue(now, 2),
      ]),
      kit.ledger.expireDue(now),
    ]);
    expect(await kit.ledger.expireDue(now)).toBe(0);
    for (const [i, id] of accounts.entries()) {
      const expiries = (await entriesOf(id)).filter((e) => e.entryType === 'EXPIRE');
      expect(expiries.map((e) => e.amount)).toEqual([-10, -10, -10]);
      expect(new Set(expiries.map((e) => e.bizId)).size).toBe(3);
      expect(await kit.ledger.balance(id)).toBe(i % 2 ? 5 : 15);
      expectChain(await entriesOf(id));
    }
  });
});
