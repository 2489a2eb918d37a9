import { Injectable } from '@nestjs/common';
import { Brackets, DataSource, type EntityManager } from 'typeorm';
import { Checkout } from './entities/checkout.entity';
import { Purchase } from './entities/purchase.entity';
import { sqlValue } from '../../database/raw-sql';
import { writeLater } from '../../database/statement-pipeline';
import type { StaffBindingState } from '../auth/guards';

/** The guard of a sale's checkout close: the checkout was not open, not this clerk's, or expired. */
export const CHECKOUT_CLOSE_REFUSED = 'checkout not open for this sale';

export type NewCheckout = Omit<Checkout, 'id'>;

export interface CheckoutWithStore extends Checkout {
  storeName: string;
}

/** What a sale needs of its member, read in one round trip with the checkout it closes. */
export interface SaleContext {
  memberId: number;
  memberNo: string;
  nickname: string;
  birthday: string | null;
  tierId: number | null;
  pinned: boolean;
  /** The clerk's name for the sale's audit row. */
  clerkName: string;
  /** The clerk's sales since `since` (their hourly limit). */
  clerkSalesLastHour: number;
  /** The checkout's clerk binding as the staff guard checks it (null: no staff row). */
  staff: StaffBindingState | null;
}

/** Reads and guarded writes of the checkout table. */
@Injectable()
export class CheckoutsRepository {
  constructor(private readonly ds: DataSource) {}

  async insert(em: EntityManager, row: NewCheckout): Promise<number> {
    const { identifiers } = await em.insert(Checkout, row);
    return Number(identifiers[0].id);
  }

  find(id: number, em: EntityManager = this.ds.manager): Promise<Checkout | null> {
    return em.findOneBy(Checkout, { id });
  }

  /**
   * open → closed by a sale: one guarded UPDATE, so two sales on one checkout can't both win and a late,
   * foreign or expired one changes nothing. It rides with the sale's next statement (statement-pipeline.ts),
   * which fails with GuardRefused(CHECKOUT_CLOSE_REFUSED) when nothing matched (the caller asks why); on
   * SQLite it runs at once and throws the same.
   */
  closeWithNext(
    em: EntityManager,
    id: number,
    by: { storeId: number; staffId: number },
    receiptNo: string,
    now: Date,
  ): Promise<void> {
    // Hand-written: the sale's first statement, where the query builder cost more CPU than the round trip.
    const date = (d: Date) => sqlValue(em, Checkout, 'closedAt', d);
    return writeLater(
      em,
      `UPDATE checkout SET status = 'closed', closed_at = ?, receipt_no = ?
        WHERE id = ? AND store_id = ? AND staff_id = ? AND status = 'open' AND expires_at > ?`,
      [date(now), receiptNo, id, by.storeId, by.staffId, date(now)],
      { rows: 1, guard: CHECKOUT_CLOSE_REFUSED },
    );
  }

  /**
   * The member's checkouts opened or closed after `since` (and the one the card page waits on, whenever it
   * closed), newest first, with their store's name.
   */
  async touchedSince(memberId: number, since: Date, waitingFor?: number, limit = 10): Promise<CheckoutWithStore[]> {
    const { entities, raw } = await this.ds
      .getRepository(Checkout)
      .createQueryBuilder('c')
      // The store's name for the member's result sheet: a display join by table name (stores owns it).
      .leftJoin('store', 's', 's.id = c.storeId')
      .addSelect('s.name', 'store_name')
      .where('c.memberId = :memberId', { memberId })
      .andWhere(
        new Brackets((w) => {
          w.where('c.createdAt > :since', { since }).orWhere('c.closedAt > :since');
          if (waitingFor) w.orWhere('c.id = :waitingFor', { waitingFor });
        }),
      )
      .orderBy('c.id', 'DESC')
      .limit(limit)
      .getRawAndEntities<{ c_id: number | string; store_name: string | null }>();
    const names = new Map(raw.map((r) => [Number(r.c_id), r.store_name ?? '']));
    return entities.map((c) => ({ ...c, storeName: names.get(c.id) ?? '' }));
  }

  /**
   * The clerk's binding and their store's state as the staff guard checks it, read on the sale's own
   * connection (a second pool connection per waiting sale could starve the pool under a burst of replays).
   */
  async staffBinding(em: EntityManager, staffId: number): Promise<StaffBindingState | null> {
    const [row] = (await em.query(
      `SELECT st.store_id AS storeId, st.role AS role, st.active AS active, so.active AS storeActive
         FROM staff st LEFT JOIN store so ON so.id = st.store_id WHERE st.id = ?`,
      [staffId],
    )) as (Record<keyof StaffBindingState, unknown> | undefined)[];
    return row
      ? {
          storeId: Number(row.storeId),
          role: String(row.role),
          active: Boolean(Number(row.active)),
          storeActive: Boolean(Number(row.storeActive ?? 0)),
        }
      : null;
  }

  /**
   * The checkout's member and their tier row in one read, inside the sale's transaction (not locked: a
   * promotion re-reads the tier row locked). The hot path's one cross-module read, so it joins the
   * members' and tiers' tables by name here rather than costing two more round trips through their doors;
   * the same read names the clerk (staff → member) and counts their sales since `since` (a plain,
   * non-locking read on idx_purchase_staff_time), for the audit row and the hourly limit, and reads the
   * clerk's binding and store state, which the staff guard would otherwise read before the sale.
   */
  async saleContext(em: EntityManager, checkoutId: number, since: Date): Promise<SaleContext> {
    type Raw = Record<
      | keyof SaleContext
      | 'clerkNickname'
      | 'clerkMemberNo'
      | 'clerkSales'
      | 'staffId'
      | 'staffStoreId'
      | 'staffRole'
      | 'staffActive'
      | 'storeActive',
      unknown
    >;
    // Hand-written for the same reason as close (tables by name: see above).
    const [row] = (await em.query(
      `SELECT m.id AS memberId, m.member_no AS memberNo, m.nickname AS nickname, m.birthday AS birthday,
              mt.tier_id AS tierId, mt.pinned AS pinned, sm.nickname AS clerkNickname, sm.member_no AS clerkMemberNo,
              st.id AS staffId, st.store_id AS staffStoreId, st.role AS staffRole, st.active AS staffActive,
              so.active AS storeActive,
              (SELECT COUNT(*) FROM purchase p WHERE p.staff_id = c.staff_id AND p.created_at > ?) AS clerkSales
         FROM checkout c
         JOIN member m ON m.id = c.member_id
         LEFT JOIN member_tier mt ON mt.member_id = c.member_id
         LEFT JOIN staff st ON st.id = c.staff_id
         LEFT JOIN member sm ON sm.id = st.member_id
         LEFT JOIN store so ON so.id = st.store_id
        WHERE c.id = ?`,
      [sqlValue(em, Purchase, 'createdAt', since), checkoutId],
    )) as (Raw | undefined)[];
    if (!row) throw new Error(`checkout ${checkoutId} has no member`);
    return {
      memberId: Number(row.memberId),
      memberNo: String(row.memberNo),
      nickname: String(row.nickname ?? ''),
      birthday: row.birthday === null ? null : String(row.birthday),
      tierId: row.tierId === null ? null : Number(row.tierId),
      pinned: Boolean(Number(row.pinned ?? 0)),
      clerkName: String(row.clerkNickname || row.clerkMemberNo || ''),
      clerkSalesLastHour: Number(row.clerkSales ?? 0),
      staff:
        row.staffId === null
          ? null
          : {
              storeId: Number(row.staffStoreId),
              role: String(row.staffRole),
              active: Boolean(Number(row.staffActive)),
              // A missing store counts as inactive (as StaffDirectory.byId).
              storeActive: Boolean(Number(row.storeActive ?? 0)),
            },
    };
  }
}
