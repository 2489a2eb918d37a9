import fc from 'fast-check';
import { ErrorCode } from '@member/shared';
import { AppException } from '../common/app-exception';
import type { LedgerEntry } from './entities/ledger-entry.entity';
import { checkLedgerInvariants } from './ledger-invariants';
import { days, openLedgerKit, type LedgerKit } from './testing/ledger-test-kit';

type Command =
  | { op: 'credit'; amount: number; expiresIn: number | null }
  | { op: 'debit'; amount: number }
  | { op: 'reverse'; pick: number; amount: number | null }
  | { op: 'expire'; advanceDays: number }
  | { op: 'replay'; pick: number };

const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({
    op: fc.constant('credit' as const),
    amount: fc.integer({ min: 1, max: 100 }),
    expiresIn: fc.option(fc.integer({ min: 1, max: 10 })),
  }),
  fc.record({ op: fc.constant('debit' as const), amount: fc.integer({ min: 1, max: 120 }) }),
  fc.record({
    op: fc.constant('reverse' as const),
    pick: fc.nat(),
    amount: fc.option(fc.integer({ min: 1, max: 60 })),
  }),
  fc.record({ op: fc.constant('expire' as const), advanceDays: fc.integer({ min: 1, max: 6 }) }),
  fc.record({ op: fc.constant('replay' as const), pick: fc.nat() }),
);

// The only refusals a valid call may get; anything else (or a broken invariant) fails the property.
const EXPECTED = new Set([
  ErrorCode.LEDGER_INSUFFICIENT_BALANCE,
  ErrorCode.LEDGER_REVERSAL_EXCEEDS,
  ErrorCode.LEDGER_NOT_REVERSIBLE,
]);

describe('LedgerService properties', () => {
  let kit: LedgerKit;
  let member = 0;

  beforeAll(async () => {
    kit = await openLedgerKit();
  });
  afterAll(() => kit.close());

  it('keeps every invariant over random sequences of credit, debit, reverse, expire and replays', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 12 }), async (commands) => {
        const accountId = (await kit.ledger.openAccount(null, ++member, 'POINTS')).id;
        const posted: { entry: LedgerEntry; replay: () => Promise<LedgerEntry> }[] = [];
        let n = 0;
        for (const c of commands) {
          const bizId = `k${++n}`;
          const before = await kit.ledger.balance(accountId);
          try {
            if (c.op === 'credit') {
              const input = {
                accountId,
                amount: c.amount,
                bizType: 'prop',
                bizId,
                reason: 'p',
                expiresAt: c.expiresIn === null ? null : days(c.expiresIn, kit.clock.now()),
              };
              posted.push({
                entry: await kit.ledger.credit(null, input),
                replay: () => kit.ledger.credit(null, input),
              });
            } else if (c.op === 'debit') {
              const input = { accountId, amount: c.amount, bizType: 'prop', bizId, reason: 'p' };
              const entry = await kit.ledger.debit(null, input);
              expect(c.amount).toBeLessThanOrEqual(before);
              posted.push({ entry, replay: () => kit.ledger.debit(null, input) });
            } else if (c.op === 'reverse' && posted.length > 0) {
              const target = posted[c.pick % posted.length].entry;
              const input = {
                entryId: target.id,
                lotPolicy:
                  target.entryType === 'DEBIT' ? ('RESTORE_ORIGINAL_LOTS' as const) : ('OWN_LOT_FIRST' as const),
                amount: c.amount ?? undefined,
                bizType: 'prop',
                bizId,
                reason: 'p',
              };
              posted.push({
                entry: await kit.ledger.reverse(null, input),
                replay: () => kit.ledger.reverse(null, input),
              });
            } else if (c.op === 'expire') {
              kit.clock.advance(c.advanceDays * 86_400);
              await kit.ledger.expireDue(kit.clock.now(), 1000);
            } else if (c.op === 'replay' && posted.length > 0) {
              const { entry, replay } = posted[c.pick % posted.length];
              expect((await replay()).id).toBe(entry.id);
              expect(await kit.ledger.balance(accountId)).toBe(before);
            }
          } catch (error) {
            if (!(error instanceof AppException) || !EXPECTED.has(error.code)) throw error;
            if (c.op === 'debit') expect(c.amount).toBeGreaterThan(before);
            expect(await kit.ledger.balance(accountId)).toBe(before);
          }
        }
        const { violations } = await checkLedgerInvariants(kit.ds);
        expect(violations).toEqual([]);
      }),
      { numRuns: 50 },
    );
  }, 30_000);
});
