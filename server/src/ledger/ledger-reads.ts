import { In, type EntityManager } from 'typeorm';
import { LedgerAccount } from './entities/ledger-account.entity';
import { LedgerEntry } from './entities/ledger-entry.entity';
import { LedgerLot } from './entities/ledger-lot.entity';
import { dueAtValue, dueLotsSql } from './ledger-posting';
import type {
  LedgerAccountKind,
  LedgerEntryType,
  LedgerPage,
  LotKind,
  LotKindTotals,
  PostedEntry,
} from './ledger.types';

// Reads behind LedgerService: balances net of due lots (expiry is exact at the second), member legs,
// lots. Modules never query ledger tables to decide anything; they ask LedgerService, which asks these.
// The one exception is reporting read models that group legs for display (the wallet's history lines, the
// stored-value liability statement): they read the tables in their own SQL and never feed a posting.

export interface LiveBalance {
  accountId: number;
  memberId: number | null;
  balance: number;
}

/** Balances at `now`, net of lots due but not yet swept, for the member accounts `where` selects. */
export async function liveBalances(
  m: EntityManager,
  where: string,
  params: unknown[],
  now: Date,
): Promise<LiveBalance[]> {
  const rows: { id: number | string; member_id: number | string | null; live: number | string }[] = await m.query(
    `SELECT a.id, a.member_id, a.balance - ${dueLotsSql('a.id')} AS live FROM ledger_account a WHERE ${where}`,
    [dueAtValue(m, now), ...params],
  );
  return rows.map((r) => ({
    accountId: Number(r.id),
    memberId: r.member_id === null ? null : Number(r.member_id),
    balance: Number(r.live),
  }));
}

/** A member account's legs, newest first (each with the balance it left). */
export async function entriesPage(
  m: EntityManager,
  accountId: number,
  page: LedgerPage,
): Promise<{ items: PostedEntry[]; total: number }> {
  const size = Math.min(Math.max(page.pageSize ?? 20, 1), 100);
  const [items, total] = await m.getRepository(LedgerEntry).findAndCount({
    where: { accountId, journalAccountId: accountId },
    order: { id: 'DESC' },
    skip: (Math.max(page.page ?? 1, 1) - 1) * size,
    take: size,
  });
  return { items: items as PostedEntry[], total };
}

/** The member leg posted under a business key on the member's account of `kind`, if any. */
export async function entryByKey(
  m: EntityManager,
  memberId: number,
  kind: LedgerAccountKind,
  key: { bizType: string; bizId: string; entryType: LedgerEntryType },
): Promise<PostedEntry | null> {
  const account = await m.findOneBy(LedgerAccount, { memberId, kind });
  if (!account) return null;
  const entry = await m.findOneBy(LedgerEntry, { journalAccountId: account.id, accountId: account.id, ...key });
  return entry as PostedEntry | null;
}

/** When the lot each of these credit entries created expires (null: never). */
export async function lotExpiryOf(m: EntityManager, entryIds: number[]): Promise<Map<number, Date | null>> {
  if (entryIds.length === 0) return new Map();
  const lots = await m.getRepository(LedgerLot).findBy({ entryId: In(entryIds) });
  return new Map(lots.map((l) => [l.entryId, l.expiresAt]));
}

/** Live lots (expires_at > now) of an account that expire by `before` (any time when omitted), soonest first. */
export function expiringLots(m: EntityManager, accountId: number, now: Date, before?: Date): Promise<LedgerLot[]> {
  const qb = m
    .getRepository(LedgerLot)
    .createQueryBuilder('l')
    .where('l.accountId = :accountId AND l.remaining > 0', { accountId })
    .andWhere('l.expiresAt > :now', { now });
  if (before) qb.andWhere('l.expiresAt <= :before', { before });
  return qb.orderBy('l.expiresAt', 'ASC').addOrderBy('l.id', 'ASC').getMany();
}

/**
 * Per member, the points of live lots expiring in [from, to) — or (from, to) when `fromExclusive` — found
 * through idx_ledger_lot_expires, so the cost follows the expiring lots, not the member count.
 */
export async function expiringByMember(
  m: EntityManager,
  kind: LedgerAccountKind,
  window: { from: Date; to: Date; fromExclusive?: boolean },
): Promise<{ memberId: number; amount: number }[]> {
  const rows: { memberId: number | string; amount: number | string }[] = await m
    .createQueryBuilder()
    .select('a.member_id', 'memberId')
    .addSelect('SUM(l.remaining)', 'amount')
    .from(LedgerLot, 'l')
    .innerJoin(LedgerAccount, 'a', 'a.id = l.account_id')
    .where(`l.expires_at ${window.fromExclusive ? '>' : '>='} :from AND l.expires_at < :to`, window)
    .andWhere('l.remaining > 0 AND a.kind = :kind', { kind })
    .groupBy('a.member_id')
    .getRawMany();
  return rows.map((r) => ({ memberId: Number(r.memberId), amount: Number(r.amount) }));
}

const LOT_KINDS: LotKind[] = ['STANDARD', 'PRINCIPAL', 'BONUS'];
const liveLotsOfKind = (accountRef: string, kind: LotKind) =>
  `COALESCE((SELECT SUM(l.remaining) FROM ledger_lot l WHERE l.account_id = ${accountRef} AND l.remaining > 0
      AND l.lot_kind = '${kind}' AND (l.expires_at IS NULL OR l.expires_at > ?)), 0)`;

export interface LiveLots extends LiveBalance {
  kind: LedgerAccountKind;
  lots: LotKindTotals;
}

/**
 * liveBalances plus what the live lots hold by lot kind, in the same one statement: a quote reads the
 * points balance and the wallet's principal/bonus split in one round trip.
 */
export async function liveBalancesByLotKind(
  m: EntityManager,
  where: string,
  params: unknown[],
  now: Date,
): Promise<LiveLots[]> {
  const at = dueAtValue(m, now);
  const rows: Record<string, number | string | null>[] = await m.query(
    `SELECT a.id, a.member_id, a.kind, a.balance - ${dueLotsSql('a.id')} AS live,
            ${LOT_KINDS.map((k) => `${liveLotsOfKind('a.id', k)} AS lots_${k.toLowerCase()}`).join(', ')}
       FROM ledger_account a WHERE ${where}`,
    [at, ...LOT_KINDS.map(() => at), ...params],
  );
  return rows.map((r) => ({
    accountId: Number(r.id),
    memberId: r.member_id === null ? null : Number(r.member_id),
    kind: r.kind as LedgerAccountKind,
    balance: Number(r.live),
    lots: Object.fromEntries(LOT_KINDS.map((k) => [k, Number(r[`lots_${k.toLowerCase()}`] ?? 0)])) as LotKindTotals,
  }));
}

const byLotKind = (rows: { lot_kind: string; total: number | string | null }[]): LotKindTotals =>
  Object.fromEntries(
    LOT_KINDS.map((k) => [k, Number(rows.find((r) => r.lot_kind === k)?.total ?? 0)]),
  ) as LotKindTotals;

/** What the live lots of every member account of `kind` hold, by lot kind (e.g. stored value outstanding). */
export async function outstandingByLotKind(m: EntityManager, kind: LedgerAccountKind, now: Date) {
  return byLotKind(
    await m.query(
      `SELECT l.lot_kind, SUM(l.remaining) AS total FROM ledger_lot l JOIN ledger_account a ON a.id = l.account_id
        WHERE a.kind = ? AND a.member_id IS NOT NULL AND l.remaining > 0
          AND (l.expires_at IS NULL OR l.expires_at > ?) GROUP BY l.lot_kind`,
      [kind, dueAtValue(m, now)],
    ),
  );
}

/** How much these debit entries drew from lots of each kind (their allocations). */
export async function drawnByLotKind(m: EntityManager, entryIds: number[]): Promise<LotKindTotals> {
  if (entryIds.length === 0) return byLotKind([]);
  return byLotKind(
    await m.query(
      `SELECT l.lot_kind, SUM(al.amount) AS total FROM ledger_allocation al JOIN ledger_lot l ON l.id = al.lot_id
        WHERE al.entry_id IN (${entryIds.map(() => '?').join(', ')}) GROUP BY l.lot_kind`,
      entryIds,
    ),
  );
}

/** The member legs of one business type and entry type under these business ids, in posting order. */
export async function legsByBizIds(
  m: EntityManager,
  memberId: number,
  kind: LedgerAccountKind,
  key: { bizType: string; entryType: LedgerEntryType; bizIds: string[] },
): Promise<PostedEntry[]> {
  const account = await m.findOneBy(LedgerAccount, { memberId, kind });
  if (!account || key.bizIds.length === 0) return [];
  const entries = await m.getRepository(LedgerEntry).find({
    where: {
      accountId: account.id,
      journalAccountId: account.id,
      bizType: key.bizType,
      entryType: key.entryType,
      bizId: In(key.bizIds),
    },
    order: { id: 'ASC' },
  });
  return entries as PostedEntry[];
}
