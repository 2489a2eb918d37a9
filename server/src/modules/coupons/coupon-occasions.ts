import { Injectable } from '@nestjs/common';
import type { CouponTrigger } from '@member/shared';
import { DataSource, In, Like, type EntityManager } from 'typeorm';
import { isUniqueViolation } from '../../database/transaction-runner';
import { CouponsRepository } from './coupons.repository';
import { CouponGift } from './entities/coupon-gift.entity';
import { CouponTemplate } from './entities/coupon-template.entity';
import { CouponTierGift } from './entities/coupon-tier-gift.entity';
import { Coupon } from './entities/coupon.entity';

const TIER_GIFT_EVERY_MS = 365 * 86_400_000;

/** The occasions' source keys: one coupon of a template per occasion (coupon.source_key and the outbox key). */
export const occasionKeys = {
  newMember: (templateId: number, memberId: number) => `newmember:${templateId}:${memberId}`,
  birthday: (year: number, templateId: number, memberId: number) => `birthday:${year}:${templateId}:${memberId}`,
  tierUp: (memberId: number, tierId: number, seq: number, templateId: number) =>
    `tierup:${memberId}:${tierId}:${seq}:${templateId}`,
};

const tierUpPrefix = (memberId: number, tierId: number, seq: number) => `tierup:${memberId}:${tierId}:${seq}:`;

/** The ACTIVE templates an occasion issues (idx_coupon_tpl_status_trigger). */
export function activeTemplates(reader: DataSource | EntityManager, trigger: CouponTrigger): Promise<CouponTemplate[]> {
  return reader.getRepository(CouponTemplate).find({ where: { status: 'ACTIVE', trigger }, order: { id: 'ASC' } });
}

/** Whether a template's tier list lets a tier in (no list: every tier). */
export function allowsTier(template: CouponTemplate, tierId: number): boolean {
  const ids = template.tierIdsJson ? (JSON.parse(template.tierIdsJson) as number[]) : null;
  return !ids || ids.includes(tierId);
}

/**
 * The tier-up gift's bookkeeping (coupon_tier_gift): once per member per tier per 365 days, and taken
 * back with the tier by a refund. Every statement runs in the caller's transaction; the gift row is the
 * lock that orders a refund's voiding against the outbox issuing the gift's coupons.
 */
@Injectable()
export class CouponTierGifts {
  constructor(private readonly repo: CouponsRepository) {}

  /**
   * Takes a new gift of `tierId` for the member: its seq, or null when one was given less than 365 days ago.
   * First gift: an insert (a racing second insert hits the primary key); later ones: a guarded update.
   */
  async take(em: EntityManager, memberId: number, tierId: number, now: Date): Promise<number | null> {
    const nextGiftAt = new Date(now.getTime() + TIER_GIFT_EVERY_MS);
    try {
      await em.insert(CouponTierGift, { memberId, tierId, seq: 1, grantedAt: now, nextGiftAt, revokedAt: null });
      return 1;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
    const taken = await em
      .createQueryBuilder()
      .update(CouponTierGift)
      .set({ seq: () => 'seq + 1', grantedAt: now, nextGiftAt, revokedAt: null })
      .where('member_id = :memberId AND tier_id = :tierId AND next_gift_at <= :now', { memberId, tierId, now })
      .execute();
    if (taken.affected !== 1) return null;
    return (await em.findOneByOrFail(CouponTierGift, { memberId, tierId })).seq;
  }

  /**
   * Whether the gift a tier-up source key names may still be issued: it is the member's latest gift of
   * that tier and no refund took it back. Reads the gift row locked, so a refund voiding the gift either
   * waits for this issue (and then voids the new coupon) or went first (and this issues nothing).
   */
  async stillGiven(em: EntityManager, sourceKey: string): Promise<boolean> {
    const [, memberId, tierId, seq] = sourceKey.split(':').map(Number);
    const row = await lockGift(em, memberId!, tierId!);
    return !!row && row.seq === seq && row.revokedAt === null;
  }

  /**
   * A refund took `tierId` back: the member's coupons of its latest gift still unused in their hands become
   * VOID (an open gift link on one is cancelled), the gift's coupons still in the outbox will not be
   * issued, and when nothing of the gift was used a later promotion may give it again at once.
   * Returns how many coupons were voided.
   */
  async takeBack(em: EntityManager, memberId: number, tierId: number, now: Date): Promise<number> {
    const row = await lockGift(em, memberId, tierId);
    if (!row || row.revokedAt) return 0;
    const prefix = tierUpPrefix(memberId, tierId, row.seq);
    const coupons = await em.getRepository(Coupon).find({
      select: { id: true, memberId: true, status: true },
      where: { sourceKey: Like(`${prefix}%`) },
    });
    let voided = 0;
    const closedGifts: number[] = [];
    for (const c of coupons) {
      if (c.memberId !== memberId || (c.status !== 'USABLE' && c.status !== 'GIFTING')) continue;
      if (await this.repo.setStatus(em, c.id, c.status, 'VOID')) {
        voided++;
        if (c.status === 'GIFTING') closedGifts.push(c.id);
      }
    }
    if (closedGifts.length) {
      await em
        .createQueryBuilder()
        .update(CouponGift)
        .set({ status: 'CANCELLED', closedAt: now })
        .where({ couponId: In(closedGifts), status: 'OPEN' })
        .execute();
    }
    // Used (or given away) coupons of this gift keep the 365 days; a gift voided whole does not count.
    const kept = coupons.length - voided;
    await em
      .createQueryBuilder()
      .update(CouponTierGift)
      .set({ revokedAt: now, ...(kept === 0 ? { nextGiftAt: now } : {}) })
      .where('member_id = :memberId AND tier_id = :tierId AND seq = :seq', { memberId, tierId, seq: row.seq })
      .execute();
    return voided;
  }
}

function lockGift(em: EntityManager, memberId: number, tierId: number): Promise<CouponTierGift | null> {
  const qb = em
    .createQueryBuilder(CouponTierGift, 'g')
    .where('g.memberId = :memberId AND g.tierId = :tierId', { memberId, tierId });
  // SQLite has no row locks, but TransactionRunner runs one transaction at a time there.
  if (em.connection.driver.options.type !== 'better-sqlite3') qb.setLock('pessimistic_write');
  return qb.getOne();
}
