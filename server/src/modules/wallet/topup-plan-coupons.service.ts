import { Injectable } from '@nestjs/common';
import { ErrorCode, type CouponTerms, type MemberTopup } from '@member/shared';
import type { EntityManager } from 'typeorm';
import { AppException } from '../../common/app-exception';
import { CouponIssuingService } from '../coupons/coupon-issuing.service';
import type { TopupOrder } from './entities/topup-order.entity';
import type { TopupPlan } from './entities/topup-plan.entity';
import { TopupPlanCouponsRepository } from './topup-plan-coupons.repository';

/** A plan gives at most this many coupon templates with each top-up. */
export const PLAN_COUPONS_MAX = 3;

/** The source key of a top-up's coupon: unique, so a replayed credit never issues twice. */
export const topupCouponKey = (outTradeNo: string, templateId: number) => `topup:${outTradeNo}:${templateId}`;

/** The template ids a plan row stores as JSON (null = none). */
export function planCouponIds(plan: Pick<TopupPlan, 'couponTemplateIds'>): number[] {
  return plan.couponTemplateIds ? (JSON.parse(plan.couponTemplateIds) as number[]) : [];
}

/**
 * Coupons a top-up plan gives (加赠): templates checked when an operator attaches them (ACTIVE or DRAFT),
 * issued through the coupons issuing service once the payment is credited — planned on the outbox in the
 * credit's transaction under the key topup:<out_trade_no>:<template>, so duplicates never issue twice.
 */
@Injectable()
export class TopupPlanCouponsService {
  constructor(
    private readonly repo: TopupPlanCouponsRepository,
    private readonly issuing: CouponIssuingService,
  ) {}

  /** The column value for the ids, after checking each names an ACTIVE or DRAFT template. */
  async column(em: EntityManager, ids: number[]): Promise<string | null> {
    const unique = [...new Set(ids)];
    if (unique.length > PLAN_COUPONS_MAX)
      throw new AppException(ErrorCode.VALIDATION_FAILED, `每个方案最多加赠 ${PLAN_COUPONS_MAX} 种优惠券`);
    const found = new Map((await this.repo.templates(unique, em)).map((t) => [t.id, t]));
    for (const id of unique) {
      const t = found.get(id);
      if (!t || (t.status !== 'ACTIVE' && t.status !== 'DRAFT'))
        throw new AppException(ErrorCode.VALIDATION_FAILED, `优惠券模板 ${id} 不存在或已停用`);
    }
    return unique.length ? JSON.stringify(unique) : null;
  }

  /** Per plan, the names of the coupons it gives (the member's plan tile says 加赠 …). */
  async namesByPlan(plans: TopupPlan[]): Promise<Map<number, string[]>> {
    const templates = await this.repo.templates(plans.flatMap(planCouponIds));
    const names = new Map(templates.filter((t) => t.status === 'ACTIVE').map((t) => [t.id, t.name]));
    return new Map(plans.map((p) => [p.id, planCouponIds(p).flatMap((id) => (names.has(id) ? [names.get(id)!] : []))]));
  }

  /** Plans one coupon per template of the order's plan, in the credit's transaction. */
  async planIssues(em: EntityManager, order: TopupOrder, paidAt: Date): Promise<void> {
    if (order.planId === null) return;
    const column = await this.repo.planColumn(em, order.planId);
    for (const templateId of planCouponIds({ couponTemplateIds: column })) {
      await this.issuing.plan(em, {
        templateId,
        memberId: order.memberId,
        source: 'TOPUP',
        sourceKey: topupCouponKey(order.outTradeNo, templateId),
        at: paidAt.toISOString(),
      });
    }
  }

  /** The coupons this top-up gave its member so far. */
  async received(order: TopupOrder): Promise<MemberTopup['coupons']> {
    const coupons = await this.repo.bySourcePrefix(order.memberId, `topup:${order.outTradeNo}:`);
    return coupons.map((c) => ({
      id: c.id,
      name: (JSON.parse(c.termsJson) as CouponTerms).name,
      validUntil: c.validUntil.toISOString(),
    }));
  }
}
