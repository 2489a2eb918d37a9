import { Injectable } from '@nestjs/common';
import {
  ActorType,
  AuditAction,
  ErrorCode,
  deductionFenFor,
  earnPoints,
  expiryFor,
  formatCny,
  isBirthdayMonth,
  maxDeductiblePoints,
  type PurchaseQuote,
  type PurchaseRequest,
  type PurchaseResult,
} from '@member/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { AppException } from '../../common/app-exception';
import { Clock } from '../../common/clock';
import { IdempotencyService, idempotencyScope } from '../../common/idempotency/idempotency.service';
import { insertRows } from '../../database/raw-sql';
import { LedgerService } from '../../ledger/ledger.service';
import { walletSplit, type CreditInput, type LedgerAccountKind } from '../../ledger/ledger.types';
import { AuditService, staffActor } from '../audit/audit.service';
import { assertStaffBinding } from '../auth/guards';
import type { StaffPrincipal } from '../auth/token.service';
import { PointsRulesService } from '../points/points-rules.service';
import { TiersService } from '../tiers/tiers.service';
import { CheckoutsService } from './checkouts.service';
import { Purchase } from './entities/purchase.entity';
import { brief, MemberTiersService, reachableAbove, tierOf } from '../tiers/member-tiers.service';
import { MemberDirectory } from '../members/member-directory';
import { CheckoutsRepository } from './checkouts.repository';
import { SaleApprovalsService } from './sale-approvals.service';
import { CouponTendersService } from '../coupons/coupon-tenders.service';
import { WalletTenderService, type WalletSpend } from './wallet-tender.service';
import { WalletConfirmationsService } from './wallet-confirmations.service';

export const PURCHASE_BIZ = 'purchase';
const STAFF_BINDING_ERRORS = [ErrorCode.NOT_STAFF, ErrorCode.STAFF_DISABLED, ErrorCode.STORE_DISABLED];
const GROWTH_WINDOW_DAYS = 365;

/** Purchases at the counter: close the scan's checkout, deduct points, award points and growth. */
@Injectable()
export class PurchasesService {
  constructor(
    private readonly ds: DataSource,
    private readonly idempotency: IdempotencyService,
    private readonly clock: Clock,
    private readonly checkouts: CheckoutsService,
    private readonly ledger: LedgerService,
    private readonly rules: PointsRulesService,
    private readonly tiers: TiersService,
    private readonly memberTiers: MemberTiersService,
    private readonly members: MemberDirectory,
    private readonly checkoutRows: CheckoutsRepository,
    private readonly audit: AuditService,
    private readonly approvals: SaleApprovalsService,
    private readonly coupons: CouponTendersService,
    private readonly wallet: WalletTenderService,
    private readonly confirmations: WalletConfirmationsService,
  ) {}

  /** What the member could use and earn on this bill; the checkout stays open for the purchase. */
  async quote(staff: StaffPrincipal, checkoutId: number, amountFen: number): Promise<PurchaseQuote> {
    const checkout = await this.checkouts.usable(staff, checkoutId);
    const [rules, ladder] = await Promise.all([this.rules.currentRules(), this.tiers.activeTiers()]);
    const member = await this.members.card(checkout.memberId);
    const { tier } = await this.memberTiers.current(this.ds.manager, member.id, ladder);
    // Live points and stored value only (a lot past its expires_at no longer counts, swept or not), in the
    // one read the points balance took alone.
    // The points balance and the wallet's principal/bonus split in one read.
    const accounts = await this.ledger.availableWithLots(member.id, ['POINTS', 'WALLET']);
    const balance = accounts.get('POINTS')?.balance ?? 0;
    const w = accounts.get('WALLET');
    const wallet = w ? { balanceFen: w.balance, ...walletSplit(w.lots) } : null;
    const maxPointsToUse = maxDeductiblePoints(rules, amountFen, balance);
    const birthday = isBirthdayMonth(member.birthday, this.clock.now());
    // A quote shows the member's balance and tier to the clerk: recorded like a lookup.
    await this.audit.record(staffActor(staff, await this.members.displayName(staff.memberId)), {
      action: AuditAction.MemberQuoted,
      targetType: 'member',
      targetId: member.id,
      after: { memberNo: member.memberNo, checkoutId },
    });
    return {
      memberNo: member.memberNo,
      nickname: member.nickname,
      balance,
      tier: brief(tier),
      maxPointsToUse,
      maxDeductionFen: deductionFenFor(rules, maxPointsToUse),
      pointsIfNoDeduction: earnPoints(rules, amountFen, tier.pointsMultiplierPct, birthday),
      math: { rules, pointsMultiplierPct: tier.pointsMultiplierPct, birthdayMonth: birthday },
      approval: await this.approvals.need(staff, amountFen),
      coupons: await this.coupons.options(member.id, amountFen, staff.storeId, this.clock.now()),
      wallet,
      walletConfirm: this.confirmations.policy(),
    };
  }

  async purchase(staff: StaffPrincipal, req: PurchaseRequest): Promise<PurchaseResult> {
    const [rulesVersion, ladder] = await Promise.all([this.rules.current(), this.tiers.activeTiers()]);
    // The receipt no. is the key, byte-exact; the checkout is one-time and not part of the request, so a
    // retry after a lost answer (its checkout closed by the first) answers the stored first result.
    const { body, replayed } = await this.idempotency.run(
      {
        scope: idempotencyScope.store(staff.storeId),
        operation: PURCHASE_BIZ,
        key: req.receiptNo,
        // Stored value joins the fingerprint only when tendered, so sales without it keep their fingerprint.
        request: {
          amountFen: req.amountFen,
          pointsToUse: req.pointsToUse ?? 0,
          couponIds: req.couponIds ?? [],
          ...(req.walletFen ? { walletFen: req.walletFen } : {}),
        },
        // A clerk cut off since answers 403 even on a retry of their own earlier sale.
        final: STAFF_BINDING_ERRORS,
      },
      (em) => this.record(em, staff, req, rulesVersion, ladder),
    );
    return { ...body, replayed };
  }

  private async record(
    em: EntityManager,
    staff: StaffPrincipal,
    req: PurchaseRequest,
    rulesVersion: Awaited<ReturnType<PointsRulesService['current']>>,
    ladder: Awaited<ReturnType<TiersService['activeTiers']>>,
  ): Promise<PurchaseResult> {
    const rules = rulesVersion.rules;
    const bizId = `${staff.storeId}:${req.receiptNo}`;
    const now = this.clock.now();
    // The route's staff guard left the binding to this transaction (StaffBindingCheckedByHandler): it is
    // read with the sale's context, or on a failed close before saying why; nothing commits before.
    const member = await this.checkouts.closeForSale(
      em,
      staff,
      req.checkoutId,
      req.receiptNo,
      now,
      () => this.checkoutRows.saleContext(em, req.checkoutId, this.approvals.hourStart(now)),
      async () => assertStaffBinding(staff, await this.checkoutRows.staffBinding(em, staff.staffId)),
    );
    assertStaffBinding(staff, member.staff);
    // Beyond the clerk's limits only a manager's approval for this very checkout and amount lets it through.
    const need = this.approvals.needFor(staff, req.amountFen, member.clerkSalesLastHour);
    if (need) await this.approvals.use(em, staff, req, need, now);
    const tier = tierOf(member, ladder);
    const actor = { type: ActorType.Staff, id: staff.staffId };
    const pointsUsed = req.pointsToUse ?? 0;
    // Coupons first (a guarded USABLE → USED each): what they take off earns no points or growth, and
    // points pay only part of what they leave.
    const couponTenders = req.couponIds?.length
      ? await this.coupons.use(em, {
          memberId: member.memberId,
          couponIds: req.couponIds,
          billFen: req.amountFen,
          storeId: staff.storeId,
          staffId: staff.staffId,
          now,
        })
      : [];
    const couponDiscountFen = couponTenders.reduce((sum, c) => sum + c.discountFen, 0);
    const afterCouponsFen = req.amountFen - couponDiscountFen;
    const walletFen = req.walletFen ?? 0;
    // A large stored-value charge was held when the member was asked; the member's CONFIRMED request is
    // used here (guarded CONFIRMED → USED, before the accounts are locked: the row first, as everywhere),
    // and its hold is voided just before the tender spends the same amount below, all in this transaction.
    // Void-and-spend rather than posting the hold keeps one spend path (WalletTenderService: the spend
    // policy, the lots, refunds to those lots, the liability report), and the member's money is never free
    // in between: a rollback restores the hold and the CONFIRMED request together.
    const confirmed = this.confirmations.needed(walletFen)
      ? await this.confirmations.use(
          em,
          staff,
          {
            id: req.walletConfirmationId,
            checkoutId: req.checkoutId,
            memberId: member.memberId,
            receiptNo: req.receiptNo,
            amountFen: walletFen,
          },
          now,
        )
      : null;
    // Growth is whole yuan actually paid, kept for the rolling window so re-evaluation sees recent spend only.
    // Stored value counts as paid (its top-up earned nothing: spending it earns points and growth like cash).
    // Known before any posting, so every account is locked now in one read (kind order, as refunds do);
    // the postings below then skip their own locking reads.
    const growthEarned = Math.floor(
      (afterCouponsFen - (pointsUsed > 0 ? deductionFenFor(rules, pointsUsed) : 0)) / 100,
    );
    const kinds: LedgerAccountKind[] = growthEarned > 0 ? ['POINTS', 'GROWTH'] : ['POINTS'];
    // A member without a wallet gets an empty one here, and the refusal below rolls it back.
    const accounts = await this.ledger.lockAccounts(
      em,
      member.memberId,
      walletFen > 0 ? [...kinds, 'WALLET'] : kinds,
      true,
    );
    const points = accounts.get('POINTS')!;
    const growth = accounts.get('GROWTH') ?? null;

    let deductionFen = 0;
    let balance = points.balance;
    if (pointsUsed > 0) {
      if (pointsUsed > maxDeductiblePoints(rules, afterCouponsFen, points.balance)) {
        throw new AppException(ErrorCode.POINTS_DEDUCTION_NOT_ALLOWED);
      }
      deductionFen = deductionFenFor(rules, pointsUsed);
      const debit = await this.ledger.debit(em, {
        accountId: points.id,
        amount: pointsUsed,
        bizType: PURCHASE_BIZ,
        bizId,
        reason: `消费抵扣 ${formatCny(deductionFen)}`,
        actor,
        storeId: staff.storeId,
      });
      balance = debit.balanceNow;
    }

    // Stored value pays last, out of what coupons and points leave; the rest is cash.
    const paidFen = afterCouponsFen - deductionFen;
    if (walletFen > paidFen) throw new AppException(ErrorCode.WALLET_TENDER_EXCEEDS_BILL);
    if (confirmed) await this.confirmations.release(em, confirmed.holdId);
    const spent: WalletSpend | null =
      walletFen > 0
        ? await this.wallet.spend(em, accounts.get('WALLET')!, walletFen, bizId, { actor, storeId: staff.storeId })
        : null;
    const payableFen = paidFen - walletFen;
    const pointsEarned = earnPoints(rules, paidFen, tier.pointsMultiplierPct, isBirthdayMonth(member.birthday, now));
    const credits: CreditInput[] = [];
    if (pointsEarned > 0) {
      credits.push({
        accountId: points.id,
        amount: pointsEarned,
        bizType: PURCHASE_BIZ,
        bizId,
        reason: `消费 ${formatCny(paidFen)} 获得积分`,
        expiresAt: expiryFor(rules, now),
        actor,
        storeId: staff.storeId,
      });
    }
    if (growth) {
      credits.push({
        accountId: growth.id,
        amount: growthEarned,
        bizType: PURCHASE_BIZ,
        bizId,
        reason: `消费 ${formatCny(paidFen)} 成长值`,
        expiresAt: new Date(now.getTime() + GROWTH_WINDOW_DAYS * 86_400_000),
        actor,
        storeId: staff.storeId,
      });
    }
    const posted = await this.ledger.creditAll(em, credits);
    if (pointsEarned > 0) balance = posted[0].balanceNow;
    let promoted = null;
    const growthEntry = growth ? posted[posted.length - 1] : null;
    // Only ask (one more read of the member's tier) when some higher active tier's threshold is reached.
    if (growthEntry && !member.pinned && reachableAbove(tier, growthEntry.balanceAfter, ladder)) {
      promoted = await this.memberTiers.promoteIfDue(em, member.memberId, growthEntry.balanceAfter, ladder);
    }

    const result: PurchaseResult = {
      purchaseId: 0,
      receiptNo: req.receiptNo,
      memberNo: member.memberNo,
      nickname: member.nickname,
      amountFen: req.amountFen,
      couponDiscountFen,
      coupons: couponTenders,
      pointsUsed,
      deductionFen,
      walletFen,
      walletPrincipalFen: spent?.principalFen ?? 0,
      walletBonusFen: spent?.bonusFen ?? 0,
      walletBalanceFen: spent?.balanceFen ?? null,
      payableFen,
      pointsEarned,
      balance,
      tier: brief(promoted?.to ?? tier),
      promotedTo: promoted ? brief(promoted.to) : null,
      createdAt: now.toISOString(),
      replayed: false,
    };
    const row = {
      storeId: staff.storeId,
      receiptNo: req.receiptNo,
      memberId: member.memberId,
      staffId: staff.staffId,
      amountFen: req.amountFen,
      couponDiscountFen,
      pointsUsed,
      deductionFen,
      walletFen,
      walletPrincipalFen: spent?.principalFen ?? 0,
      walletBonusFen: spent?.bonusFen ?? 0,
      payableFen,
      pointsEarned,
      growthEarned,
      rulesVersion: rulesVersion.version,
      refundedFen: 0,
      // Its refunds take this promotion back (see MemberTiersService.followRefund).
      promotedFromTierId: promoted?.from.id ?? null,
      promotedToTierId: promoted?.to.id ?? null,
      createdAt: now,
    };
    // Plain INSERT: TypeORM's would re-read the row on MySQL for its defaulted column (refunded_fen).
    const purchaseId = await insertRows(em, Purchase, [row]);
    await this.coupons.attach(
      em,
      couponTenders.map((c) => c.couponId),
      purchaseId,
    );
    // Every sale is audited in its own transaction: one INSERT, the clerk's name came with saleContext.
    await this.audit.record(
      staffActor(staff, member.clerkName),
      {
        action: AuditAction.PurchaseRecorded,
        targetType: 'member',
        targetId: member.memberId,
        after: {
          purchaseId,
          receiptNo: req.receiptNo,
          amountFen: req.amountFen,
          pointsUsed,
          pointsEarned,
          ...(spent ? { walletFen, walletPrincipalFen: spent.principalFen, walletBonusFen: spent.bonusFen } : {}),
          ...(couponTenders.length ? { coupons: couponTenders } : {}),
          ...(need ? { approvalId: req.approvalId, approvalReason: need.reason } : {}),
        },
      },
      em,
    );
    return { ...result, purchaseId };
  }
}
