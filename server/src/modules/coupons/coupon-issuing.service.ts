import { Injectable, type OnModuleInit } from '@nestjs/common';
import {
  couponCondition,
  couponHeadline,
  couponWindow,
  ErrorCode,
  luhnCheckDigit,
  type CouponSource,
} from '@member/shared';
import { randomInt } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { AppException } from '../../common/app-exception';
import { OutboxRegistry } from '../../outbox/outbox-registry';
import { OutboxService } from '../../outbox/outbox.service';
import { MemberTiersService } from '../tiers/member-tiers.service';
import { TiersService } from '../tiers/tiers.service';
import { CouponTierGifts } from './coupon-occasions';
import { termsOf, tierIdsOf, validityOf } from './coupon-views';
import { CouponsRepository } from './coupons.repository';
import type { CouponTemplate } from './entities/coupon-template.entity';
import type { Coupon } from './entities/coupon.entity';

/** An automatic issue: one coupon of a template for a member, once per occasion (the source key). */
export interface IssuePayload {
  templateId: number;
  memberId: number;
  source: Exclude<CouponSource, 'CLAIM' | 'GIFT'>;
  /** e.g. newmember:<template>:<member>, birthday:<year>:<template>:<member>. */
  sourceKey: string;
  /** When the occasion happened (validity counts from it however late the outbox delivers). */
  at: string;
}

/** What another module may know of a template (describe). */
export interface TemplateBrief {
  templateId: number;
  name: string;
  summary: string;
  active: boolean;
}

/** 15 random digits and a Luhn check digit: unguessable, and a mistyped code is caught at the counter. */
export function newCouponCode(): string {
  let body = '';
  for (let i = 0; i < 3; i++) body += String(randomInt(0, 100_000)).padStart(5, '0');
  return body + String(luhnCheckDigit(body));
}

/**
 * The one door through which coupons come into existence: claims, the shop's occasions (new member,
 * birthday, tier up) and batches. Takes the stock with a guarded update after inserting the coupon (the
 * hot template row is locked last, for the shortest time) and refuses a second coupon for one occasion
 * by the unique source key.
 */
@Injectable()
export class CouponIssuingService implements OnModuleInit {
  static readonly KIND = 'coupon.issue';

  constructor(
    private readonly repo: CouponsRepository,
    private readonly outbox: OutboxService,
    private readonly handlers: OutboxRegistry,
    private readonly tiers: TiersService,
    private readonly memberTiers: MemberTiersService,
    private readonly tierGifts: CouponTierGifts,
  ) {}

  onModuleInit(): void {
    this.handlers.register<IssuePayload>({
      kind: CouponIssuingService.KIND,
      handle: async (em, ctx) => {
        await this.issueFor(em, ctx.payload);
      },
    });
  }

  /** Plans an automatic issue in the caller's transaction (delivered once by the outbox). */
  plan(em: EntityManager, payload: IssuePayload): Promise<boolean> {
    return this.outbox.enqueue(em, { kind: CouponIssuingService.KIND, key: payload.sourceKey, payload });
  }

  /**
   * Issues one coupon. Throws COUPON_SOLD_OUT when the stock is gone (the transaction then rolls back the
   * insert); returns null when the source key already has its coupon.
   */
  async issue(
    em: EntityManager,
    template: CouponTemplate,
    memberId: number,
    source: CouponSource,
    sourceKey: string | null,
    at: Date,
  ): Promise<Coupon | null> {
    const { validFrom, validUntil } = couponWindow(validityOf(template), at);
    const coupon = await this.repo.insertCoupon(
      em,
      {
        templateId: template.id,
        memberId,
        termsJson: JSON.stringify(termsOf(template)),
        validFrom,
        validUntil,
        status: 'USABLE',
        source,
        sourceKey,
        issuedAt: at,
        usedAt: null,
        usedStoreId: null,
        usedStaffId: null,
        purchaseId: null,
        discountFen: null,
      },
      newCouponCode,
    );
    if (!coupon) return null;
    if (!(await this.repo.takeStock(em, template.id, 1))) {
      // Callers that carry on after a sold-out (automatic issues) must not keep the coupon just inserted.
      await this.repo.deleteCoupon(em, coupon.id);
      throw new AppException(ErrorCode.COUPON_SOLD_OUT);
    }
    return coupon;
  }

  /**
   * Issues one coupon each to many members (a batch chunk) in one INSERT: members whose source key already
   * has its coupon are left out (`duplicates`), and the stock is taken for exactly the rows inserted. When
   * less is left, the first grants (in the order given) keep theirs, the others are deleted again and
   * `short` says why: SOLD_OUT, or INACTIVE when the template is no longer ACTIVE.
   */
  async issueMany(
    em: EntityManager,
    template: CouponTemplate,
    grants: { memberId: number; sourceKey: string }[],
    source: CouponSource,
    at: Date,
  ): Promise<{ issued: number[]; duplicates: number; short: 'SOLD_OUT' | 'INACTIVE' | null }> {
    const existing = await this.repo.existingSourceKeys(
      em,
      grants.map((g) => g.sourceKey),
    );
    const fresh = grants.filter((g) => !existing.has(g.sourceKey));
    const duplicates = grants.length - fresh.length;
    if (!fresh.length) return { issued: [], duplicates, short: null };
    const { validFrom, validUntil } = couponWindow(validityOf(template), at);
    const termsJson = JSON.stringify(termsOf(template));
    await this.repo.insertCoupons(
      em,
      fresh.map((g) => ({
        templateId: template.id,
        memberId: g.memberId,
        termsJson,
        validFrom,
        validUntil,
        status: 'USABLE' as const,
        source,
        sourceKey: g.sourceKey,
        issuedAt: at,
        usedAt: null,
        usedStoreId: null,
        usedStaffId: null,
        purchaseId: null,
        discountFen: null,
      })),
      newCouponCode,
    );
    if (await this.repo.takeStock(em, template.id, fresh.length)) {
      return { issued: fresh.map((g) => g.memberId), duplicates, short: null };
    }
    const took = await this.repo.takeStockUpTo(em, template.id, fresh.length);
    await this.repo.deleteBySourceKeys(
      em,
      fresh.slice(took).map((g) => g.sourceKey),
    );
    return {
      issued: fresh.slice(0, took).map((g) => g.memberId),
      duplicates,
      short: took === 0 && !(await this.isActive(em, template.id)) ? 'INACTIVE' : 'SOLD_OUT',
    };
  }

  /**
   * Issues `n` coupons of a template for one order of another module (e.g. a points-mall redemption), in the
   * caller's transaction, keyed `<sourceKey>:<i>`. Throws COUPON_SOLD_OUT when the template is gone, no longer
   * ACTIVE or out of stock (the caller's transaction then rolls back whatever it did). Answers the coupon ids.
   */
  async issueForOrder(
    em: EntityManager,
    templateId: number,
    memberId: number,
    source: Exclude<CouponSource, 'CLAIM' | 'GIFT'>,
    sourceKey: string,
    n: number,
    at: Date,
  ): Promise<number[]> {
    const template = await this.repo.template(templateId, em);
    if (!template || template.status !== 'ACTIVE') throw new AppException(ErrorCode.COUPON_SOLD_OUT);
    const ids: number[] = [];
    for (let i = 0; i < n; i++) {
      const coupon = await this.issue(em, template, memberId, source, `${sourceKey}:${i}`, at);
      if (!coupon) throw new Error(`coupon ${sourceKey}:${i} was issued before`);
      ids.push(coupon.id);
    }
    return ids;
  }

  /** A template as another module shows it: name, terms in words, and whether it can still be issued. */
  async describe(templateIds: number[], em?: EntityManager): Promise<Map<number, TemplateBrief>> {
    const out = new Map<number, TemplateBrief>();
    for (const id of [...new Set(templateIds)]) {
      const t = await this.repo.template(id, em);
      if (!t) continue;
      const terms = termsOf(t);
      out.set(id, {
        templateId: id,
        name: t.name,
        summary: `${couponHeadline(terms)} · ${couponCondition(terms)}`,
        active: t.status === 'ACTIVE',
      });
    }
    return out;
  }

  private async isActive(em: EntityManager, templateId: number): Promise<boolean> {
    return (await this.repo.template(templateId, em))?.status === 'ACTIVE';
  }

  /** Whether the member's tier may receive the template (templates without tiers: everyone). */
  async eligible(em: EntityManager, template: CouponTemplate, memberId: number): Promise<boolean> {
    const tierIds = tierIdsOf(template);
    if (!tierIds) return true;
    const { tier } = await this.memberTiers.current(em, memberId, await this.tiers.activeTiers());
    return tierIds.includes(tier.id);
  }

  /**
   * An automatic issue as the outbox delivers it: nothing when the template is no longer active, the
   * member not eligible or the stock gone — an occasion missed is not retried forever.
   */
  async issueFor(em: EntityManager, p: IssuePayload): Promise<Coupon | null> {
    const template = await this.repo.template(p.templateId, em);
    if (!template || template.status !== 'ACTIVE') return null;
    if (!(await this.eligible(em, template, p.memberId))) return null;
    // A tier-up gift a refund took back (or a later gift replaced) is not issued after all.
    if (p.source === 'TIER_UP' && !(await this.tierGifts.stillGiven(em, p.sourceKey))) return null;
    try {
      return await this.issue(em, template, p.memberId, p.source, p.sourceKey, new Date(p.at));
    } catch (error) {
      if (error instanceof AppException && error.code === ErrorCode.COUPON_SOLD_OUT) return null;
      throw error;
    }
  }
}
