import { Injectable } from '@nestjs/common';
import type { WalletConfirmationStatus } from '@member/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { insertRows } from '../../database/raw-sql';
import { WalletChargeConfirmation } from './entities/wallet-charge-confirmation.entity';

export type NewWalletConfirmation = Omit<WalletChargeConfirmation, 'id'>;

/** What must hold, besides the status, for a transition to apply (the sale's binding, the deadline). */
export interface TransitionGuard {
  memberId?: number;
  storeId?: number;
  staffId?: number;
  checkoutId?: number;
  receiptNo?: string;
  amountFen?: number;
  /** Only while expires_at > this (a live request), or only once expires_at <= this (a due one). */
  liveAt?: Date;
  dueAt?: Date;
}

// An update's WHERE is plain SQL: the guard's properties by column name.
const GUARD_COLUMNS = [
  ['memberId', 'member_id'],
  ['storeId', 'store_id'],
  ['staffId', 'staff_id'],
  ['checkoutId', 'checkout_id'],
  ['receiptNo', 'receipt_no'],
  ['amountFen', 'amount_fen'],
] as const;

/** Reads and guarded status changes of wallet_charge_confirmation. */
@Injectable()
export class WalletConfirmationsRepository {
  constructor(private readonly ds: DataSource) {}

  async insert(em: EntityManager, row: NewWalletConfirmation): Promise<number> {
    return insertRows(em, WalletChargeConfirmation, [row]);
  }

  find(id: number, em: EntityManager = this.ds.manager): Promise<WalletChargeConfirmation | null> {
    return em.findOneBy(WalletChargeConfirmation, { id });
  }

  /**
   * The row as it is now, inside a transaction: a locking read on MySQL, so a change committed after the
   * transaction's snapshot is seen (to say why a guarded update matched nothing).
   */
  findCurrent(em: EntityManager, id: number): Promise<WalletChargeConfirmation | null> {
    const qb = em.createQueryBuilder(WalletChargeConfirmation, 'w').where('w.id = :id', { id });
    if (em.connection.options.type !== 'better-sqlite3') qb.setLock('pessimistic_read');
    return qb.getOne();
  }

  /**
   * One guarded UPDATE from `from` to `to`: of concurrent transitions of one row exactly one matches.
   * True when this call made the change.
   */
  async transition(
    em: EntityManager,
    id: number,
    from: WalletConfirmationStatus[],
    to: WalletConfirmationStatus,
    guard: TransitionGuard = {},
    set: Partial<Pick<WalletChargeConfirmation, 'decidedAt' | 'expiresAt'>> = {},
  ): Promise<boolean> {
    const qb = em
      .createQueryBuilder()
      .update(WalletChargeConfirmation)
      .set({ status: to, ...set })
      .where('id = :id AND status IN (:...from)', { id, from });
    for (const [key, column] of GUARD_COLUMNS) {
      if (guard[key] !== undefined) qb.andWhere(`${column} = :${key}`, { [key]: guard[key] });
    }
    if (guard.liveAt) qb.andWhere('expires_at > :liveAt', { liveAt: guard.liveAt });
    if (guard.dueAt) qb.andWhere('expires_at <= :dueAt', { dueAt: guard.dueAt });
    const res = await qb.execute();
    return (res.affected ?? 0) > 0;
  }

  /** The member's latest request still waiting for them, with its store's name (the card page's poll). */
  async pendingFor(memberId: number, now: Date): Promise<(WalletChargeConfirmation & { storeName: string }) | null> {
    const { entities, raw } = await this.ds
      .getRepository(WalletChargeConfirmation)
      .createQueryBuilder('w')
      // The store's name for the prompt: a display join by table name (stores owns it).
      .leftJoin('store', 's', 's.id = w.storeId')
      .addSelect('s.name', 'store_name')
      .where('w.memberId = :memberId AND w.status = :pending AND w.expiresAt > :now', {
        memberId,
        pending: 'PENDING',
        now,
      })
      .orderBy('w.id', 'DESC')
      .limit(1)
      .getRawAndEntities<{ store_name: string | null }>();
    return entities[0] ? { ...entities[0], storeName: raw[0]?.store_name ?? '' } : null;
  }

  /** Requests past their deadline still PENDING or CONFIRMED (the expiry job's work), oldest first. */
  async due(now: Date, limit: number): Promise<{ id: number; status: WalletConfirmationStatus }[]> {
    const rows = await this.ds
      .getRepository(WalletChargeConfirmation)
      .createQueryBuilder('w')
      .select(['w.id', 'w.status'])
      .where('w.status IN (:...live) AND w.expiresAt <= :now', { live: ['PENDING', 'CONFIRMED'], now })
      .orderBy('w.expiresAt', 'ASC')
      .limit(limit)
      .getMany();
    return rows.map((r) => ({ id: r.id, status: r.status }));
  }
}
