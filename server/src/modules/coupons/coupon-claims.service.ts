import { Injectable } from '@nestjs/common';
import {
  ErrorCode,
  type ClaimableCoupon,
  type ClaimCouponRequest,
  type ClaimCouponResult,
  type CouponClaimBlock,
} from '@member/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { AppException } from '../../common/app-exception';
import { Clock } from '../../common/clock';
import { IdempotencyService, idempotencyScope } from '../../common/idempotency/idempotency.service';
import { MemberLifecycle } from '../../common/member-lifecycle';
import type { MemberPrincipal } from '../auth/token.service';
import { MemberTiersService } from '../tiers/member-tiers.service';
import { TiersService } from '../tiers/tiers.service';
import { CouponIssuingService } from './coupon-issuing.service';
import { couponView, termsOf, tierIdsOf, validityOf } from './coupon-views';
import { CouponsRepository } from './coupons.repository';
import { CouponTemplate } from './entities/coupon-template.entity';

const CLAIM_OPERATION = 'coupon-claim';

const BLOCK_ERRORS: Record<CouponClaimBlock, ErrorCode> = {
  SOLD_OUT: ErrorCode.COUPON_SOLD_OUT,
  LIMIT_REACHED: ErrorCode.COUPON_LIMIT_REACHED,
  NOT_ELIGIBLE: ErrorCode.COUPON_NOT_ELIGIBLE,
  NOT_STARTED: ErrorCode.COUPON_CLAIM_NOT_STARTED,
  ENDED: ErrorCode.COUPON_CLAIM_ENDED,
};

/** Why a template cannot be claimed now, before any quota or stock is looked at (null: open). */
function windowBlock(t: CouponTemplate, now: Date): CouponClaimBlock | null {
  if (t.claimStartsAt && t.claimStartsAt.getTime() > now.getTime()) return 'NOT_STARTED';
  if (t.claimEndsAt && t.claimEndsAt.getTime() <= now.getTime()) return 'ENDED';
  // A fixed-date coupon already past its end is not worth claiming.
  const v = validityOf(t);
  if (v.kind === 'FIXED' && Date.parse(v.until) <= now.getTime()) return 'ENDED';
  return null;
}

/**
 * 领券中心: members claim templates open for claiming. A claim is exact under any concurrency: the
 * member's quota and the template's stock are guarded updates in one transaction with the coupon, and
 * the request id makes a retry answer the first coupon.
 */
@Injectable()
export class CouponClaimsService {
  constructor(
    private readonly ds: DataSource,
    private readonly idempotency: IdempotencyService,
    private readonly clock: Clock,
    private readonly repo: CouponsRepository,
    private readonly issuing: CouponIssuingService,
    private readonly tiers: TiersService,
    private readonly memberTiers: MemberTiersService,
    private readonly lifecycle: MemberLifecycle,
  ) {}

  /** Templates open for claiming, with this member's standing on each. */
  async center(member: MemberPrincipal): Promise<ClaimableCoupon[]> {
    const now = this.clock.now();
    const templates = await this.ds.getRepository(CouponTemplate).find({
      where: { status: 'ACTIVE', trigger: 'CLAIM' },
      order: { id: 'DESC' },
      take: 100,
    });
    const open = templates.filter((t) => windowBlock(t, now) !== 'ENDED');
    const taken = await this.repo.taken(
      member.memberId,
      open.map((t) => t.id),
    );
    const { tier } = await this.memberTiers.current(this.ds.manager, member.memberId, await this.tiers.activeTiers());
    return open.map((t) => {
      const claimed = taken.get(t.id) ?? 0;
      const remaining = t.totalStock == null ? null : Math.max(0, t.totalStock - t.issued);
      const tierIds = tierIdsOf(t);
      const blocked: CouponClaimBlock | null =
        windowBlock(t, now) ??
        (tierIds && !tierIds.includes(tier.id)
          ? 'NOT_ELIGIBLE'
          : claimed >= t.perMemberLimit
            ? 'LIMIT_REACHED'
            : remaining === 0
              ? 'SOLD_OUT'
              : null);
      return {
        templateId: t.id,
        terms: termsOf(t),
        validity: validityOf(t),
        claimEndsAt: t.claimEndsAt?.toISOString() ?? null,
        remaining,
        perMemberLimit: t.perMemberLimit,
        claimed,
        blocked,
      };
    });
  }

  async claim(member: MemberPrincipal, req: ClaimCouponRequest): Promise<ClaimCouponResult> {
    // Like the card: no claims without the privacy consent or during the deletion cooling-off.
    await this.lifecycle.assertMayUse(member.memberId);
    const { body, replayed } = await this.idempotency.run(
      {
        scope: idempotencyScope.member(member.memberId),
        operation: CLAIM_OPERATION,
        key: req.requestId,
        request: { templateId: req.templateId },
      },
      (em) => this.record(em, member.memberId, req.templateId),
      201,
    );
    return { ...body, replayed };
  }

  private async record(em: EntityManager, memberId: number, templateId: number) {
    const now = this.clock.now();
    const template = await this.repo.template(templateId, em);
    if (!template || template.trigger !== 'CLAIM' || template.status !== 'ACTIVE')
      throw new AppException(ErrorCode.COUPON_NOT_CLAIMABLE);
    const block = windowBlock(template, now);
    if (block) throw new AppException(BLOCK_ERRORS[block]);
    // Already gone as last read: answer at once without taking locks (the guarded update stays the truth).
    if (template.totalStock != null && template.issued >= template.totalStock)
      throw new AppException(ErrorCode.COUPON_SOLD_OUT);
    if (!(await this.issuing.eligible(em, template, memberId))) throw new AppException(ErrorCode.COUPON_NOT_ELIGIBLE);
    if (!(await this.repo.takeQuota(em, templateId, memberId, template.perMemberLimit)))
      throw new AppException(ErrorCode.COUPON_LIMIT_REACHED);
    const coupon = await this.issuing.issue(em, template, memberId, 'CLAIM', null, now);
    // A claim has no source key, so there is always a coupon here.
    return couponView(coupon!, { terms: termsOf(template) });
  }
}
