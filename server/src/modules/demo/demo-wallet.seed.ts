import { Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { WALLET_POLICY_VERSION } from '@member/shared';
import { AppConfig } from '../../config/app-config';
import type { OperatorPrincipal } from '../auth/token.service';
import { MembersService } from '../members/members.service';
import { TopupPlansService } from '../wallet/topup-plans.service';
import { TopupsService } from '../wallet/topups.service';
import type { DemoCoupons } from './demo-coupons.seed';
import { sandboxControl } from './demo-sandbox';

/** The demo's top-up plans (ids), so the member part can buy them. */
export interface DemoWallet {
  plans: number[];
}

const PLANS: {
  name: string;
  payFen: number;
  bonusFen: number;
  sortOrder: number;
  perMemberLimit?: number;
  coupon?: keyof DemoCoupons;
}[] = [
  { name: '充 ¥100 送 ¥10', payFen: 10_000, bonusFen: 1_000, sortOrder: 10 },
  { name: '充 ¥300 送 ¥20 · 加赠拿铁券', payFen: 30_000, bonusFen: 2_000, sortOrder: 15, coupon: 'latte' },
  { name: '充 ¥500 送 ¥60', payFen: 50_000, bonusFen: 6_000, sortOrder: 20 },
  { name: '充 ¥1000 送 ¥150', payFen: 100_000, bonusFen: 15_000, perMemberLimit: 3, sortOrder: 30 },
];

/** Demo members who have topped up: [openid of the demo member, plan index] per paid top-up. */
const TOPUPS: [string, number][] = [
  ['demo-member-openid-1', 2],
  ['demo-member-openid-1', 0],
  ['demo-member-openid-2', 3],
  // The plan with a coupon: 周婷 receives the 拿铁兑换券 through the outbox once the top-up is credited.
  ['demo-member-openid-3', 1],
];

/**
 * Stored value for a fresh sandbox: four plans on sale (one gives a coupon), and demo members with paid
 * top-ups. The top-ups go the members' way — a bound phone, an order, WeChat's prepay, the member paying in
 * the sandbox — and are credited by the same settle path as any payment (the result page's query), never by
 * writing ledger rows here.
 */
@Injectable()
export class DemoWalletSeed {
  private readonly logger = new Logger('Demo');

  constructor(
    private readonly refs: ModuleRef,
    private readonly config: AppConfig,
  ) {}

  private get<T>(type: new (...args: never[]) => T): T {
    return this.refs.get(type, { strict: false });
  }

  async seedPlans(system: OperatorPrincipal, coupons: DemoCoupons): Promise<DemoWallet> {
    const plans = this.get(TopupPlansService);
    const ids: number[] = [];
    for (const { coupon, ...p } of PLANS) {
      const plan = await plans.create(
        {
          perMemberLimit: null,
          startsAt: null,
          endsAt: null,
          ...p,
          ...(coupon ? { couponTemplateIds: [coupons[coupon]] } : {}),
        },
        system,
      );
      await plans.setStatus(plan.id, 'ACTIVE', system);
      ids.push(plan.id);
    }
    return { plans: ids };
  }

  /**
   * After the server listens (the sandbox is reached over HTTP, as WeChat would be). Answers the member id
   * of each demo openid that topped up.
   */
  async seedTopups(wallet: DemoWallet): Promise<Map<string, number>> {
    const bound = new Map<string, number>();
    for (const [k, [openid, plan]] of TOPUPS.entries()) {
      const memberId = bound.get(openid) ?? (await this.walletMember(openid, bound.size + 1));
      bound.set(openid, memberId);
      const { outTradeNo } = await this.order(memberId, { planId: wallet.plans[plan] }, `demo-topup-${k + 1}`);
      await this.payAndCredit(memberId, outTradeNo);
    }
    this.logger.log(`Demo data: ${PLANS.length} top-up plans, ${TOPUPS.length} paid top-ups`);
    return bound;
  }

  /** The demo member of this openid with a bound phone (demo numbers 139 0000 000x): a balance needs one. */
  async walletMember(openid: string, phoneNo: number): Promise<number> {
    const members = this.get(MembersService);
    const memberId = (await members.loginWithWechat(await sandboxControl(this.config, 'wx', 'login-code', { openid })))
      .member.id;
    const phone = `1390000000${phoneNo}`;
    await members.bindPhone(memberId, await sandboxControl(this.config, 'wx', 'phone-code', { phone }));
    return memberId;
  }

  /** A member's top-up order (a plan or a free amount), opened as the wallet page does. */
  order(memberId: number, what: { planId: number } | { amountFen: number }, requestId: string) {
    return this.get(TopupsService).create(
      { kind: 'member', memberId },
      { ...what, policyVersion: WALLET_POLICY_VERSION, requestId },
    );
  }

  /**
   * The member pays in the sandbox; then, as the result page does, the order is asked for, which queries
   * WeChat and credits it once paid.
   */
  async payAndCredit(memberId: number, outTradeNo: string): Promise<void> {
    await sandboxControl(this.config, 'pay', `transactions/${outTradeNo}/pay`, {});
    await this.get(TopupsService).mine(memberId, outTradeNo);
  }
}
