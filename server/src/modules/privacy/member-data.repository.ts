import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

export interface ExportPurchase {
  createdAt: Date;
  storeName: string;
  receiptNo: string;
  amountFen: number;
  deductionFen: number;
  payableFen: number;
  pointsUsed: number;
  pointsEarned: number;
  refundedFen: number;
}

export interface ExportRefund {
  createdAt: Date;
  receiptNo: string;
  refundNo: string;
  amountFen: number;
  cashRefundedFen: number;
  pointsReturned: number;
  pointsClawedBack: number;
}

/** The personal fields erasure clears on the member row: what the export's 基本资料 sheet shows. */
export const ERASED_NICKNAME = '已注销会员';

// Keys whose values are personal in JSON kept by other modules (audit before/after, stored answers).
const PERSONAL_KEYS = new Set(['nickname', 'memberNo', 'phone', 'phoneMasked', 'birthday', 'gender', 'openid']);

/** Replaces the values of personal keys anywhere in a JSON value; other values stay as they were. */
export function redactPersonal(value: unknown, replacement: string): unknown {
  if (Array.isArray(value)) return value.map((v) => redactPersonal(v, replacement));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      PERSONAL_KEYS.has(k) && v !== null ? (k === 'memberNo' ? replacement : '已删除') : redactPersonal(v, replacement),
    ]),
  );
}

const toDate = (v: unknown): Date =>
  // SQLite hands back the stored text, MySQL a Date (UTC connection): normalise both.
  v instanceof Date ? v : new Date(`${String(v).replace(' ', 'T')}Z`);

/**
 * Other modules' rows that hold a member's data, by table name: read for "我的数据" and rewritten by erasure.
 * This file is the inventory of where personal data live; a new personal column belongs here too.
 */
@Injectable()
export class MemberDataRepository {
  constructor(private readonly ds: DataSource) {}

  async purchases(memberId: number): Promise<ExportPurchase[]> {
    const rows = await this.ds
      .createQueryBuilder()
      .select('p.created_at', 'createdAt')
      .addSelect('s.name', 'storeName')
      .addSelect('p.receipt_no', 'receiptNo')
      .addSelect('p.amount_fen', 'amountFen')
      .addSelect('p.deduction_fen', 'deductionFen')
      .addSelect('p.payable_fen', 'payableFen')
      .addSelect('p.points_used', 'pointsUsed')
      .addSelect('p.points_earned', 'pointsEarned')
      .addSelect('p.refunded_fen', 'refundedFen')
      .from('purchase', 'p')
      .leftJoin('store', 's', 's.id = p.store_id')
      .where('p.member_id = :memberId', { memberId })
      .orderBy('p.id', 'DESC')
      .getRawMany<Record<keyof ExportPurchase, unknown>>();
    return rows.map((r) => ({
      createdAt: toDate(r.createdAt),
      storeName: String(r.storeName ?? ''),
      receiptNo: String(r.receiptNo),
      amountFen: Number(r.amountFen),
      deductionFen: Number(r.deductionFen),
      payableFen: Number(r.payableFen),
      pointsUsed: Number(r.pointsUsed),
      pointsEarned: Number(r.pointsEarned),
      refundedFen: Number(r.refundedFen),
    }));
  }

  async refunds(memberId: number): Promise<ExportRefund[]> {
    const rows = await this.ds
      .createQueryBuilder()
      .select('r.created_at', 'createdAt')
      .addSelect('p.receipt_no', 'receiptNo')
      .addSelect('r.refund_no', 'refundNo')
      .addSelect('r.amount_fen', 'amountFen')
      .addSelect('r.cash_refunded_fen', 'cashRefundedFen')
      .addSelect('r.points_returned', 'pointsReturned')
      .addSelect('r.points_clawed_back', 'pointsClawedBack')
      .from('purchase_refund', 'r')
      .innerJoin('purchase', 'p', 'p.id = r.purchase_id')
      .where('p.member_id = :memberId', { memberId })
      .orderBy('r.id', 'DESC')
      .getRawMany<Record<keyof ExportRefund, unknown>>();
    return rows.map((r) => ({
      createdAt: toDate(r.createdAt),
      receiptNo: String(r.receiptNo),
      refundNo: String(r.refundNo),
      amountFen: Number(r.amountFen),
      cashRefundedFen: Number(r.cashRefundedFen),
      pointsReturned: Number(r.pointsReturned),
      pointsClawedBack: Number(r.pointsClawedBack),
    }));
  }

  /**
   * Erases the member's personal data in the caller's transaction. The member row stays (ledger accounts,
   * purchases, refunds and consents keep pointing at it) but answers to `anonymousId` only: identifiers,
   * nickname, gender, birthday and phone are gone, so the same WeChat user logging in again is a stranger.
   */
  async erase(em: EntityManager, memberId: number, anonymousId: string, now: Date): Promise<void> {
    const q = (name: string) => em.connection.driver.escape(name);
    const at = this.dateParam(em, now);
    const memberNo = await this.memberNo(em, memberId);
    const staffIds = (await em.query(`SELECT id FROM ${q('staff')} WHERE member_id = ?`, [memberId])).map(
      (r: { id: unknown }) => Number(r.id),
    );

    // openid is unique and NOT NULL: a value no WeChat openid can take keeps both true.
    await em.query(
      `UPDATE ${q('member')} SET member_no = ?, openid = ?, unionid = NULL, nickname = ?, gender = 'unknown',
         birthday = NULL, birthday_locked = 0, phone_cipher = NULL, phone_hash = NULL, phone_masked = NULL,
         privacy_version = NULL, privacy_accepted_at = NULL, status = 'erased', updated_at = ? WHERE id = ?`,
      [anonymousId, `erased:${anonymousId}`, ERASED_NICKNAME, at, memberId],
    );
    await em.query(`DELETE FROM ${q('member_code')} WHERE member_id = ?`, [memberId]);
    // An erased member can no longer act for a store.
    await em.query(`UPDATE ${q('staff')} SET active = 0, updated_at = ? WHERE member_id = ?`, [at, memberId]);
    // Stored-value orders are financial records kept at least 5 years (single-purpose prepaid card rules):
    // the row and its ledger legs stay, tied to the anonymised member; the payer's openid goes.
    await em.query(`UPDATE ${q('topup_order')} SET openid = ?, updated_at = ? WHERE member_id = ?`, [
      `erased:${anonymousId}`,
      at,
      memberId,
    ]);

    // The audit trail keeps what happened, not who it was: names become the anonymous id, personal values go.
    await em.query(`UPDATE ${q('audit_log')} SET actor_name = ? WHERE actor_type = 'member' AND actor_id = ?`, [
      anonymousId,
      memberId,
    ]);
    if (staffIds.length) {
      await em.query(
        `UPDATE ${q('audit_log')} SET actor_name = ? WHERE actor_type = 'staff' AND actor_id IN (${staffIds.map(() => '?').join(', ')})`,
        [anonymousId, ...staffIds],
      );
    }
    const audited: { id: unknown; before_json: string | null; after_json: string | null }[] = await em.query(
      `SELECT id, before_json, after_json FROM ${q('audit_log')} WHERE target_type = 'member' AND target_id = ?`,
      [String(memberId)],
    );
    for (const row of audited) {
      await em.query(`UPDATE ${q('audit_log')} SET before_json = ?, after_json = ? WHERE id = ?`, [
        this.redactJson(row.before_json, anonymousId),
        this.redactJson(row.after_json, anonymousId),
        row.id,
      ]);
    }

    // Stored answers of sales and refunds (replayed on a retry) carry the member's no. and nickname.
    if (memberNo) {
      const stored: { id: unknown; response_json: string }[] = await em.query(
        `SELECT id, response_json FROM ${q('idempotency_record')} WHERE response_json LIKE ?`,
        [`%"memberNo":"${memberNo}"%`],
      );
      for (const row of stored) {
        await em.query(`UPDATE ${q('idempotency_record')} SET response_json = ? WHERE id = ?`, [
          this.redactJson(row.response_json, anonymousId),
          row.id,
        ]);
      }
    }
  }

  private async memberNo(em: EntityManager, memberId: number): Promise<string | null> {
    const q = em.connection.driver.escape.bind(em.connection.driver);
    const [row] = await em.query(`SELECT member_no FROM ${q('member')} WHERE id = ?`, [memberId]);
    // Member numbers are digits only, so they are safe inside a LIKE pattern.
    return row && /^\d+$/.test(String(row.member_no)) ? String(row.member_no) : null;
  }

  private redactJson(json: string | null, anonymousId: string): string | null {
    if (json === null) return null;
    try {
      return JSON.stringify(redactPersonal(JSON.parse(json), anonymousId));
    } catch {
      return null;
    }
  }

  /** A datetime for a raw statement: a Date for mysql2, TypeORM's UTC text form for SQLite. */
  private dateParam(em: EntityManager, d: Date): Date | string {
    return em.connection.driver.options.type === 'better-sqlite3'
      ? d.toISOString().replace('T', ' ').replace('Z', '')
      : d;
  }
}
