import { Injectable } from '@nestjs/common';
import { ErrorCode, type SurveyAdmin, type SurveyTarget } from '@member/shared';
import type { EntityManager } from 'typeorm';
import { AppException } from '../../common/app-exception';
import { MemberDirectory } from '../members/member-directory';
import { MemberTiersService } from '../tiers/member-tiers.service';
import { TiersService } from '../tiers/tiers.service';

/** A segment as stored when sent: member ids, a tier (read when the member opens it), or everyone up to an id. */
export type StoredTarget =
  { kind: 'MEMBERS'; ids: number[] } | { kind: 'TIER'; tierId: number; upTo: number } | { kind: 'ALL'; upTo: number };

const CHUNK = 500;

/**
 * Who an NPS survey is for: the coupon batches' targets (a member list, a tier, everyone), resolved once when
 * it is sent (member numbers to ids, everyone to the members that exist then) and counted for the response
 * rate. A tier target is checked against the member's tier when they open it.
 */
@Injectable()
export class SurveyAudience {
  constructor(
    private readonly members: MemberDirectory,
    private readonly tiers: TiersService,
    private readonly memberTiers: MemberTiersService,
  ) {}

  async resolve(em: EntityManager, target: SurveyTarget): Promise<{ stored: StoredTarget; total: number }> {
    if (target.kind === 'MEMBERS') {
      const nos = [...new Set(target.memberNos.map((n) => n.trim()))];
      if (!nos.length) throw new AppException(ErrorCode.SURVEY_INVALID, '请填写至少一个会员号');
      const byNo = await this.members.idsByNo(nos, em);
      const unknown = nos.filter((no) => !byNo.has(no));
      if (unknown.length)
        throw new AppException(
          ErrorCode.SURVEY_INVALID,
          `以下会员号不存在：${unknown.slice(0, 5).join('、')}${unknown.length > 5 ? ` 等 ${unknown.length} 个` : ''}`,
        );
      const ids = [...new Set(byNo.values())].sort((a, b) => a - b);
      return { stored: { kind: 'MEMBERS', ids }, total: ids.length };
    }
    const { maxId, count } = await this.members.extent(em);
    if (target.kind === 'ALL') return { stored: { kind: 'ALL', upTo: maxId }, total: count };
    const ladder = await this.tiers.activeTiers();
    if (!ladder.some((t) => t.id === target.tierId))
      throw new AppException(ErrorCode.SURVEY_INVALID, '所选会员等级不存在或已停用');
    // Counted once, chunk by chunk, for the response rate (a member's tier may change afterwards).
    let total = 0;
    for (let after = 0; ;) {
      const page = await this.members.pageById(em, { afterId: after, upTo: maxId, limit: CHUNK });
      if (!page.length) break;
      const tiers = await this.memberTiers.currentOfMany(
        em,
        page.map((m) => m.id),
        ladder,
      );
      total += page.filter((m) => m.status === 'active' && tiers.get(m.id)!.id === target.tierId).length;
      after = page[page.length - 1].id;
      if (page.length < CHUNK) break;
    }
    return { stored: { kind: 'TIER', tierId: target.tierId, upTo: maxId }, total };
  }

  /** Whether the member is in the segment now. */
  async includes(em: EntityManager, stored: StoredTarget, memberId: number): Promise<boolean> {
    if (stored.kind === 'MEMBERS') return stored.ids.includes(memberId);
    if (memberId > stored.upTo) return false;
    if (stored.kind === 'ALL') return true;
    const ladder = await this.tiers.activeTiers();
    const tier = (await this.memberTiers.currentOfMany(em, [memberId], ladder)).get(memberId);
    return tier?.id === stored.tierId;
  }

  /** The target as the console shows it. */
  async view(stored: StoredTarget | null): Promise<SurveyAdmin['target']> {
    if (!stored) return null;
    if (stored.kind === 'MEMBERS') return { kind: 'MEMBERS', count: stored.ids.length };
    if (stored.kind === 'ALL') return { kind: 'ALL' };
    const tier = (await this.tiers.activeTiers()).find((t) => t.id === stored.tierId);
    return { kind: 'TIER', tierId: stored.tierId, tierName: tier?.name ?? '（已停用的等级）' };
  }
}
