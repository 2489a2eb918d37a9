import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ActorType, expiryFor, type PointsRules } from '@member/shared';
import type { EntityManager } from 'typeorm';
import { Clock } from '../../common/clock';
import { MemberLifecycle } from '../../common/member-lifecycle';
import { LedgerService } from '../../ledger/ledger.service';
import { OutboxRegistry } from '../../outbox/outbox-registry';
import { OutboxService } from '../../outbox/outbox.service';
import { PointsRulesService } from './points-rules.service';

interface SignUpBonusPayload {
  memberId: number;
  /** When the member signed up: the bonus expires as if credited then, however late it is delivered. */
  signedUpAt: string;
}

/**
 * Credits the rules' sign-up bonus once per member. Member creation enqueues an outbox row in its own
 * transaction; the outbox delivers it (retrying until it succeeds), crediting in the transaction that
 * marks the row done, and the ledger key (signup, member id) would refuse a second credit anyway.
 */
@Injectable()
export class SignUpBonusService implements OnModuleInit {
  static readonly KIND = 'points.sign-up-bonus';

  constructor(
    private readonly lifecycle: MemberLifecycle,
    private readonly outbox: OutboxService,
    private readonly handlers: OutboxRegistry,
    private readonly ledger: LedgerService,
    private readonly rules: PointsRulesService,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.lifecycle.onCreated(async (em, memberId) => {
      const payload: SignUpBonusPayload = { memberId, signedUpAt: this.clock.now().toISOString() };
      await this.outbox.enqueue(em, { kind: SignUpBonusService.KIND, key: `member:${memberId}`, payload });
    });
    this.handlers.register<SignUpBonusPayload, PointsRules>({
      kind: SignUpBonusService.KIND,
      prepare: () => this.rules.currentRules(),
      handle: (em, ctx, rules) => this.award(em, ctx.payload, rules),
    });
  }

  private async award(em: EntityManager, payload: SignUpBonusPayload, rules: PointsRules): Promise<void> {
    if (rules.signUpBonus <= 0) return;
    const account = await this.ledger.openAccount(em, payload.memberId, 'POINTS');
    await this.ledger.credit(em, {
      accountId: account.id,
      amount: rules.signUpBonus,
      bizType: 'signup',
      bizId: String(payload.memberId),
      reason: '新会员注册奖励',
      expiresAt: expiryFor(rules, new Date(payload.signedUpAt)),
      actor: { type: ActorType.System, id: null },
    });
  }
}
