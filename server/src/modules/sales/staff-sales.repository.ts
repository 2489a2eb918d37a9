import { Injectable } from '@nestjs/common';
import { IDEMPOTENCY_KEY_PATTERN } from '@member/shared';
import { Brackets, DataSource, type SelectQueryBuilder } from 'typeorm';
import { Purchase } from './entities/purchase.entity';

export interface SalesWindow {
  storeId: number;
  from: Date;
  to: Date;
}

export interface SaleRow {
  receiptNo: string;
  createdAt: Date;
  nickname: string;
  memberNo: string;
  amountFen: number;
  payableFen: number;
  couponDiscountFen: number;
  pointsUsed: number;
  refundedFen: number;
}

// '!' escapes LIKE wildcards on both drivers (SQLite has no default escape character).
const likeEscape = (s: string) => s.replace(/[!%_]/g, '!$&');

/** Reads of a store's sales for the refund list: one store, one time window, optional search. */
@Injectable()
export class StaffSalesRepository {
  constructor(private readonly ds: DataSource) {}

  async page(window: SalesWindow, q: string, offset: number, limit: number): Promise<[SaleRow[], number]> {
    const base = this.filtered(window, q);
    const [raw, total] = await Promise.all([
      base
        .clone()
        .select('p.receiptNo', 'receiptNo')
        .addSelect('p.createdAt', 'createdAt')
        .addSelect('m.nickname', 'nickname')
        .addSelect('m.member_no', 'memberNo')
        .addSelect('p.amountFen', 'amountFen')
        .addSelect('p.payableFen', 'payableFen')
        .addSelect('p.couponDiscountFen', 'couponDiscountFen')
        .addSelect('p.pointsUsed', 'pointsUsed')
        .addSelect('p.refundedFen', 'refundedFen')
        .orderBy('p.createdAt', 'DESC')
        .addOrderBy('p.id', 'DESC')
        .offset(offset)
        .limit(limit)
        .getRawMany<Record<keyof SaleRow, unknown>>(),
      base.getCount(),
    ]);
    const rows = raw.map((r) => ({
      receiptNo: String(r.receiptNo),
      // SQLite hands back the stored text, MySQL a Date (UTC connection): normalise both.
      createdAt: r.createdAt instanceof Date ? r.createdAt : new Date(`${String(r.createdAt).replace(' ', 'T')}Z`),
      nickname: String(r.nickname ?? ''),
      memberNo: String(r.memberNo),
      amountFen: Number(r.amountFen),
      payableFen: Number(r.payableFen),
      couponDiscountFen: Number(r.couponDiscountFen),
      pointsUsed: Number(r.pointsUsed),
      refundedFen: Number(r.refundedFen),
    }));
    return [rows, total];
  }

  private filtered(window: SalesWindow, q: string): SelectQueryBuilder<Purchase> {
    const qb = this.ds
      .getRepository(Purchase)
      .createQueryBuilder('p')
      // Search by member no. or nickname: a join by table name on the members module's table (read only).
      .innerJoin('member', 'm', 'm.id = p.memberId')
      .where('p.storeId = :storeId AND p.createdAt >= :from AND p.createdAt < :to', window);
    if (!q) return qb;
    return qb.andWhere(
      new Brackets((or) => {
        // Receipt no.: a prefix compared byte for byte (utf8mb4_bin column on MySQL, BINARY on SQLite).
        if (IDEMPOTENCY_KEY_PATTERN.test(q)) {
          or.orWhere('SUBSTR(p.receiptNo, 1, :qLen) = :q', { q, qLen: q.length });
        }
        if (/^\d{1,16}$/.test(q)) or.orWhere('m.member_no = :q', { q });
        or.orWhere("m.nickname LIKE :like ESCAPE '!'", { like: `%${likeEscape(q)}%` });
      }),
    );
  }
}
