import { Injectable } from '@nestjs/common';
import type { CouponTemplateStatus } from '@member/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { TopupOrder } from './entities/topup-order.entity';
import { TopupPlan } from './entities/topup-plan.entity';

type Reader = DataSource | EntityManager;
const manager = (r: Reader): EntityManager => (r instanceof DataSource ? r.manager : r);

export interface TemplateRef {
  id: number;
  name: string;
  status: CouponTemplateStatus;
}

export interface GivenCoupon {
  id: number;
  termsJson: string;
  validUntil: Date;
}

/**
 * Coupon reads a plan's gift needs: its templates (name, status) and the coupons a top-up gave. Plain reads
 * of the coupon tables (the coupons module's entities are its own); issuing goes through its service.
 */
@Injectable()
export class TopupPlanCouponsRepository {
  constructor(private readonly ds: DataSource) {}

  async templates(ids: number[], reader: Reader = this.ds): Promise<TemplateRef[]> {
    const unique = [...new Set(ids)];
    if (!unique.length) return [];
    const rows = (await manager(reader).query(
      `SELECT id, name, status FROM coupon_template WHERE id IN (${unique.map(() => '?').join(', ')})`,
      unique,
    )) as { id: number | string; name: string; status: CouponTemplateStatus }[];
    return rows.map((r) => ({ id: Number(r.id), name: r.name, status: r.status }));
  }

  /** The plan's coupon template ids column (JSON, null = none), read in the credit's transaction. */
  async planColumn(em: EntityManager, planId: number): Promise<string | null> {
    const plan = await em
      .getRepository(TopupPlan)
      .findOne({ select: { id: true, couponTemplateIds: true }, where: { id: planId } });
    return plan?.couponTemplateIds ?? null;
  }

  /** The member's coupons whose source key starts with `prefix` (one top-up's gifts), oldest first. */
  async bySourcePrefix(memberId: number, prefix: string): Promise<GivenCoupon[]> {
    const em = this.ds.manager;
    const rows = (await em.query(
      `SELECT id, terms_json, valid_until FROM coupon WHERE member_id = ? AND source_key LIKE ? ORDER BY id`,
      [memberId, `${prefix}%`],
    )) as { id: number | string; terms_json: string; valid_until: Date | string }[];
    return rows.map((r) => ({
      id: Number(r.id),
      termsJson: r.terms_json,
      validUntil: toDate(em, r.valid_until),
    }));
  }
}

/** A datetime(3) as the driver reads one back (same column kind as topup_order.paid_at). */
function toDate(em: EntityManager, value: Date | string): Date {
  const column = em.connection.getMetadata(TopupOrder).findColumnWithPropertyName('paidAt')!;
  return em.connection.driver.prepareHydratedValue(value, column) as Date;
}
