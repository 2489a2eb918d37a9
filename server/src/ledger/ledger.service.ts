import { Injectable } from '@nestjs/common';
import { ErrorCode } from '@member/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { AppException } from '../common/app-exception';
import { Clock } from '../common/clock';
import { TransactionRunner } from '../database/transaction-runner';
import { LedgerAccount } from './entities/ledger-account.entity';
import { LedgerEntry } from './entities/ledger-entry.entity';
import { LedgerHold } from './entities/ledger-hold.entity';
import { LedgerLot } from './entities/ledger-lot.entity';
import { raiseDebt, settleDebt, type DebtInput } from './ledger-debt';
import { decideHold, existingHold, recordHold } from './ledger-holds';
import {
  drawnByLotKind,
  entriesPage,
  entryByKey,
  expiringByMember,
  expiringLots,
  legsByBizIds,
  liveBalances,
  liveBalancesByLotKind,
  lotExpiryOf,
  outstandingByLotKind,
  type LiveLots,
} from './ledger-reads';
import {
  accountsWithDueLots,
  expireDueLots,
  LOT_EXPIRY_BIZ_TYPE,
  touchAccount,
  touchAccountOf,
  touchAccountsOf,
} from './ledger-expiry';
import {
  assertPositiveAmount,
  balanceAfter,
  contraRoleOf,
  findByKey,
  insertEntry,
  insertEntryOnce,
  isMysql,
  lockAccount,
  posting,
  reversedSoFar,
  sameReplay,
  setBalance,
  type NewEntry,
} from './ledger-posting';
import { drawLots, liveLots, putBackDrawn } from './ledger-lots';
import { insertLater } from '../database/raw-sql';
import { planDraw } from './ledger-split';
import { creditJournal, journalFits, type JournalCredit } from './ledger-journal';
import {
  type CreditInput,
  type DebitInput,
  type HoldInput,
  type LedgerAccountKind,
  type LedgerEntryType,
  type LedgerPage,
  type LotKindTotals,
  type Posting,
  type PostedEntry,
  type ReverseInput,
  type SystemRole,
} from './ledger.types';

type Tx = EntityManager | null | undefined;

export { LOT_EXPIRY_BIZ_TYPE };

/**
 * The one ledger engine behind points and stored value (architecture §4). Every posting first locks the
 * account (reading its balance and expiring its due lots: expiry is exact at the second), then writes the entry with the balance it leaves — the unique
 * idempotency key makes a replay's insert fail, and the replay returns the first entry having changed
 * nothing — then applies a guarded balance update and moves lots. Pass an EntityManager to post inside
 * the caller's transaction (e.g. purchase + code consume + ledger); without one each call is its own.
 */
@Injectable()
export class LedgerService {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  /** Insert-or-get through the unique (member_id, kind) index, safe against concurrent first posts. */
  openAccount(em: Tx, memberId: number, kind: LedgerAccountKind): Promise<LedgerAccount> {
    return this.within(em, async (m) => {
      // The common case reads without locks: INSERT IGNORE on an existing row takes a shared lock that two
      // concurrent postings would then both try to upgrade (a deadlock on MySQL).
      const existing = await m.findOneBy(LedgerAccount, { memberId, kind });
      if (existing) return existing;
      const now = this.clock.now();
      await m
        .createQueryBuilder()
        .insert()
        .into(LedgerAccount)
        .values({ memberId, kind, balance: 0, createdAt: now, updatedAt: now })
        .orIgnore()
        .execute();
      // A locking read on MySQL, so a row another transaction just committed is visible here.
      const qb = m.createQueryBuilder(LedgerAccount, 'a').where('a.memberId = :memberId AND a.kind = :kind', {
        memberId,
        kind,
      });
      if (isMysql(m)) qb.setLock('pessimistic_read');
      return qb.getOneOrFail();
    });
  }

  /**
   * openAccount and lock it inside the caller's transaction, in one round trip when the account exists.
   * Postings to it later in that transaction skip their own locking read. Use it right before posting:
   * the row stays locked until the caller's transaction ends.
   */
  async openLockedAccount(em: EntityManager, memberId: number, kind: LedgerAccountKind): Promise<LedgerAccount> {
    if (!em.queryRunner?.isTransactionActive) throw new Error("openLockedAccount needs the caller's transaction");
    const now = this.clock.now();
    const existing = await touchAccountOf(em, memberId, kind, now);
    if (existing) return existing;
    return touchAccount(em, (await this.openAccount(em, memberId, kind)).id, now);
  }

  /**
   * Locks several of the member's accounts in one round trip, in kind order (see lockAccountsOf), inside
   * the caller's transaction; with `create`, opens the missing ones (after, one by one). Kinds without an
   * account are absent otherwise. Later postings to them in this transaction skip their locking read.
   */
  async lockAccounts(em: EntityManager, memberId: number, kinds: LedgerAccountKind[], create = false) {
    if (!em.queryRunner?.isTransactionActive) throw new Error("lockAccounts needs the caller's transaction");
    const now = this.clock.now();
    const found = await touchAccountsOf(em, memberId, [...kinds].sort(), now);
    for (const kind of create ? kinds : []) {
      if (!found.has(kind))
        found.set(kind, await touchAccount(em, (await this.openAccount(em, memberId, kind)).id, now));
    }
    return found;
  }

  credit(em: Tx, input: CreditInput): Promise<Posting> {
    assertPositiveAmount(input.amount);
    return this.within(em, async (m) => {
      const now = this.clock.now();
      const account = await touchAccount(m, input.accountId, now);
      const next = balanceAfter(account, input.amount);
      if (next === null) {
        const replay = await findByKey(m, input.accountId, input.bizType, input.bizId, 'CREDIT');
        if (replay) return posting(sameReplay(replay, input.amount), account);
        throw new AppException(ErrorCode.VALIDATION_FAILED, 'balance would exceed the supported maximum');
      }
      const entry = await insertEntryOnce(
        m,
        account,
        { ...input, entryType: 'CREDIT', contra: input.contra ?? 'ISSUED' },
        next,
        now,
      );
      if (!entry) return posting(await this.replayOf(m, input, 'CREDIT', input.amount), account);
      await setBalance(m, account, next, now);
      await insertLater(m, LedgerLot, [
        {
          accountId: input.accountId,
          entryId: entry.id,
          amount: input.amount,
          remaining: input.amount,
          expiresAt: input.expiresAt ?? null,
          lotKind: input.lotKind ?? 'STANDARD',
          createdAt: now,
        },
      ]);
      return posting(entry, account, await settleDebt(m, account, entry, now));
    });
  }

  /**
   * Credits of one business event in the caller's transaction (a sale's points and growth), in input
   * order: one journal where it fits (ledger-journal.ts: three round trips for all), else one by one.
   */
  async creditAll(em: EntityManager, inputs: CreditInput[]): Promise<Posting[]> {
    if (!em.queryRunner?.isTransactionActive) throw new Error("creditAll needs the caller's transaction");
    inputs.forEach((i) => assertPositiveAmount(i.amount));
    const now = this.clock.now();
    const credits: JournalCredit[] = [];
    for (const input of inputs) {
      const account = await touchAccount(em, input.accountId, now);
      const next = balanceAfter(account, input.amount);
      if (next === null) break;
      credits.push({ account, input, next });
    }
    if (credits.length === inputs.length && journalFits(em, credits)) {
      const entries = await creditJournal(em, credits, now);
      if (entries) return entries.map((e, i) => posting(e, credits[i].account));
    }
    const out: Posting[] = [];
    for (const input of inputs) out.push(await this.credit(em, input));
    return out;
  }

  debit(em: Tx, input: DebitInput): Promise<Posting> {
    return this.debitTo(em, input, input.contra ?? 'REDEEMED');
  }

  private debitTo(em: Tx, input: DebitInput, contra: SystemRole): Promise<Posting> {
    assertPositiveAmount(input.amount);
    return this.within(em, async (m) => {
      const now = this.clock.now();
      const account = await touchAccount(m, input.accountId, now);
      const next = balanceAfter(account, -input.amount);
      // Σ remaining = balance, so the lots cover the debit unless the policy excludes some kinds.
      const moves =
        next === null ? null : planDraw(await liveLots(m, input.accountId, now), input.amount, input.policy);
      if (next === null || !moves) {
        // Refused before anything was written; a replay of a debit that went through still gets its entry.
        const replay = await findByKey(m, input.accountId, input.bizType, input.bizId, 'DEBIT');
        if (replay) return posting(sameReplay(replay, -input.amount), account);
        throw new AppException(ErrorCode.LEDGER_INSUFFICIENT_BALANCE);
      }
      const entry = await insertEntryOnce(
        m,
        account,
        { ...input, amount: -input.amount, entryType: 'DEBIT', contra },
        next,
        now,
      );
      if (!entry) return posting(await this.replayOf(m, input, 'DEBIT', -input.amount), account);
      await setBalance(m, account, next, now);
      await drawLots(m, entry.id, moves);
      return posting(entry, account);
    });
  }

  /**
   * Corrects a CREDIT or DEBIT with a REVERSAL journal (never by editing it), against the same system
   * account, under an explicit lot policy (see ReversalLotPolicy): a debit's units go back into exactly
   * the lots it drew, in proportion when partial — into a new lot valid RESTORED_LOT_VALID_DAYS where the
   * original has expired meanwhile; a credit's units come back from its own lot first.
   */
  reverse(em: Tx, input: ReverseInput): Promise<Posting> {
    if (input.amount !== undefined) assertPositiveAmount(input.amount);
    return this.within(em, async (m) => {
      const original = (await m.findOneBy(LedgerEntry, { id: input.entryId })) as PostedEntry | null;
      if (!original || original.accountId !== original.journalAccountId) {
        throw new AppException(ErrorCode.LEDGER_ENTRY_NOT_FOUND);
      }
      const policy = { DEBIT: 'RESTORE_ORIGINAL_LOTS', CREDIT: 'OWN_LOT_FIRST' }[original.entryType as string];
      if (!policy) throw new AppException(ErrorCode.LEDGER_NOT_REVERSIBLE);
      if (policy !== input.lotPolicy) throw new Error(`${input.lotPolicy} cannot reverse a ${original.entryType}`);
      const now = this.clock.now();
      const account = await touchAccount(m, original.accountId, now);
      const replay = await findByKey(m, original.accountId, input.bizType, input.bizId, 'REVERSAL');
      if (replay) {
        const sameAmount = input.amount === undefined || Math.abs(replay.amount) === input.amount;
        if (replay.reversesEntryId !== original.id || !sameAmount) {
          throw new AppException(ErrorCode.LEDGER_IDEMPOTENCY_CONFLICT);
        }
        return posting(replay, account);
      }
      const open = Math.abs(original.amount) - (await reversedSoFar(m, original.id));
      const amount = input.amount ?? open;
      if (amount <= 0 || amount > open) throw new AppException(ErrorCode.LEDGER_REVERSAL_EXCEEDS);
      const base: NewEntry = {
        ...input,
        accountId: original.accountId,
        contra: await contraRoleOf(m, original),
        entryType: 'REVERSAL',
        amount: 0,
        reversesEntryId: original.id,
      };
      if (original.entryType === 'DEBIT') {
        const next = balanceAfter(account, amount);
        if (next === null) {
          throw new AppException(ErrorCode.VALIDATION_FAILED, 'balance would exceed the supported maximum');
        }
        const entry = await insertEntry(m, account, { ...base, amount }, next, now);
        await setBalance(m, account, next, now);
        await putBackDrawn(m, account.id, original.id, entry.id, amount, now);
        // Points coming back are credited: they settle the member's debt first.
        return posting(entry, account, await settleDebt(m, account, entry, now));
      }
      const next = balanceAfter(account, -amount);
      if (next === null) throw new AppException(ErrorCode.LEDGER_INSUFFICIENT_BALANCE);
      const moves = planDraw(await liveLots(m, original.accountId, now), amount, {}, original.id);
      if (!moves) throw new AppException(ErrorCode.LEDGER_INSUFFICIENT_BALANCE);
      const entry = await insertEntry(m, account, { ...base, amount: -amount }, next, now);
      await setBalance(m, account, next, now);
      await drawLots(m, entry.id, moves);
      return posting(entry, account);
    });
  }

  /**
   * Records points a refund could not take back as the member's debt (see ledger-debt.ts), inside the
   * caller's transaction, after a claw-back emptied their POINTS account. Later credits settle it first.
   */
  async raiseDebt(em: EntityManager, memberId: number, amount: number, input: DebtInput): Promise<PostedEntry> {
    assertPositiveAmount(amount);
    const now = this.clock.now();
    const points = await touchAccountOf(em, memberId, 'POINTS', now);
    if (!points) throw new AppException(ErrorCode.LEDGER_ACCOUNT_NOT_FOUND);
    const debtAccount = await this.openAccount(em, memberId, 'POINTS_DEBT');
    const replay = await findByKey(em, debtAccount.id, input.bizType, input.bizId, 'CREDIT');
    if (replay) return sameReplay(replay, amount);
    return raiseDebt(em, points, debtAccount.id, amount, input, now);
  }

  /** Points the member owes (0 when none). */
  async debt(memberId: number, em: EntityManager = this.ds.manager): Promise<number> {
    const rows: { balance: number | string }[] = await em.query(
      `SELECT balance FROM ledger_account WHERE member_id = ? AND kind = 'POINTS_DEBT'`,
      [memberId],
    );
    return Number(rows[0]?.balance ?? 0);
  }

  /**
   * Reserves `amount` now (a pending posting): a debit into the kind's HELD system account, drawing lots
   * like any debit, recorded as a pending hold. postHold keeps it, voidHold puts the units back into the
   * lots they came from. The (account, bizType, bizId) key makes a repeated hold answer the first.
   */
  hold(em: Tx, input: HoldInput): Promise<LedgerHold> {
    return this.within(em, async (m) => {
      const existing = await existingHold(m, input);
      if (existing) return existing;
      const entry = await this.debitTo(m, input, 'HELD');
      return recordHold(m, input, entry.id, this.clock.now());
    });
  }

  /** Settles a pending hold: the reserved units stay spent. Posting a posted hold again is a no-op. */
  postHold(em: Tx, holdId: number): Promise<LedgerHold> {
    return this.within(em, (m) => decideHold(m, holdId, 'posted', this.clock.now(), async () => undefined));
  }

  /** Cancels a pending hold: the reserved units go back into the lots they were drawn from. */
  voidHold(em: Tx, holdId: number, reason: string): Promise<LedgerHold> {
    return this.within(em, (m) =>
      decideHold(m, holdId, 'voided', this.clock.now(), async (tx, hold) => {
        await this.reverse(tx, {
          entryId: hold.entryId,
          lotPolicy: 'RESTORE_ORIGINAL_LOTS',
          bizType: hold.bizType,
          bizId: `${hold.bizId}:void`,
          reason,
        });
      }),
    );
  }

  /** Expires every due lot (all kinds), in batches: the nightly sweep, and what a review runs first. */
  async expireAllDue(now: Date = this.clock.now(), batch = 500): Promise<number> {
    let expired = 0;
    for (;;) {
      const n = await this.expireDue(now, batch);
      expired += n;
      if (n < batch) return expired;
    }
  }

  /**
   * The catch-up for accounts no posting touched: finds up to `limit` due lots (expires_at <= now,
   * remaining > 0) through idx_ledger_lot_expires, then expires each account's due lots in one
   * transaction per account, the way a posting would (same lock, same EXPIRE keys). Returns how many
   * lots it expired; callers loop while the result reaches `limit`. A second run finds nothing due.
   */
  async expireDue(now: Date = this.clock.now(), limit = 500): Promise<number> {
    let expired = 0;
    for (const accountId of await accountsWithDueLots(this.ds.manager, now, limit)) {
      expired += await this.tx.run(async (m) => {
        // A posting may have expired them since the read above; the locking read says what is left.
        const { account, due: left } = await lockAccount(m, accountId, now);
        return left > 0 ? expireDueLots(m, account, now, this.clock.now()) : 0;
      });
    }
    return expired;
  }

  /**
   * What the member's account of this kind holds at `now`: its balance net of due lots the sweep has
   * not expired yet, in one query. accountId is null (balance 0) when the member has none.
   */
  async available(
    memberId: number,
    kind: LedgerAccountKind,
    em?: EntityManager,
  ): Promise<{ accountId: number | null; balance: number }> {
    const [row] = await liveBalances(
      em ?? this.ds.manager,
      'a.member_id = ? AND a.kind = ?',
      [memberId, kind],
      this.clock.now(),
    );
    return row ? { accountId: row.accountId, balance: row.balance } : { accountId: null, balance: 0 };
  }

  /** available() for many members at once: memberId → balance (members without an account are absent). */
  async availableOf(memberIds: number[], kind: LedgerAccountKind, em?: EntityManager): Promise<Map<number, number>> {
    const ids = [...new Set(memberIds)];
    if (ids.length === 0) return new Map();
    const where = `a.kind = ? AND a.member_id IN (${ids.map(() => '?').join(', ')})`;
    const rows = await liveBalances(em ?? this.ds.manager, where, [kind, ...ids], this.clock.now());
    return new Map(rows.map((r) => [r.memberId!, r.balance]));
  }

  /**
   * available() for several of the member's kinds, each with what its live lots hold by lot kind (the
   * wallet's principal and bonus), in one statement. Kinds the member has no account of are absent.
   */
  async availableWithLots(
    memberId: number,
    kinds: LedgerAccountKind[],
    em?: EntityManager,
  ): Promise<Map<LedgerAccountKind, LiveLots>> {
    const where = `a.member_id = ? AND a.kind IN (${kinds.map(() => '?').join(', ')})`;
    const rows = await liveBalancesByLotKind(em ?? this.ds.manager, where, [memberId, ...kinds], this.clock.now());
    return new Map(rows.map((r) => [r.kind, r]));
  }

  /** One account's live lots by lot kind, read in the caller's transaction (e.g. under its lock). */
  async liveLotsOf(em: EntityManager, accountId: number): Promise<LotKindTotals> {
    const [row] = await liveBalancesByLotKind(em, 'a.id = ?', [accountId], this.clock.now());
    if (!row) throw new AppException(ErrorCode.LEDGER_ACCOUNT_NOT_FOUND);
    return row.lots;
  }

  /** What every member's live lots of `kind` hold now, by lot kind (e.g. stored value outstanding). */
  outstandingByLotKind(kind: LedgerAccountKind, em?: EntityManager): Promise<LotKindTotals> {
    return outstandingByLotKind(em ?? this.ds.manager, kind, this.clock.now());
  }

  /** How much these debits drew from lots of each kind (e.g. a sale's stored value: principal vs bonus). */
  drawnByLotKind(em: EntityManager, entryIds: number[]): Promise<LotKindTotals> {
    return drawnByLotKind(em, entryIds);
  }

  /** The member legs a business operation posted under several ids (e.g. a sale's stored-value debits). */
  legsFor(
    em: EntityManager,
    memberId: number,
    kind: LedgerAccountKind,
    key: { bizType: string; entryType: LedgerEntryType; bizIds: string[] },
  ): Promise<PostedEntry[]> {
    return legsByBizIds(em, memberId, kind, key);
  }

  /** The account's balance at `now`, net of due lots (see available). */
  async balance(accountId: number): Promise<number> {
    const [row] = await liveBalances(this.ds.manager, 'a.id = ?', [accountId], this.clock.now());
    if (!row) throw new AppException(ErrorCode.LEDGER_ACCOUNT_NOT_FOUND);
    return row.balance;
  }

  /** A member account's legs, newest first (each with the balance it left). */
  entries(accountId: number, page: LedgerPage = {}): Promise<{ items: PostedEntry[]; total: number }> {
    return entriesPage(this.ds.manager, accountId, page);
  }

  /** The member leg a business operation posted (e.g. a purchase's credit, for its refund to reverse). */
  async entryFor(
    em: EntityManager,
    memberId: number,
    kind: LedgerAccountKind,
    key: { bizType: string; bizId: string; entryType: LedgerEntryType },
  ): Promise<PostedEntry> {
    const entry = await entryByKey(em, memberId, kind, key);
    if (!entry) throw new AppException(ErrorCode.LEDGER_ENTRY_NOT_FOUND);
    return entry;
  }

  /** When the lot each of these credit entries created expires (null: never). */
  lotExpiryOf(entryIds: number[]): Promise<Map<number, Date | null>> {
    return lotExpiryOf(this.ds.manager, entryIds);
  }

  /** Live lots expiring by `before` (any time when omitted), soonest first ("N points expire on …"). */
  expiringSoon(accountId: number, before?: Date): Promise<LedgerLot[]> {
    return expiringLots(this.ds.manager, accountId, this.clock.now(), before);
  }

  /** Per member, what live lots of `kind` expire in the window (for reminder plans). */
  expiringByMember(kind: LedgerAccountKind, window: { from: Date; to: Date; fromExclusive?: boolean }) {
    return expiringByMember(this.ds.manager, kind, window);
  }

  /** The first entry of a replayed key (its insert just failed on the unique index). */
  private async replayOf(
    m: EntityManager,
    input: { accountId: number; bizType: string; bizId: string },
    entryType: 'CREDIT' | 'DEBIT',
    signedAmount: number,
  ): Promise<PostedEntry> {
    const replay = await findByKey(m, input.accountId, input.bizType, input.bizId, entryType);
    if (!replay) throw new Error(`ledger entry ${input.bizType}/${input.bizId} collided but cannot be found`);
    return sameReplay(replay, signedAmount);
  }

  /** Joins the caller's transaction when there is one; otherwise runs (serialised/retried) on its own. */
  private within<T>(em: Tx, work: (m: EntityManager) => Promise<T>): Promise<T> {
    if (em?.queryRunner?.isTransactionActive) return work(em);
    return this.tx.run(work);
  }
}
