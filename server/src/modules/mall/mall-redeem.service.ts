import { Injectable } from '@nestjs/common';
import { ActorType, ErrorCode, type MallOrderResult, type MallRedeemRequest } from '@member/shared';
import { randomInt } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { AppException } from '../../common/app-exception';
import { addBizDays, Clock, shanghaiDate } from '../../common/clock';
import { IdempotencyService, idempotencyScope } from '../../common/idempotency/idempotency.service';
import { MemberLifecycle } from '../../common/member-lifecycle';
import { LedgerService } from '../../ledger/ledger.service';
import type { MemberPrincipal } from '../auth/token.service';
import { CouponIssuingService } from '../coupons/coupon-issuing.service';
import { StoreDirectory, type StorePlace } from '../stores/store-directory';
import { MallNotices } from './mall-notices';
import { MemberTiersService } from '../tiers/member-tiers.service';
import { TiersService } from '../tiers/tiers.service';
import type { MallGoodsRow } from './entities/mall-goods.entity';
import { MallGoodsRepository } from './mall-goods.repository';
import { MallOrdersRepository } from './mall-orders.repository';
import { MallOrderViews } from './mall-order-views';
import { MallPaymentsService } from './mall-payments.service';
import { periodKey } from './mall-periods';
import { idsOf, tierCodesOf, windowBlock } from './mall-views';

export const MALL_REDEEM_OPERATION = 'mall-redeem';
/** The ledger's bizType of a redemption's debit (bizId: the order no.) and of its give-back. */
export const MALL_ORDER_BIZ = 'MALL_ORDER';

/** M + business date + 10 random digits: unguessable, sortable by day, byte-exact unique. */
export function newOrderNo(now: Date): string {
  let digits = '';
  for (let i = 0; i < 2; i++) digits += String(randomInt(0, 100_000)).padStart(5, '0');
  return `M${shanghaiDate(now).replace(/-/g, '')}${digits}`;
}

/**
 * A member redeems goods for points. In one transaction: the goods' window, status and tier; the member's
 * quota for the current Asia/Shanghai period (guarded); the points debit through the ledger; the order; a
 * COUPON goods' coupons through the coupons module's issuing service; and the stock — a guarded update on
 * the hot goods row, last, so its lock is held for the shortest time. The request id makes a retry answer
 * the first order; the same id with another body is 409.
 */
@Injectable()
export class MallRedeemService {
  constructor(
    private readonly idempotency: IdempotencyService,
    private readonly clock: Clock,
    private readonly lifecycle: MemberLifecycle,
    private readonly goods: MallGoodsRepository,
    private readonly orders: MallOrdersRepository,
    private readonly views: MallOrderViews,
    private readonly ledger: LedgerService,
    private readonly tiers: TiersService,
    private readonly memberTiers: MemberTiersService,
    private readonly stores: StoreDirectory,
    private readonly mallNotices: MallNotices,
    private readonly coupons: CouponIssuingService,
    private readonly payments: MallPaymentsService,
  ) {}

  async redeem(member: MemberPrincipal, req: MallRedeemRequest): Promise<MallOrderResult> {
    // Like coupon claims: nothing without the privacy consent or during the deletion cooling-off.
    await this.lifecycle.assertMayUse(member.memberId);
    const { body, replayed } = await this.idempotency.run(
      {
        scope: idempotencyScope.member(member.memberId),
        operation: MALL_REDEEM_OPERATION,
        key: req.requestId,
        request: { goodsId: req.goodsId, quantity: req.quantity, pickupStoreId: req.pickupStoreId ?? null },
      },
      (em) => this.record(em, member.memberId, req),
      201,
    );
    // Points + cash: the order as it is now, with freshly signed pay params while it waits (same requestId too).
    if (body.order.cashFen > 0) return this.payments.answer(member.memberId, body.order.id, replayed);
    return { ...body, replayed };
  }

  private async record(em: EntityManager, memberId: number, req: MallRedeemRequest): Promise<MallOrderResult> {
    const now = this.clock.now();
    const n = req.quantity;
    const g = await this.goods.goods(req.goodsId, em);
    if (!g || g.status === 'DRAFT') throw new AppException(ErrorCode.MALL_GOODS_NOT_FOUND);
    if (g.status !== 'ON_SALE') throw new AppException(ErrorCode.MALL_GOODS_OFF_SALE);
    const window = windowBlock(g, now);
    if (window === 'NOT_STARTED') throw new AppException(ErrorCode.MALL_SALE_NOT_STARTED);
    if (window === 'ENDED') throw new AppException(ErrorCode.MALL_SALE_ENDED);
    // Already gone as last read: answer at once without taking locks (the guarded update stays the truth).
    if (g.stock !== null && g.stock < n) throw new AppException(ErrorCode.MALL_OUT_OF_STOCK);
    const place = await this.pickupStore(em, g, req.pickupStoreId);
    await this.assertEligible(em, g, memberId);

    const quotaKey = g.perMemberLimit !== null ? periodKey(g.limitPeriod, now) : null;
    if (
      quotaKey !== null &&
      !(await this.goods.takeQuota(em, { goodsId: g.id, memberId, periodKey: quotaKey }, n, g.perMemberLimit!))
    )
      throw new AppException(ErrorCode.MALL_LIMIT_REACHED);

    const orderNo = newOrderNo(now);
    const pointsTotal = g.pointsPrice * n;
    // Points + cash: the points are held and the order waits for WeChat Pay (mall-payments.service.ts).
    const cash = g.cashFen > 0 ? await this.payments.hold(em, memberId, orderNo, pointsTotal, g.name, now) : null;
    const debit = pointsTotal > 0 && !cash ? await this.debit(em, memberId, pointsTotal, orderNo, g.name, n) : null;
    const ready = g.kind !== 'COUPON' && !cash;
    const couponId = ready || cash ? null : await this.issueCoupons(em, g, memberId, orderNo, n, now);
    const order = await this.orders.insert(
      em,
      {
        orderNo,
        memberId,
        goodsId: g.id,
        kind: g.kind,
        goodsName: g.name,
        quantity: n,
        pointsTotal,
        cashFen: g.cashFen * n,
        status: cash ? 'PENDING_PAYMENT' : ready ? 'READY' : 'DONE',
        quotaKey,
        pickupStoreId: place?.id ?? null,
        // The last day to pick up: created day + pickupDays (Asia/Shanghai), the whole of that day included.
        pickupUntil: ready ? addBizDays(shanghaiDate(now), g.pickupDays) : null,
        pointsEntryId: debit?.id ?? null,
        couponId,
        pickedUpByStaffId: null,
        doneAt: ready || cash ? null : now,
        cancelledAt: null,
        endReason: null,
        outTradeNo: cash?.outTradeNo ?? null,
        transactionId: null,
        prepayId: null,
        payUntil: cash?.payUntil ?? null,
        pointsHoldId: cash?.pointsHoldId ?? null,
        shippingStatus: null,
        shippingError: null,
        createdAt: now,
        updatedAt: now,
      },
      ready,
    );
    // The hot row last: its lock is held only for this statement and the commit.
    if (!(await this.goods.takeStock(em, g.id, n))) {
      const fresh = await this.goods.goods(g.id, em);
      throw new AppException(fresh?.status === 'ON_SALE' ? ErrorCode.MALL_OUT_OF_STOCK : ErrorCode.MALL_GOODS_OFF_SALE);
    }
    if (order.status === 'READY') await this.mallNotices.pickupReady(em, order, now, place);
    const balance = debit ? debit.balanceNow : (await this.ledger.available(memberId, 'POINTS', em)).balance;
    return { order: await this.views.one(order, em, { goods: g, place }), pay: null, pointsBalance: balance };
  }

  /** PHYSICAL / SERVICE: one of the goods' open pickup stores (the only one when the member names none). */
  private async pickupStore(em: EntityManager, g: MallGoodsRow, asked: number | undefined): Promise<StorePlace | null> {
    if (g.kind === 'COUPON') return null;
    const ids = idsOf(g.pickupStoreIdsJson);
    const id = asked ?? (ids.length === 1 ? ids[0] : undefined);
    if (id === undefined || !ids.includes(id)) throw new AppException(ErrorCode.MALL_PICKUP_STORE_INVALID);
    const place = (await this.stores.places([id], em)).get(id);
    if (!place?.active) throw new AppException(ErrorCode.MALL_PICKUP_STORE_INVALID);
    return place;
  }

  private async assertEligible(em: EntityManager, g: MallGoodsRow, memberId: number): Promise<void> {
    const codes = tierCodesOf(g);
    if (!codes) return;
    const { tier } = await this.memberTiers.current(em, memberId, await this.tiers.activeTiers());
    if (!codes.includes(tier.code)) throw new AppException(ErrorCode.MALL_NOT_ELIGIBLE);
  }

  private async debit(em: EntityManager, memberId: number, amount: number, orderNo: string, name: string, n: number) {
    const account = await this.ledger.openLockedAccount(em, memberId, 'POINTS');
    // Refused before anything is written (same answer as the ledger's, one statement less).
    if (account.balance < amount) throw new AppException(ErrorCode.MALL_NOT_ENOUGH_POINTS);
    try {
      return await this.ledger.debit(em, {
        accountId: account.id,
        amount,
        bizType: MALL_ORDER_BIZ,
        bizId: orderNo,
        reason: n > 1 ? `积分兑换 ${name} ×${n}` : `积分兑换 ${name}`,
        actor: { type: ActorType.Member, id: memberId },
      });
    } catch (error) {
      if (error instanceof AppException && error.code === ErrorCode.LEDGER_INSUFFICIENT_BALANCE)
        throw new AppException(ErrorCode.MALL_NOT_ENOUGH_POINTS);
      throw error;
    }
  }

  /** COUPON goods: the coupons now, through the coupons module's one issuing door; the first one's id. */
  private async issueCoupons(
    em: EntityManager,
    g: MallGoodsRow,
    memberId: number,
    orderNo: string,
    n: number,
    now: Date,
  ): Promise<number> {
    let ids: number[];
    try {
      ids = await this.coupons.issueForOrder(em, g.couponTemplateId!, memberId, 'MALL', `mall:${orderNo}`, n, now);
    } catch (error) {
      if (error instanceof AppException && error.code === ErrorCode.COUPON_SOLD_OUT)
        throw new AppException(ErrorCode.MALL_OUT_OF_STOCK);
      throw error;
    }
    return ids[0];
  }
}
