import { Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { WALLET_POLICY_VERSION } from '@member/shared';
import { AppConfig } from '../../config/app-config';
import type { OperatorPrincipal } from '../auth/token.service';
import { MembersService } from '../members/members.service';
import { TopupPlansService } from '../wallet/topup-plans.service';
import { TopupsService } from '../wallet/topups.service';

/** The demo's top-up plans (ids), so the member part can buy them. */
export interface DemoWallet {
  plans: number[];
}

const PLANS = [
  { name: '充 ¥100 送 ¥10', payFen: 10_000, bonusFen: 1_000, sortOrder: 10 },
  { name: '充 ¥500 送 ¥60', payFen: 50_000, bonusFen: 6_000, sortOrder: 20 },
  { name: '充 ¥1000 送 ¥150', payFen: 100_000, bonusFen: 15_000, perMemberLimit: 3, sortOrder: 30 },
];

/** Demo members who have topped up: [openid of the demo member, plan index] per paid top-up. */
const TOPUPS: [string, number][] = [
  ['demo-member-openid-1', 1],
  ['demo-member-openid-1', 0],
  ['demo-member-openid-2', 2],
];

/**
 * Stored value for a fresh sandbox: three plans on sale, and a couple of demo members with paid top-ups.
 * The top-ups go the members' way — a bound phone, an order, WeChat's prepay, the member paying in the
 * sandbox — and are credited by the same settle path as any payment (the result page's query), never by
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

  async seedPlans(system: OperatorPrincipal): Promise<DemoWallet> {
    const plans = this.get(TopupPlansService);
    const ids: number[] = [];
    for (const p of PLANS) {
      const plan = await plans.create({ perMemberLimit: null, startsAt: null, endsAt: null, ...p }, system);
      await plans.setStatus(plan.id, 'ACTIVE', system);
      ids.push(plan.id);
    }
    return { plans: ids };
  }

  /** After the server listens (the sandbox is reached over HTTP, as WeChat would be). */
  async seedTopups(wallet: DemoWallet): Promise<number> {
    const members = this.get(MembersService);
    const topups = this.get(TopupsService);
    const bound = new Map<string, number>();
    for (const [k, [openid, plan]] of TOPUPS.entries()) {
      let memberId = bound.get(openid);
      if (memberId === undefined) {
        memberId = (await members.loginWithWechat(await this.sandbox('wx', 'login-code', { openid }))).member.id;
        // A registered balance needs a bound phone (demo numbers 139 0000 000x).
        const phone = `1390000000${bound.size + 1}`;
        await members.bindPhone(memberId, await this.sandbox('wx', 'phone-code', { phone }));
        bound.set(openid, memberId);
      }
      const member = { kind: 'member' as const, memberId };
      const order = await topups.create(member, {
        planId: wallet.plans[plan],
        policyVersion: WALLET_POLICY_VERSION,
        requestId: `demo-topup-${k + 1}`,
      });
      await this.sandbox('pay', `transactions/${order.outTradeNo}/pay`, {});
      // As the result page does: ask for the order, which queries WeChat and credits it once paid.
      await topups.mine(memberId, order.outTradeNo);
    }
    this.logger.log(`Demo data: ${PLANS.length} top-up plans, ${TOPUPS.length} paid top-ups`);
    return TOPUPS.length;
  }

  /** A sandbox control call over HTTP (product code reaches the simulator by URL only); answers `code`. */
  private async sandbox(area: 'wx' | 'pay', path: string, body: object): Promise<string> {
    const base = area === 'wx' ? this.config.wechat.apiBaseUrl : this.config.wechatPay.apiBaseUrl;
    const res = await fetch(`${base.replace(/\/api\/?$/, '')}/${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`sandbox ${area} ${path.split('/')[0]} answered ${res.status}`);
    return ((await res.json()) as { code?: string }).code ?? '';
  }
}
