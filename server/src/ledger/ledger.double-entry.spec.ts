import { ErrorCode } from '@member/shared';
import { AppException } from '../common/app-exception';
import { LedgerAccount } from './entities/ledger-account.entity';
import { LedgerEntry } from './entities/ledger-entry.entity';
import { checkLedgerInvariants } from './ledger-invariants';
import {
  allocationsOf,
  days,
  expectLedgerClean,
  lotsOf,
  openLedgerKit,
  type LedgerKit,
} from './testing/ledger-test-kit';

const codeOf = (e: unknown) => (e instanceof AppException ? e.code : e);

// Ledger v2: journals of a member leg and a system leg, system accounts without balances, BIGINT, holds.
describe('LedgerService double entry', () => {
  let kit: LedgerKit;
  let member = 50_000;

  beforeAll(async () => {
    kit = await openLedgerKit();
  });
  afterAll(() => kit.close());
  afterEach(() => expectLedgerClean(kit.ds));

  const account = (kind: 'POINTS' | 'WALLET' = 'POINTS') =>
    kit.ledger.openAccount(null, ++member, kind).then((a) => a.id);
  const credit = (accountId: number, amount: number, bizId: string, expiresAt: Date | null = null) =>
    kit.ledger.credit(null, { accountId, amount, bizType: 'test', bizId, reason: 'test credit', expiresAt });
  // Journal order, the member leg first (which leg gets the lower id depends on the driver).
  const legsOf = async (journalAccountId: number) =>
    (await kit.ds.getRepository(LedgerEntry).find({ where: { journalAccountId } })).sort(
      (a, b) =>
        a.journalSeq - b.journalSeq ||
        Number(b.accountId === journalAccountId) - Number(a.accountId === journalAccountId),
    );
  const systemCodeOf = async (accountId: number) =>
    (await kit.ds.getRepository(LedgerAccount).findOneByOrFail({ id: accountId })).systemCode;

  it('writes every posting as a numbered journal of a member leg and an opposite system leg', async () => {
    const id = await account();
    const c = await credit(id, 100, 'c');
    const d = await kit.ledger.debit(null, { accountId: id, amount: 30, bizType: 'test', bizId: 'd', reason: 'd' });
    await kit.ledger.reverse(null, {
      entryId: d.id,
      lotPolicy: 'RESTORE_ORIGINAL_LOTS',
      amount: 10,
      bizType: 'test',
      bizId: 'r',
      reason: 'r',
    });
    const legs = await legsOf(id);
    expect(legs.map((l) => [l.journalSeq, l.accountId === id ? 'member' : 'system', l.amount])).toEqual([
      [1, 'member', 100],
      [1, 'system', -100],
      [2, 'member', -30],
      [2, 'system', 30],
      [3, 'member', 10],
      [3, 'system', -10],
    ]);
    const systems = legs.filter((l) => l.accountId !== id);
    expect(await Promise.all(systems.map((l) => systemCodeOf(l.accountId)))).toEqual([
      'POINTS:ISSUED',
      'POINTS:REDEEMED',
      'POINTS:REDEEMED', // a reversal goes back to the account its original came from
    ]);
    expect(systems.every((l) => l.balanceAfter === null && l.reversesEntryId === null)).toBe(true);
    expect([c.journalSeq, d.journalSeq]).toEqual([1, 2]);
    // System accounts are never locked or updated: no balance, no seq.
    const issued = await kit.ds.getRepository(LedgerAccount).findOneByOrFail({ systemCode: 'POINTS:ISSUED' });
    expect([issued.balance, issued.seq, issued.memberId]).toEqual([0, 0, null]);
    expect((await kit.ds.getRepository(LedgerAccount).findOneByOrFail({ id })).seq).toBe(3);
  });

  it('keeps amounts beyond INT as exact numbers and refuses what would pass 2^53', async () => {
    const id = await account('WALLET');
    const big = 3_000_000_000_000;
    expect((await credit(id, big, 'big')).balanceAfter).toBe(big);
    expect(await kit.ledger.balance(id)).toBe(big);
    const [lot] = await lotsOf(kit.ds, id);
    expect([typeof lot!.amount, lot!.remaining]).toEqual(['number', big]);
    const tooMuch = await credit(id, Number.MAX_SAFE_INTEGER - big + 1, 'over').catch(codeOf);
    expect(tooMuch).toBe(ErrorCode.VALIDATION_FAILED);
  });

  it('the checker finds a journal that does not sum to zero and a broken balance_after chain', async () => {
    const id = await account();
    await credit(id, 10, 'a');
    await credit(id, 5, 'b');
    const [first] = await legsOf(id); // the member leg of journal 1
    await kit.ds.getRepository(LedgerEntry).update(first!.id, { balanceAfter: 11 });
    const system = (await legsOf(id)).find((l) => l.accountId !== id && l.journalSeq === 2)!;
    await kit.ds.getRepository(LedgerEntry).update(system.id, { amount: -4 });
    const rules = (await checkLedgerInvariants(kit.ds)).violations.map((v) => v.rule);
    expect(rules).toEqual(
      expect.arrayContaining([
        'journal: one member leg, Σ = 0',
        'balance_after chain',
        'per kind Σ members = − Σ system legs',
      ]),
    );
    await kit.ds.getRepository(LedgerEntry).update(first!.id, { balanceAfter: 10 });
    await kit.ds.getRepository(LedgerEntry).update(system.id, { amount: -5 });
  });

  describe('holds (pending postings)', () => {
    it('reserves at once, then a post keeps it and a void puts it back into the lots it came from', async () => {
      const id = await account();
      await credit(id, 50, 'soon', days(10, kit.clock.now()));
      await credit(id, 50, 'later', days(20, kit.clock.now()));
      const hold = await kit.ledger.hold(null, {
        accountId: id,
        amount: 60,
        bizType: 'order',
        bizId: 'o1',
        reason: '兑换',
      });
      expect(hold.status).toBe('pending');
      expect(await kit.ledger.balance(id)).toBe(40);
      // A repeated hold answers the first; the same key for another amount is refused.
      expect(
        (await kit.ledger.hold(null, { accountId: id, amount: 60, bizType: 'order', bizId: 'o1', reason: 'x' })).id,
      ).toBe(hold.id);
      const reused = kit.ledger.hold(null, { accountId: id, amount: 61, bizType: 'order', bizId: 'o1', reason: 'x' });
      expect(await reused.catch(codeOf)).toBe(ErrorCode.LEDGER_IDEMPOTENCY_CONFLICT);
      // More than what is left cannot be held.
      const over = kit.ledger.hold(null, { accountId: id, amount: 41, bizType: 'order', bizId: 'o2', reason: 'x' });
      expect(await over.catch(codeOf)).toBe(ErrorCode.LEDGER_INSUFFICIENT_BALANCE);

      const drawn = await allocationsOf(kit.ds, hold.entryId);
      expect(Object.values(drawn)).toEqual([50, 10]);
      const voided = await kit.ledger.voidHold(null, hold.id, '订单取消');
      expect(voided.status).toBe('voided');
      expect(await kit.ledger.balance(id)).toBe(100);
      expect((await lotsOf(kit.ds, id)).map((l) => l.remaining)).toEqual([50, 50]);
      expect(await kit.ledger.postHold(null, hold.id).catch(codeOf)).toBe(ErrorCode.LEDGER_NOT_REVERSIBLE);

      const kept = await kit.ledger.hold(null, {
        accountId: id,
        amount: 30,
        bizType: 'order',
        bizId: 'o3',
        reason: '兑换',
      });
      expect((await kit.ledger.postHold(null, kept.id)).status).toBe('posted');
      expect((await kit.ledger.postHold(null, kept.id)).status).toBe('posted');
      expect(await kit.ledger.balance(id)).toBe(70);
      const held = (await legsOf(id)).filter((l) => l.accountId !== id && l.bizId === 'o3');
      expect(await systemCodeOf(held[0]!.accountId)).toBe('POINTS:HELD');
    });

    it('lets exactly one of a racing post and void decide a hold', async () => {
      const id = await account();
      await credit(id, 100, 'c');
      for (let round = 0; round < 5; round++) {
        const hold = await kit.ledger.hold(null, {
          accountId: id,
          amount: 10,
          bizType: 'race',
          bizId: `h${round}`,
          reason: 'r',
        });
        const outcomes = await Promise.allSettled([
          kit.ledger.postHold(null, hold.id),
          kit.ledger.voidHold(null, hold.id, 'v'),
        ]);
        const decided = outcomes
          .filter((o) => o.status === 'fulfilled')
          .map((o) => (o as PromiseFulfilledResult<{ status: string }>).value.status);
        expect(decided).toHaveLength(1);
      }
    });
  });
});
