import type {
  AdminTopup,
  MemberRef,
  MemberTopup,
  PayAnomaly,
  PayAnomalyKind,
  TopupPlan as TopupPlanView,
} from '@member/shared';
import type { PayAnomalyRow } from './entities/pay-anomaly.entity';
import type { TopupOrder } from './entities/topup-order.entity';
import type { TopupPlan } from './entities/topup-plan.entity';
import { planCouponIds } from './topup-plan-coupons.service';

// Rows as the API answers them: ISO times, no openid or request hash.

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function planView(p: TopupPlan): TopupPlanView {
  return {
    id: p.id,
    name: p.name,
    payFen: p.payFen,
    bonusFen: p.bonusFen,
    startsAt: iso(p.startsAt),
    endsAt: iso(p.endsAt),
    perMemberLimit: p.perMemberLimit,
    sortOrder: p.sortOrder,
    couponTemplateIds: planCouponIds(p),
    status: p.status,
    paidCount: p.paidCount,
    version: p.version,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

export function memberTopupView(
  o: TopupOrder,
  planName: string | null,
  coupons: MemberTopup['coupons'] = [],
): MemberTopup {
  return {
    outTradeNo: o.outTradeNo,
    status: o.status,
    payFen: o.payFen,
    bonusFen: o.bonusFen,
    planName,
    createdAt: o.createdAt.toISOString(),
    paidAt: iso(o.paidAt),
    expiresAt: o.expiresAt.toISOString(),
    coupons,
  };
}

export function adminTopupView(
  o: TopupOrder,
  member: MemberRef | undefined,
  planName: string | null,
  anomaly: PayAnomalyKind | null,
): AdminTopup {
  return {
    outTradeNo: o.outTradeNo,
    transactionId: o.transactionId,
    memberId: o.memberId,
    memberNo: member?.memberNo ?? '',
    memberName: member?.nickname || null,
    planId: o.planId,
    planName,
    payFen: o.payFen,
    bonusFen: o.bonusFen,
    status: o.status,
    confirmedBy: o.confirmedBy,
    refundedFen: o.refundedFen,
    anomaly,
    shippingStatus: o.shippingStatus,
    shippingError: o.shippingError,
    createdAt: o.createdAt.toISOString(),
    paidAt: iso(o.paidAt),
    expiresAt: o.expiresAt.toISOString(),
  };
}

export function anomalyView(a: PayAnomalyRow, memberNo: string | null): PayAnomaly {
  return {
    id: a.id,
    kind: a.kind,
    outTradeNo: a.outTradeNo,
    transactionId: a.transactionId,
    expectedFen: a.expectedFen,
    reportedFen: a.reportedFen,
    credited: a.credited,
    memberNo,
    memberId: a.memberId,
    status: a.status,
    resolution: a.resolution,
    createdAt: a.createdAt.toISOString(),
    resolvedAt: iso(a.resolvedAt),
  };
}
