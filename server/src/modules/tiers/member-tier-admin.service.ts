import { Injectable } from '@nestjs/common';
import { AuditAction, ErrorCode, type MemberTierView, type SetMemberTierRequest } from '@member/shared';
import { AppException } from '../../common/app-exception';
import { Clock } from '../../common/clock';
import { TransactionRunner } from '../../database/transaction-runner';
import { TierReviewRow } from './entities/tier-review.entity';
import { AuditService, operatorActor } from '../audit/audit.service';
import type { OperatorPrincipal } from '../auth/token.service';
import { TiersService } from './tiers.service';
import { MemberTierViewService } from './member-tier-view.service';
import { MemberTiersService } from './member-tiers.service';
import { closeReview } from './tier-reviews.service';
import { MemberDirectory } from '../members/member-directory';

/** An operator sets a member's tier by hand: audited with the reason, optionally pinned against automation. */
@Injectable()
export class MemberTierAdminService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly tiers: TiersService,
    private readonly memberTiers: MemberTiersService,
    private readonly view: MemberTierViewService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly members: MemberDirectory,
  ) {}

  async set(op: OperatorPrincipal, memberId: number, body: SetMemberTierRequest): Promise<MemberTierView> {
    await this.members.assertExists(memberId);
    const ladder = await this.tiers.activeTiers();
    const target = ladder.find((t) => t.code === body.tierCode);
    if (!target) throw new AppException(ErrorCode.TIER_NOT_FOUND);
    await this.tx.run(async (em) => {
      const now = this.clock.now();
      // Locked read and guarded write: a purchase promoting this member at the same moment goes first or after.
      const { from: before, state } = await this.memberTiers.set(em, memberId, ladder, target, body.pinned);
      // A pending downgrade no longer applies to a tier chosen by hand.
      const open = await em.findOneBy(TierReviewRow, { pendingMemberId: memberId });
      if (open) await closeReview(em, open.id, body.pinned ? 'pinned' : 'tier_changed', now);
      await this.audit.record(
        operatorActor(op),
        {
          action: AuditAction.MemberTierSet,
          targetType: 'member',
          targetId: memberId,
          before: { tier: before.code, pinned: state?.pinned ?? false },
          after: { tier: target.code, pinned: body.pinned },
          reason: body.reason,
        },
        em,
      );
    });
    return this.view.forMember(memberId);
  }
}
