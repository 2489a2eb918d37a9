import { Injectable } from '@nestjs/common';
import {
  ActorType,
  AuditAction,
  ErrorCode,
  formatCny,
  proportionalFloor,
  saleRefundSplit,
  type RefundRequest,
  type RefundResult,
  type StaffPurchaseDetail,
} from '@member/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { AppException } from '../../common/app-exception';
import { Clock } from '../../common/clock';
import { IdempotencyService, idempotencyScope } from '../../common/idempotency/idempotency.service';
import { LedgerService } from '../../ledger/ledger.service';
import type { LedgerAccountKind, LedgerEntryType } from '../../ledger/ledger.types';
import { AuditService, staffActor } from '../audit/audit.service';
import type { StaffPrincipal } from '../auth/token.service';
import { PurchaseRefund } from './entities/purchase-refund.entity';
import { Purchase } from './entities/purchase.entity';
import { MemberTiersService } from '../tiers/member-tiers.service';
import { PURCHASE_BIZ } from './purchases.service';
import { MemberDirectory } from '../members/member-directory';
import { CouponTendersService } from '../coupons/coupon-tenders.service';
import { WalletTenderService } from './wallet-tender.service';

const REFUND_BIZ = 'purchase_refund';
const REFUND_OPERATION = 'refund';

/**
 * Refunds reverse a purchase in proportion to the money refunded. Targets are computed on the running
 * total (floor(x × refunded / amount) minus what earlier refunds did), so partial refunds add up exactly
 * to the full reversal. Points used as payment come back into their original lots and expiry; earned
 * points are taken back as far as the member still has them; the rest becomes points debt.
 */
@Injectable()
export class RefundsService {
  constructor(
    private readonly ds: DataSource,
    private readonly idempotency: IdempotencyService,
    private readonly clock: Clock,
    private readonly ledger: LedgerService,
    private readonly audit: AuditService,
    private readonly memberTiers: MemberTiersService,
    private readonly members: MemberDirectory,
    private readonly coupons: CouponTendersService,
    private readonly wallet: WalletTenderService,
  ) {}

  async refund(staff: StaffPrincipal, receiptNo: string, req: RefundRequest): Promise<RefundResult> {
    const { body, replayed } = await this.idempotency.run(
      {
        scope: idempotencyScope.store(staff.storeId),
        operation: REFUND_OPERATION,
        key: req.refundNo,
        request: { receiptNo, amountFen: req.amountFen },
      },
      (em) => this.record(em, staff, receiptNo, req.refundNo, req.amountFen),
    );
    return { ...body, replayed };
  }

  /** The purchase a refund would act on, with what is still refundable (staff of the same store only). */
  async refundable(staff: StaffPrincipal, receiptNo: string): Promise<StaffPurchaseDetail> {
    const purchase = await this.ds.getRepository(Purchase).findOneBy({ storeId: staff.storeId, receiptNo });
    if (!purchase) throw new AppException(ErrorCode.PURCHASE_NOT_FOUND);
    const member = await this.members.card(purchase.memberId);
    const refunds = await this.refundAmounts(purchase);
    const refundsFen = refunds.map((r) => r.amountFen);
    return {
      receiptNo: purchase.receiptNo,
      memberNo: member.memberNo,
      nickname: member.nickname,
      amountFen: purchase.amountFen,
      payableFen: purchase.payableFen,
      couponDiscountFen: purchase.couponDiscountFen,
      pointsUsed: purchase.pointsUsed,
      pointsEarned: purchase.pointsEarned,
      walletFen: purchase.walletFen,
      walletPrincipalFen: purchase.walletPrincipalFen,
      walletBonusFen: purchase.walletBonusFen,
      walletRefundedFen: refunds.reduce((sum, r) => sum + r.walletReturnedFen, 0),
      refundedFen: purchase.refundedFen,
      refundableFen: purchase.amountFen - purchase.refundedFen,
      cashRefundedFen: cashRefunded(purchase, refundsFen),
      refundsFen,
      createdAt: purchase.createdAt.toISOString(),
    };
  }

  private async record(
    em: EntityManager,
    staff: StaffPrincipal,
    receiptNo: string,
    refundNo: string,
    amountFen: number,
  ) {
    const purchase = await em.findOneBy(Purchase, { storeId: staff.storeId, receiptNo });
    if (!purchase) throw new AppException(ErrorCode.PURCHASE_NOT_FOUND);

    const guarded = await em
      .createQueryBuilder()
      .update(Purchase)
      .set({ refundedFen: () => 'refunded_fen + :amount' })
      .where('id = :id AND refunded_fen + :amount <= amount_fen', { id: purchase.id, amount: amountFen })
      .execute();
    if (guarded.affected !== 1) throw new AppException(ErrorCode.REFUND_EXCEEDS_PURCHASE);
    const total = (await em.findOneByOrFail(Purchase, { id: purchase.id })).refundedFen;
    const priors = await em.find(PurchaseRefund, {
      select: { amountFen: true, pointsClawTarget: true, growthClawTarget: true, walletReturnedFen: true },
      where: { purchaseId: purchase.id },
      order: { id: 'ASC' },
    });
    const prior = {
      claw: priors.reduce((sum, r) => sum + r.pointsClawTarget, 0),
      growth: priors.reduce((sum, r) => sum + r.growthClawTarget, 0),
    };
    // Tenders (coupons, points, stored value, cash) come back in proportion on running totals; cash takes
    // the remainder.
    // The coupons' share is value never paid: it stays with the shop, and the coupons stay used until the
    // refund that completes the sale gives them back.
    const split = saleRefundSplit(
      purchase,
      priors.map((r) => r.amountFen),
      amountFen,
    );
    const returnTarget = split.pointsReturned;
    const share = (x: number) => proportionalFloor(x, total, purchase.amountFen);
    const clawTarget = share(purchase.pointsEarned) - prior.claw;
    const growthTarget = share(purchase.growthEarned) - prior.growth;

    const bizId = `${purchase.storeId}:${purchase.receiptNo}`;
    const key = (what: string) => `${purchase.id}:${refundNo}:${what}`;
    const base = { bizType: REFUND_BIZ, actor: { type: ActorType.Staff, id: staff.staffId }, storeId: staff.storeId };
    const reason = `退款 ${formatCny(amountFen)}`;

    // The accounts this refund may post to, locked in one read in kind order (GROWTH, POINTS, WALLET), the
    // order a sale locks them in: a refund and a sale of one member never wait on each other crosswise.
    await this.ledger.lockAccounts(
      em,
      purchase.memberId,
      purchase.walletFen > 0 ? ['GROWTH', 'POINTS', 'WALLET'] : ['GROWTH', 'POINTS'],
    );
    // The stored value's share goes back into exactly the lots the sale drew from.
    const walletBefore = priors.reduce((sum, r) => sum + r.walletReturnedFen, 0);
    const walletBalanceFen = await this.wallet.giveBack(
      em,
      { memberId: purchase.memberId, saleKey: bizId, walletFen: purchase.walletFen },
      walletBefore,
      walletBefore + split.walletFen,
      key('wallet'),
      { ...base, reason: `${reason} 退回储值` },
    );
    if (returnTarget > 0) {
      const debit = await this.entry(em, purchase.memberId, 'POINTS', bizId, 'DEBIT');
      await this.ledger.reverse(em, {
        ...base,
        entryId: debit.id,
        lotPolicy: 'RESTORE_ORIGINAL_LOTS',
        amount: returnTarget,
        bizId: key('return'),
        reason: `${reason} 退回抵扣积分`,
      });
    }
    const pointsClawedBack = await this.clawBack(em, purchase.memberId, 'POINTS', bizId, clawTarget, {
      ...base,
      bizId: key('claw'),
      reason: `${reason} 扣回积分`,
    });
    // Earned points the member already spent become debt, settled first by their next points: no refund
    // sequence leaves them points made from nothing.
    const pointsShortfall = Math.max(0, clawTarget) - pointsClawedBack;
    if (pointsShortfall > 0) {
      await this.ledger.raiseDebt(em, purchase.memberId, pointsShortfall, {
        ...base,
        bizId: key('debt'),
        reason: `${reason} 已用积分记为欠分`,
      });
    }
    const growthClawedBack = await this.clawBack(em, purchase.memberId, 'GROWTH', bizId, growthTarget, {
      ...base,
      bizId: key('growth'),
      reason: `${reason} 扣回成长值`,
    });
    // The promotion this purchase caused goes as far as the growth left no longer reaches it.
    await this.memberTiers.followRefund(em, purchase, refundNo);
    const couponsReturned =
      purchase.couponDiscountFen > 0 && total === purchase.amountFen
        ? await this.coupons.returnForSale(em, purchase.id, this.clock.now())
        : 0;
    const { balance } = await this.ledger.available(purchase.memberId, 'POINTS', em);

    const result: RefundResult = {
      refundId: 0,
      receiptNo,
      refundNo,
      amountFen,
      cashRefundedFen: split.cashFen,
      couponFen: split.couponFen,
      couponsReturned,
      walletFen: split.walletFen,
      walletBalanceFen,
      refundedTotalFen: total,
      pointsReturned: returnTarget,
      pointsClawedBack,
      pointsShortfall,
      pointsDebt: await this.ledger.debt(purchase.memberId, em),
      growthClawedBack,
      balance,
      replayed: false,
    };
    const row = em.create(PurchaseRefund, {
      purchaseId: purchase.id,
      refundNo,
      staffId: staff.staffId,
      amountFen,
      cashRefundedFen: split.cashFen,
      pointsReturned: result.pointsReturned,
      walletReturnedFen: split.walletFen,
      pointsClawTarget: Math.max(0, clawTarget),
      pointsClawedBack,
      growthClawTarget: Math.max(0, growthTarget),
      growthClawedBack,
      createdAt: this.clock.now(),
    });
    await em.insert(PurchaseRefund, row);
    // Money leaves the till: the refund is audited in the same transaction, with the clerk who did it.
    await this.audit.record(
      staffActor(staff, await this.members.displayName(staff.memberId, em)),
      {
        action: AuditAction.PurchaseRefunded,
        targetType: 'member',
        targetId: purchase.memberId,
        after: {
          receiptNo,
          refundNo,
          amountFen,
          cashRefundedFen: split.cashFen,
          ...(split.walletFen ? { walletFen: split.walletFen } : {}),
          refundedTotalFen: total,
          pointsClawedBack,
          pointsShortfall: result.pointsShortfall,
        },
      },
      em,
    );
    return { ...result, refundId: row.id };
  }

  /** The purchase's refunds so far, in order: amount and stored value returned. */
  private refundAmounts(purchase: Purchase): Promise<Pick<PurchaseRefund, 'amountFen' | 'walletReturnedFen'>[]> {
    return this.ds.getRepository(PurchaseRefund).find({
      select: { amountFen: true, walletReturnedFen: true },
      where: { purchaseId: purchase.id },
      order: { id: 'ASC' },
    });
  }

  /** Takes back up to `target` of a purchase's credit, limited by what the account still holds. */
  private async clawBack(
    em: EntityManager,
    memberId: number,
    kind: LedgerAccountKind,
    bizId: string,
    target: number,
    input: { bizType: string; bizId: string; reason: string; actor: { type: ActorType; id: number }; storeId: number },
  ): Promise<number> {
    if (target <= 0) return 0;
    const credit = await this.entry(em, memberId, kind, bizId, 'CREDIT');
    // Expired points cannot be clawed back: the reversal expires them first.
    const amount = Math.min(target, (await this.ledger.available(memberId, kind, em)).balance);
    if (amount > 0) await this.ledger.reverse(em, { ...input, entryId: credit.id, lotPolicy: 'OWN_LOT_FIRST', amount });
    return amount;
  }

  private entry(em: EntityManager, memberId: number, kind: LedgerAccountKind, bizId: string, type: LedgerEntryType) {
    return this.ledger.entryFor(em, memberId, kind, { bizType: PURCHASE_BIZ, bizId, entryType: type });
  }
}

/** Cash handed back so far: the cash shares of the purchase's refunds, replayed in order. */
function cashRefunded(purchase: Purchase, amounts: readonly number[]): number {
  return amounts.reduce((acc, amount, i) => acc + saleRefundSplit(purchase, amounts.slice(0, i), amount).cashFen, 0);
}
