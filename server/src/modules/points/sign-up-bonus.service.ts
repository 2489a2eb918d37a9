import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ActorType } from '@member/shared';
import { Clock } from '../../common/clock';
import { MemberLifecycle } from '../../common/member-lifecycle';
import { LedgerService } from '../../ledger/ledger.service';
import { PointsRulesService } from '../loyalty/points-rules.service';
import { expiryFor } from '@member/shared';

/** Credits the rules' sign-up bonus once per member (the ledger key is the member id). */
@Injectable()
export class SignUpBonusService implements OnModuleInit {
  constructor(
    private readonly lifecycle: MemberLifecycle,
    private readonly ledger: LedgerService,
    private readonly rules: PointsRulesService,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.lifecycle.onCreated((memberId) => this.award(memberId));
  }

  async award(memberId: number): Promise<void> {
    const rules = await this.rules.currentRules();
    if (rules.signUpBonus <= 0) return;
    const account = await this.ledger.openAccount(null, memberId, 'POINTS');
    await this.ledger.credit(null, {
      accountId: account.id,
      amount: rules.signUpBonus,
      bizType: 'signup',
      bizId: String(memberId),
      reason: '新会员注册奖励',
      expiresAt: expiryFor(rules, this.clock.now()),
      actor: { type: ActorType.System, id: null },
    });
  }
}
