import { Injectable } from '@nestjs/common';
import {
  formatCny,
  walletPolicy,
  type MemberTopupPlan,
  type Page,
  type WalletHistoryItem,
  type WalletHistoryQuery,
  type WalletSummary,
} from '@member/shared';
import { Clock } from '../../common/clock';
import { MemberLifecycle } from '../../common/member-lifecycle';
import { AppConfig } from '../../config/app-config';
import { LedgerService } from '../../ledger/ledger.service';
import { walletSplit } from '../../ledger/ledger.types';
import { MemberDirectory } from '../members/member-directory';
import type { TopupPlan } from './entities/topup-plan.entity';
import { TOPUP_BIZ_TYPE } from './topup-settlement.service';
import { TopupOrdersRepository } from './topup-orders.repository';
import { TopupPlanCouponsService } from './topup-plan-coupons.service';
import { TopupPlansRepository } from './topup-plans.repository';
import { WalletReadsRepository, type HistoryGroup } from './wallet-reads.repository';

/** A plan on sale now (its window open). */
const onSale = (p: TopupPlan, now: number) =>
  (!p.startsAt || p.startsAt.getTime() <= now) && (!p.endsAt || p.endsAt.getTime() > now);

/** A history line's kind and title from the ledger group it stands for. */
function describe(g: HistoryGroup): Pick<WalletHistoryItem, 'kind' | 'title'> {
  if (g.bizType === TOPUP_BIZ_TYPE) {
    const principal = g.amount - g.bonus;
    return { kind: 'TOPUP', title: `充值 ${formatCny(principal)}${g.bonus > 0 ? ` 送 ${formatCny(g.bonus)}` : ''}` };
  }
  if (g.bizType === 'WALLET_REFUND_CLOSED') return { kind: 'REFUND', title: '退款关闭 · 退回储值' };
  if (g.bizType === 'WALLET_REFUND') return { kind: 'REFUND', title: '储值退款' };
  if (g.entryType === 'REVERSAL') return { kind: 'SPEND_RETURNED', title: '消费退回' };
  if (g.bizType.includes('REFUND')) return { kind: 'REFUND', title: '储值退款' };
  if (g.entryType === 'DEBIT') return { kind: 'SPEND', title: '消费' };
  return { kind: 'ADJUSTMENT', title: '余额调整' };
}

/** The member's wallet page: balance split, plans they may buy (and why not), the policy, history. */
@Injectable()
export class MemberWalletService {
  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly ledger: LedgerService,
    private readonly lifecycle: MemberLifecycle,
    private readonly members: MemberDirectory,
    private readonly plans: TopupPlansRepository,
    private readonly orders: TopupOrdersRepository,
    private readonly reads: WalletReadsRepository,
    private readonly planCoupons: TopupPlanCouponsService,
  ) {}

  async summary(memberId: number): Promise<WalletSummary> {
    await this.lifecycle.assertMayUse(memberId);
    const now = this.clock.now();
    const [accounts, card, plans, counts] = await Promise.all([
      this.ledger.availableWithLots(memberId, ['WALLET']),
      this.members.card(memberId),
      this.plans.active(),
      this.orders.countsTowardsLimits(memberId, now),
    ]);
    const wallet = accounts.get('WALLET');
    const balance = wallet?.balance ?? 0;
    const split = wallet ? walletSplit(wallet.lots) : { principalFen: 0, bonusFen: 0 };
    const { capFen, minTopupFen, maxTopupFen } = this.config.wallet;
    const phoneBound = card.phoneMasked !== null;
    const couponNames = await this.planCoupons.namesByPlan(plans);
    return {
      balanceFen: balance,
      principalFen: split.principalFen,
      bonusFen: split.bonusFen,
      capFen,
      phoneBound,
      minTopupFen,
      maxTopupFen,
      plans: plans
        .filter((p) => onSale(p, now.getTime()))
        .map((p): MemberTopupPlan => {
          const remaining = p.perMemberLimit === null ? null : Math.max(0, p.perMemberLimit - (counts.get(p.id) ?? 0));
          const reason =
            remaining === 0
              ? '已达购买上限'
              : !phoneBound
                ? '请先绑定手机号'
                : balance + p.payFen + p.bonusFen > capFen
                  ? '超出储值上限'
                  : null;
          return {
            id: p.id,
            name: p.name,
            payFen: p.payFen,
            bonusFen: p.bonusFen,
            endsAt: p.endsAt?.toISOString() ?? null,
            remainingForMember: remaining,
            available: reason === null,
            unavailableReason: reason,
            couponNames: couponNames.get(p.id) ?? [],
          };
        }),
      policy: walletPolicy(formatCny(capFen)),
    };
  }

  async history(memberId: number, query: WalletHistoryQuery): Promise<Page<WalletHistoryItem>> {
    await this.lifecycle.assertMayUse(memberId);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const { accountId } = await this.ledger.available(memberId, 'WALLET');
    if (accountId === null) return { items: [], total: 0, page, pageSize };
    const { groups, total } = await this.reads.history(accountId, page, pageSize);
    return {
      items: groups.map((g) => ({
        id: g.lastId,
        at: g.at.toISOString(),
        ...describe(g),
        amountFen: g.amount,
        principalFen: g.amount - g.bonus,
        bonusFen: g.bonus,
        balanceAfterFen: g.balanceAfter,
      })),
      total,
      page,
      pageSize,
    };
  }
}
