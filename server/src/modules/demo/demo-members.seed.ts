import { Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { MARKETING_CONSENT_VERSION, PRIVACY_POLICY_VERSION, StaffRole } from '@member/shared';
import { AppConfig } from '../../config/app-config';
import { TokenService, type StaffPrincipal } from '../auth/token.service';
import { MembersService } from '../members/members.service';
import { ConsentsService } from '../privacy/consents.service';
import { DeletionService } from '../privacy/deletion.service';
import { CheckoutsService } from '../sales/checkouts.service';
import { PurchasesService } from '../sales/purchases.service';
import { RefundsService } from '../sales/refunds.service';
import { TierReviewsService } from '../tiers/tier-reviews.service';
import { StaffInvitesService } from '../staff/staff-invites.service';
import type { OperatorPrincipal } from '../auth/token.service';
import { CouponClaimsService } from '../coupons/coupon-claims.service';
import { CouponTendersService } from '../coupons/coupon-tenders.service';
import { Clock } from '../../common/clock';
import type { DemoCoupons } from './demo-coupons.seed';
import { CouponBirthdayJob } from '../coupons/coupon-birthday.job';
import { CouponGiftsService } from '../coupons/coupon-gifts.service';
import { CouponRedemptionsService } from '../coupons/coupon-redemptions.service';
import { MemberCouponsService } from '../coupons/member-coupons.service';

interface Persona {
  nickname: string;
  birthday: string;
  /** Bills in fen, rung up at the demo store. */
  bills: number[];
  /** Fen refunded from the first bill (it promoted nobody, so the refund leaves the tier as it is). */
  refund?: number;
  /** Opted in to marketing messages. */
  marketing?: boolean;
  /** Asked to delete the account (注销): the console's 注销申请 shows them in the cooling-off period. */
  deleting?: boolean;
  /** Coupons claimed in 领券中心 before the bills. */
  claims?: (keyof DemoCoupons)[];
  /** The last bill is paid with the best coupon the member holds for it. */
  couponOnLastBill?: boolean;
  /** Born on the day of the seed (the year kept): the birthday gift of their tier comes at once. */
  birthdayToday?: boolean;
}

// A small, believable membership: every tier, a member just below the keep line (so 等级复评 has a row),
// refunds, and a newcomer with only the sign-up bonus.
const PERSONAS: Persona[] = [
  {
    nickname: '陈一鸣',
    birthday: '1988-03-12',
    bills: [268_000, 152_000, 128_000],
    marketing: true,
    claims: ['cashOff', 'latte', 'soldOut', 'americano', 'americano'],
    couponOnLastBill: true,
    birthdayToday: true,
  },
  { nickname: '王珊珊', birthday: '1995-07-21', bills: [68_000, 45_000], refund: 20_000, claims: ['soldOut', 'latte'] },
  { nickname: '周婷', birthday: '1992-11-02', bills: [60_000, 45_000], refund: 30_000, claims: ['soldOut'] },
  {
    nickname: '林小满',
    birthday: '1999-12-30',
    bills: [12_800, 35_600, 8_990],
    marketing: true,
    claims: ['cashOff', 'weekend'],
    couponOnLastBill: true,
  },
  { nickname: '赵子轩', birthday: '2001-05-16', bills: [3_990], claims: ['cashOff'] },
  { nickname: '吴昊', birthday: '1990-09-09', bills: [], deleting: true },
];

/**
 * Demo members for a fresh sandbox start, created through the real paths (sandbox WeChat login, a clerk
 * bound by invite, purchases, refunds, tier review), so the ledger and audit trail are genuine. Services
 * of other modules are looked up through ModuleRef: the demo is the only place that needs all of them.
 */
@Injectable()
export class DemoMembersSeed {
  private readonly logger = new Logger('Demo');

  constructor(
    private readonly refs: ModuleRef,
    private readonly config: AppConfig,
  ) {}

  /**
   * What the mini-program's wx.login gives a user, minted by the sandbox's control endpoint over HTTP —
   * product code reaches the simulator by URL only, as it reaches real WeChat.
   */
  private async loginCode(openid: string): Promise<string> {
    const control = this.config.wechat.apiBaseUrl.replace(/\/api\/?$/, '');
    const res = await fetch(`${control}/login-code`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ openid }),
    });
    if (!res.ok) throw new Error(`sandbox login-code answered ${res.status}`);
    return ((await res.json()) as { code: string }).code;
  }

  async seed(
    storeId: number,
    coupons: DemoCoupons,
    system: OperatorPrincipal,
  ): Promise<{ members: number; clerk: StaffPrincipal; ids: Map<string, number> }> {
    const get = <T>(type: new (...args: never[]) => T): T => this.refs.get(type, { strict: false });
    const members = get(MembersService);
    const login = async (openid: string) => (await members.loginWithWechat(await this.loginCode(openid))).member.id;

    const consents = get(ConsentsService);
    const accept = (memberId: number) =>
      consents.change(memberId, { kind: 'privacy', granted: true, version: PRIVACY_POLICY_VERSION }, 'demo');

    const clerkId = await login('demo-clerk-openid');
    await accept(clerkId);
    await members.updateProfile(clerkId, { nickname: '店员小李' });
    const invite = await get(StaffInvitesService).create({ storeId, role: StaffRole.Clerk, expiresInHours: 1 }, system);
    const session = await get(StaffInvitesService).redeem(clerkId, invite.inviteCode);
    const clerk = get(TokenService).verify(session.token) as StaffPrincipal;

    let receipt = 0;
    const ids = new Map<string, number>();
    for (const [i, p] of PERSONAS.entries()) {
      const openid = `demo-member-openid-${i + 1}`;
      const memberId = await login(openid);
      await accept(memberId);
      if (p.marketing) {
        await consents.change(
          memberId,
          { kind: 'marketing', granted: true, version: MARKETING_CONSENT_VERSION },
          'demo',
        );
      }
      const today = get(Clock).today();
      const birthday = p.birthdayToday ? `${p.birthday.slice(0, 4)}${today.slice(4)}` : p.birthday;
      await members.updateProfile(memberId, { nickname: p.nickname, birthday });
      ids.set(p.nickname, memberId);
      for (const [k, kind] of (p.claims ?? []).entries()) {
        const member = { kind: 'member' as const, memberId };
        await get(CouponClaimsService).claim(member, { templateId: coupons[kind], requestId: `demo-claim-${k}` });
      }
      let first = '';
      for (const [b, amountFen] of p.bills.entries()) {
        const receiptNo = `DEMO${String(++receipt).padStart(4, '0')}`;
        first ||= receiptNo;
        // As at the counter: the member shows the card, the clerk's scan opens a checkout, the sale closes it.
        const { checkoutId } = await get(CheckoutsService).open(clerk, (await members.card(memberId)).code);
        const best =
          p.couponOnLastBill && b === p.bills.length - 1
            ? (await get(CouponTendersService).options(memberId, amountFen, storeId, get(Clock).now())).best
            : null;
        await get(PurchasesService).purchase(clerk, {
          checkoutId,
          amountFen,
          receiptNo,
          ...(best ? { couponIds: [best] } : {}),
        });
      }
      if (p.refund && first) {
        await get(RefundsService).refund(clerk, first, { amountFen: p.refund, refundNo: `${first}-R1` });
      }
      // Confirmed with a fresh WeChat login, as the mini-program does.
      if (p.deleting) await get(DeletionService).request(memberId, await this.loginCode(openid));
    }
    await this.couponActivity(get, ids, clerk, system);
    const review = await get(TierReviewsService).evaluate();
    this.logger.log(`Demo data: ${PERSONAS.length} members, ${receipt} purchases, ${review.flagged} tier review(s)`);
    return { members: PERSONAS.length, clerk, ids };
  }

  /**
   * After the sales: today's birthday gift (the job run now, as the sandbox's 立即运行 would), one 美式 voucher
   * redeemed at the counter and one redeemed and voided by the console (both within the void window, so
   * 撤销核销 can be tried), the other offered to a friend through an open link, and a 满减 coupon given to
   * and accepted by another member.
   */
  private async couponActivity(
    get: <T>(type: new (...args: never[]) => T) => T,
    ids: Map<string, number>,
    clerk: StaffPrincipal,
    system: OperatorPrincipal,
  ): Promise<void> {
    await get(CouponBirthdayJob).run();
    const giver = ids.get('陈一鸣')!;
    const held = (await get(MemberCouponsService).list(giver, { status: 'usable', pageSize: 50 })).items;
    const americanos = held.filter((c) => c.terms.itemName?.startsWith('美式'));
    const redemptions = get(CouponRedemptionsService);
    if (americanos[0]) await redemptions.redeem(clerk, { code: americanos[0].code, requestId: 'demo-redeem-1' });
    if (americanos[1]) {
      const r = await redemptions.redeem(clerk, { code: americanos[1].code, requestId: 'demo-redeem-2' });
      await redemptions.void(system, r.id, '顾客改点拿铁，撤销本次核销');
    }
    const gifts = get(CouponGiftsService);
    const latte = held.find((c) => c.terms.itemName?.startsWith('拿铁'));
    if (latte) await gifts.offer(giver, latte.id);
    const cashOff = (
      await get(MemberCouponsService).list(ids.get('赵子轩')!, { status: 'usable', pageSize: 50 })
    ).items.find((c) => c.terms.giftable);
    if (cashOff) {
      const link = await gifts.offer(ids.get('赵子轩')!, cashOff.id);
      await gifts.accept(ids.get('王珊珊')!, link.token);
    }
  }
}
