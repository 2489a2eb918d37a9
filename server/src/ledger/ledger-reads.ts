import { In, type EntityManager } from 'typeorm';
import { LedgerAccount } from './entities/ledger-account.entity';
import { LedgerEntry } from './entities/ledger-entry.entity';
import { LedgerLot } from './entities/ledger-lot.entity';
import { dueAtValue, dueLotsSql } from './ledger-posting';
import type { LedgerAccountKind, LedgerEntryType, LedgerPage, PostedEntry } from './ledger.types';

// Reads behind LedgerService: balances net of due lots (expiry is exact at the second), member legs,
// lots. Modules never query ledger tables themselves; they ask LedgerService, which asks these.

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
