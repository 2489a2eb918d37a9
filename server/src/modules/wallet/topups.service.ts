import { randomInt } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import {
  ErrorCode,
  formatCny,
  WALLET_POLICY_VERSION,
  type MemberTopup,
  type TopupCreated,
  type TopupRequest,
} from '@member/shared';
import { AppException } from '../../common/app-exception';
import { Clock, shanghaiDate } from '../../common/clock';
import { fingerprint } from '../../common/idempotency/fingerprint';
import { MemberLifecycle } from '../../common/member-lifecycle';
import { AppConfig } from '../../config/app-config';
import { isUniqueViolation, TransactionRunner } from '../../database/transaction-runner';
import { LedgerService } from '../../ledger/ledger.service';
import { WechatPayError, WechatPayGateway } from '../../wechat-pay/wechat-pay.gateway';
import type { MemberPrincipal } from '../auth/token.service';
import { MemberDirectory } from '../members/member-directory';
import type { TopupOrder } from './entities/topup-order.entity';
import { TopupOrdersRepository } from './topup-orders.repository';
import { TopupPlanCouponsService } from './topup-plan-coupons.service';
import { TopupPlansRepository } from './topup-plans.repository';
import { TopupSettlementService } from './topup-settlement.service';
import { memberTopupView } from './wallet-views';

/** out_trade_no: 'T' + the Asia/Shanghai date + 16 random digits (25 characters; WeChat allows 32). */
function newOutTradeNo(now: Date): string {
  let digits = '';
  while (digits.length < 16) digits += String(randomInt(0, 100_000_000)).padStart(8, '0');
  return `T${shanghaiDate(now).replace(/-/g, '')}${digits}`;
}

/** What the member pays and gets, once the request passed the rules. */
interface Priced {
  planId: number | null;
  payFen: number;
  bonusFen: number;
}

/**
 * Members' top-ups. The order row is committed before WeChat is called (no transaction is held across an
 * HTTP call); a prepay failure leaves it NOTPAY for the sync job to close. The request id is the idempotency
 * key: the same body answers the same order with freshly signed pay parameters, another body is refused.
 */
@Injectable()
export class TopupsService {
  private readonly log = new Logger('Topups');

  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly tx: TransactionRunner,
    private readonly ledger: LedgerService,
    private readonly lifecycle: MemberLifecycle,
    private readonly members: MemberDirectory,
    private readonly orders: TopupOrdersRepository,
    private readonly plans: TopupPlansRepository,
    private readonly gateway: WechatPayGateway,
    private readonly settlement: TopupSettlementService,
    private readonly planCoupons: TopupPlanCouponsService,
  ) {}

  async create(member: MemberPrincipal, req: TopupRequest): Promise<TopupCreated> {
    const memberId = member.memberId;
    await this.lifecycle.assertMayUse(memberId);
    if ((req.planId === undefined) === (req.amountFen === undefined))
      throw new AppException(ErrorCode.VALIDATION_FAILED, '请选择一个充值方案或输入充值金额');
    const hash = fingerprint({ planId: req.planId, amountFen: req.amountFen, policyVersion: req.policyVersion });
    const order = (await this.orders.byRequest(memberId, req.requestId)) ?? (await this.open(memberId, req, hash));
    if (order.requestHash !== hash) throw new AppException(ErrorCode.IDEMPOTENCY_KEY_REUSED);
    // A retry of a request whose order is settled: WeChat would refuse the prepay (ORDERPAID / ORDER_CLOSED).
    if (order.status === 'PAID' || order.status === 'REFUNDED') throw new AppException(ErrorCode.WALLET_TOPUP_PAID);
    if (order.status === 'CLOSED' || order.expiresAt <= this.clock.now())
      throw new AppException(ErrorCode.WALLET_TOPUP_CLOSED);
    return this.prepay(order);
  }

  /** One of the member's own top-ups; still unpaid → ask WeChat, and credit it when it was paid. */
  async mine(memberId: number, outTradeNo: string): Promise<MemberTopup> {
    await this.lifecycle.assertMayUse(memberId);
    let order = await this.orders.byOutTradeNo(outTradeNo);
    if (!order || order.memberId !== memberId) throw new AppException(ErrorCode.WALLET_TOPUP_NOT_FOUND);
    if (order.status === 'NOTPAY') {
      try {
        const t = await this.gateway.query(outTradeNo);
        if (t?.tradeState === 'SUCCESS') {
          await this.settlement.settle(t, 'QUERY');
          order = (await this.orders.byOutTradeNo(outTradeNo))!;
        }
      } catch (error) {
        // WeChat unreachable: the member sees 支付结果确认中 and polls again; the sync job asks later too.
        if (!(error instanceof WechatPayError)) throw error;
        this.log.warn(`query ${outTradeNo} failed: ${error.code}`);
      }
    }
    const plan = order.planId === null ? null : await this.plans.byId(order.planId);
    // The plan's coupons arrive through the outbox moments after the credit: show those issued so far.
    const coupons = order.status === 'PAID' ? await this.planCoupons.received(order) : [];
    return memberTopupView(order, plan?.name ?? null, coupons);
  }

  /** Checks the rules and inserts the NOTPAY order (committed on return). */
  private async open(memberId: number, req: TopupRequest, hash: string): Promise<TopupOrder> {
    if (req.policyVersion !== WALLET_POLICY_VERSION) throw new AppException(ErrorCode.WALLET_POLICY_NOT_ACCEPTED);
    const card = await this.members.card(memberId);
    if (!card.phoneMasked) throw new AppException(ErrorCode.WALLET_PHONE_REQUIRED);
    const openid = await this.members.payerOpenid(memberId);
    if (!openid) throw new AppException(ErrorCode.MEMBER_NOT_FOUND);
    const priced = await this.price(req);
    try {
      return await this.tx.run(async (em) => {
        // The wallet account's lock serialises one member's top-ups (and their credits): the limit and cap
        // checks below hold for the order inserted after them.
        await this.ledger.lockAccounts(em, memberId, ['WALLET'], true);
        const replay = await this.orders.byRequest(memberId, req.requestId, em);
        if (replay) return replay;
        const now = this.clock.now();
        if (priced.planId !== null) {
          const plan = (await this.plans.byId(priced.planId, em))!;
          if (
            plan.perMemberLimit !== null &&
            (await this.orders.countTowardsLimit(em, memberId, plan.id, now)) >= plan.perMemberLimit
          )
            throw new AppException(ErrorCode.WALLET_PLAN_LIMIT_REACHED);
        }
        const { balance } = await this.ledger.available(memberId, 'WALLET', em);
        if (balance + priced.payFen + priced.bonusFen > this.config.wallet.capFen)
          throw new AppException(ErrorCode.WALLET_CAP_EXCEEDED);
        const row: Partial<TopupOrder> = {
          outTradeNo: newOutTradeNo(now),
          memberId,
          planId: priced.planId,
          payFen: priced.payFen,
          bonusFen: priced.bonusFen,
          status: 'NOTPAY',
          requestId: req.requestId,
          requestHash: hash,
          policyVersion: req.policyVersion,
          openid,
          prepayId: null,
          transactionId: null,
          confirmedBy: null,
          refundedFen: 0,
          expiresAt: new Date(now.getTime() + this.config.wallet.orderExpireMinutes * 60_000),
          paidAt: null,
          closedAt: null,
          createdAt: now,
          updatedAt: now,
        };
        await this.orders.insert(em, row);
        return (await this.orders.byOutTradeNo(row.outTradeNo!, em))!;
      });
    } catch (error) {
      // Another node inserted the same request id first: answer its order.
      if (!isUniqueViolation(error)) throw error;
      const first = await this.orders.byRequest(memberId, req.requestId);
      if (!first) throw error;
      return first;
    }
  }

  /** The plan's price, or the free amount within the configured bounds. */
  private async price(req: TopupRequest): Promise<Priced> {
    if (req.amountFen !== undefined) {
      const { minTopupFen, maxTopupFen } = this.config.wallet;
      if (req.amountFen < minTopupFen || req.amountFen > maxTopupFen)
        throw new AppException(
          ErrorCode.WALLET_AMOUNT_OUT_OF_RANGE,
          `充值金额须在 ${formatCny(minTopupFen)} 至 ${formatCny(maxTopupFen)} 之间`,
        );
      return { planId: null, payFen: req.amountFen, bonusFen: 0 };
    }
    const plan = await this.plans.byId(req.planId!);
    if (!plan) throw new AppException(ErrorCode.WALLET_PLAN_NOT_FOUND);
    const now = this.clock.now().getTime();
    if (
      plan.status !== 'ACTIVE' ||
      (plan.startsAt && plan.startsAt.getTime() > now) ||
      (plan.endsAt && plan.endsAt.getTime() <= now)
    )
      throw new AppException(ErrorCode.WALLET_PLAN_UNAVAILABLE);
    return { planId: plan.id, payFen: plan.payFen, bonusFen: plan.bonusFen };
  }

  /**
   * JSAPI prepay with the order's own parameters: the same again answers the same prepay_id, so a retry
   * gets freshly signed pay parameters for the one order.
   */
  private async prepay(order: TopupOrder): Promise<TopupCreated> {
    try {
      const prepay = await this.gateway.prepay({
        outTradeNo: order.outTradeNo,
        description: `会员储值 ${formatCny(order.payFen)}`,
        amountFen: order.payFen,
        openid: order.openid,
        timeExpire: order.expiresAt,
      });
      if (order.prepayId !== prepay.prepayId)
        await this.orders.setPrepayId(order.outTradeNo, prepay.prepayId, this.clock.now());
      return {
        outTradeNo: order.outTradeNo,
        payFen: order.payFen,
        bonusFen: order.bonusFen,
        expiresAt: order.expiresAt.toISOString(),
        payParams: prepay.payParams,
      };
    } catch (error) {
      if (!(error instanceof WechatPayError)) throw error;
      this.log.warn(`prepay ${order.outTradeNo} failed: ${error.code}`);
      throw new AppException(ErrorCode.WALLET_PAY_UNAVAILABLE);
    }
  }
}
