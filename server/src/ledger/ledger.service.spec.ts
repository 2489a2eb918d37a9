import { ErrorCode } from '@member/shared';
import { AppException } from '../common/app-exception';
import { LedgerEntry } from './entities/ledger-entry.entity';
import {
  allocationsOf,
  days,
  expectLedgerClean,
  lotsOf,
  openLedgerKit,
  type LedgerKit,
} from './testing/ledger-test-kit';

const codeOf = (e: unknown) => (e instanceof AppException ? e.code : e);

describe('LedgerService', () => {
  let kit: LedgerKit;
  let member = 0;

  beforeAll(async () => {
    kit = await openLedgerKit();
  });
  afterAll(() => kit.close());
  afterEach(() => expectLedgerClean(kit.ds));

  const account = () => kit.ledger.openAccount(null, ++member, 'POINTS').then((a) => a.id);
  const credit = (accountId: number, amount: number, bizId: string, expiresInDays?: number) =>
    kit.ledger.credit(null, {
      accountId,
      amount,
      bizType: 'test',
      bizId,
      reason: 'test credit',
      expiresAt: expiresInDays === undefined ? null : days(expiresInDays, kit.clock.now()),
    });
  const debit = (accountId: number, amount: number, bizId: string) =>
    kit.ledger.debit(null, { accountId, amount, bizType: 'test', bizId, reason: 'test debit' });

  it('opens one account per member and kind, also when asked concurrently', async () => {
    const ids = await Promise.all(Array.from({ length: 10 }, () => kit.ledger.openAccount(null, 9999, 'WALLET')));
    expect(new Set(ids.map((a) => a.id)).size).toBe(1);
    const points = await kit.ledger.openAccount(null, 9999, 'POINTS');
    expect(points.id).not.toBe(ids[0].id);
  });

  it('debits the soonest-expiring lots first, never-expiring lots last', async () => {
    const id = await account();
    await credit(id, 100, 'c30', 30);
    await credit(id, 50, 'c10', 10);
    await credit(id, 70, 'cnever');
    await credit(id, 30, 'c20', 20);
    const [l30, l10, lnever, l20] = (await lotsOf(kit.ds, id)).map((l) => l.id);

    const first = await debit(id, 120, 'd1');
    expect(first.amount).toBe(-120);
    expect(first.balanceAfter).toBe(130);
    expect(await allocationsOf(kit.ds, first.id)).toEqual({ [l10]: 50, [l20]: 30, [l30]: 40 });
    const second = await debit(id, 100, 'd2');
    expect(await allocationsOf(kit.ds, second.id)).toEqual({ [l30]: 60, [lnever]: 40 });
    expect(await kit.ledger.balance(id)).toBe(30);
    expect((await lotsOf(kit.ds, id)).map((l) => l.remaining)).toEqual([0, 0, 30, 0]);
  });

  it('refuses a debit above the balance and changes nothing', async () => {
    const id = await account();
    await credit(id, 30, 'c');
    const error = await debit(id, 31, 'too-much').catch(codeOf);
    expect(error).toBe(ErrorCode.LEDGER_INSUFFICIENT_BALANCE);
    expect(await kit.ledger.balance(id)).toBe(30);
    expect((await kit.ledger.entries(id)).total).toBe(1);
    expect((await lotsOf(kit.ds, id))[0].remaining).toBe(30);
  });

  it("rolls back with the caller's transaction", async () => {
    const id = await account();
    const failing = kit.tx.run(async (em) => {
      await kit.ledger.credit(em, { accountId: id, amount: 10, bizType: 'order', bizId: 'o1', reason: 'buy' });
      await kit.ledger.debit(em, { accountId: id, amount: 11, bizType: 'order', bizId: 'o1', reason: 'buy' });
    });
    expect(await failing.catch(codeOf)).toBe(ErrorCode.LEDGER_INSUFFICIENT_BALANCE);
    expect(await kit.ledger.balance(id)).toBe(0);
    expect((await kit.ledger.entries(id)).total).toBe(0);
  });

  it('replays a credit and a debit with the same key: same entry, balance unchanged', async () => {
    const id = await account();
    const c1 = await credit(id, 40, 'same');
    const c2 = await credit(id, 40, 'same');
    expect(c2.id).toBe(c1.id);
    const d1 = await debit(id, 15, 'same');
    const d2 = await kit.tx.run((em) =>
      kit.ledger.debit(em, { accountId: id, amount: 15, bizType: 'test', bizId: 'same', reason: 'again' }),
    );
    expect(d2.id).toBe(d1.id);
    expect(d2.balanceAfter).toBe(25);
    expect(await kit.ledger.balance(id)).toBe(25);
    expect((await kit.ledger.entries(id)).total).toBe(2);
    expect(await debit(id, 16, 'same').catch(codeOf)).toBe(ErrorCode.LEDGER_IDEMPOTENCY_CONFLICT);
  });

  it('reverses a debit into exactly the lots it drew from, partially then fully, and no further', async () => {
    const id = await account();
    await credit(id, 10, 'a', 5);
    await credit(id, 20, 'b', 9);
    await credit(id, 5, 'untouched', 99);
    const [a, b] = (await lotsOf(kit.ds, id)).map((l) => l.id);
    const d = await debit(id, 25, 'spend');
    expect(await allocationsOf(kit.ds, d.id)).toEqual({ [a]: 10, [b]: 15 });

    const reverse = (bizId: string, amount?: number) =>
      kit.ledger.reverse(null, {
        entryId: d.id,
        lotPolicy: 'RESTORE_ORIGINAL_LOTS',
        amount,
        bizType: 'refund',
        bizId,
        reason: 'refund',
      });
    const partial = await reverse('r1', 10);
    expect(partial.amount).toBe(10);
    expect(partial.reversesEntryId).toBe(d.id);
    expect(await allocationsOf(kit.ds, partial.id)).toEqual({ [a]: 4, [b]: 6 });
    expect((await reverse('r1', 10)).id).toBe(partial.id); // replay
    const rest = await reverse('r2');
    expect(rest.amount).toBe(15);
    expect(await allocationsOf(kit.ds, rest.id)).toEqual({ [a]: 6, [b]: 9 });
    expect((await lotsOf(kit.ds, id)).map((l) => [l.remaining, l.expiresAt])).toEqual(
      (await lotsOf(kit.ds, id)).map((l) => [l.amount, l.expiresAt]),
    );
    expect(await reverse('r3', 1).catch(codeOf)).toBe(ErrorCode.LEDGER_REVERSAL_EXCEEDS);
    expect(await reverse('r4').catch(codeOf)).toBe(ErrorCode.LEDGER_REVERSAL_EXCEEDS);
    expect(await kit.ledger.balance(id)).toBe(35);
  });

  it('reverses a credit from its own lot first, then the soonest-expiring lots', async () => {
    const id = await account();
    await credit(id, 30, 'y', 3);
    const x = await credit(id, 50, 'x', 50);
    await credit(id, 20, 'w', 100);
    await credit(id, 20, 'v', 200);
    const [ly, lx, lw] = (await lotsOf(kit.ds, id)).map((l) => l.id);
    const reverse = (bizId: string, amount?: number) =>
      kit.ledger.reverse(null, {
        entryId: x.id,
        lotPolicy: 'OWN_LOT_FIRST',
        amount,
        bizType: 'fix',
        bizId,
        reason: 'wrong credit',
      });

    const r1 = await reverse('r1', 40);
    expect(r1.amount).toBe(-40);
    expect(await allocationsOf(kit.ds, r1.id)).toEqual({ [lx]: 40 });
    expect(await allocationsOf(kit.ds, (await debit(id, 35, 'd')).id)).toEqual({ [ly]: 30, [lx]: 5 });
    // The credit's own lot holds only 5 of the 10 still reversible; the rest comes from the next lot due.
    const r2 = await reverse('r2');
    expect(r2.amount).toBe(-10);
    expect(await allocationsOf(kit.ds, r2.id)).toEqual({ [lx]: 5, [lw]: 5 });
    expect(await reverse('r3', 1).catch(codeOf)).toBe(ErrorCode.LEDGER_REVERSAL_EXCEEDS);
    expect(await kit.ledger.balance(id)).toBe(35);
  });

  it('refuses a credit reversal that would drive the balance below zero', async () => {
    const id = await account();
    const z = await credit(id, 20, 'z');
    await debit(id, 15, 'spent');
    const reverse = (amount?: number) =>
      kit.ledger.reverse(null, {
        entryId: z.id,
        lotPolicy: 'OWN_LOT_FIRST',
        amount,
        bizType: 'fix',
        bizId: 'rz',
        reason: 'wrong credit',
      });
    expect(await reverse().catch(codeOf)).toBe(ErrorCode.LEDGER_INSUFFICIENT_BALANCE);
    expect(await kit.ledger.balance(id)).toBe(5);
    expect((await reverse(5)).balanceAfter).toBe(0);
  });

  it('refuses to reverse a reversal', async () => {
    const id = await account();
    const c = await credit(id, 20, 'c');
    const r = await kit.ledger.reverse(null, {
      entryId: c.id,
      lotPolicy: 'OWN_LOT_FIRST',
      amount: 5,
      bizType: 'fix',
      bizId: 'r',
      reason: 'x',
    });
    const error = await kit.ledger
      .reverse(null, { entryId: r.id, lotPolicy: 'OWN_LOT_FIRST', bizType: 'fix', bizId: 'rr', reason: 'x' })
      .catch(codeOf);
    expect(error).toBe(ErrorCode.LEDGER_NOT_REVERSIBLE);
  });

  it('expires due lots once; a reversal into an expired lot comes back in a new 30-day lot', async () => {
    const id = await account();
    await credit(id, 10, 'soon', 1);
    await credit(id, 20, 'later', 2);
    await credit(id, 5, 'forever');
    const [soon, later] = (await lotsOf(kit.ds, id)).map((l) => l.id);
    const d = await debit(id, 4, 'd'); // from `soon`

    kit.clock.advance(86_400 + 1);
    // `soon` is due: only `later` is still expiring, before and after the sweep.
    expect(await kit.ledger.expiringSoon(id, days(2, kit.clock.now()))).toHaveLength(1);
    expect(await kit.ledger.expireDue(kit.clock.now(), 100)).toBe(1);
    expect(await kit.ledger.expireDue(kit.clock.now(), 100)).toBe(0);
    expect(await kit.ledger.balance(id)).toBe(25);
    const first = await kit.ds
      .getRepository(LedgerEntry)
      .findOneByOrFail({ accountId: id, journalAccountId: id, entryType: 'EXPIRE' });
    expect([first.bizType, first.bizId, first.amount]).toEqual(['lot_expiry', String(soon), -6]);

    // The 4 belong to `soon`, which has expired: they come back in a new lot valid 30 days.
    await kit.ledger.reverse(null, {
      entryId: d.id,
      lotPolicy: 'RESTORE_ORIGINAL_LOTS',
      bizType: 'refund',
      bizId: 'd',
      reason: 'refund',
    });
    expect(await kit.ledger.balance(id)).toBe(29);
    kit.clock.advance(86_400);
    expect(await kit.ledger.expireDue(kit.clock.now(), 100)).toBe(1);
    expect(await kit.ledger.expireDue(kit.clock.now(), 100)).toBe(0);
    const expiries = await kit.ds.getRepository(LedgerEntry).find({
      where: { accountId: id, journalAccountId: id, entryType: 'EXPIRE' },
      order: { id: 'ASC' },
    });
    expect(expiries.map((e) => [e.bizId, e.amount])).toEqual([
      [String(soon), -6],
      [String(later), -20],
    ]);
    expect(await kit.ledger.balance(id)).toBe(9);
    kit.clock.advance(30 * 86_400);
    await kit.ledger.expireDue(kit.clock.now(), 100);
    expect(await kit.ledger.balance(id)).toBe(5);
  });
});
