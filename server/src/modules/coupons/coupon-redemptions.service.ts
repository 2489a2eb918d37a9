import { Injectable } from '@nestjs/common';
import {
  AuditAction,
  ErrorCode,
  isCouponCode,
  type CouponRedemption as CouponRedemptionView,
  type CouponTerms,
  type RedeemCouponRequest,
  type StaffCouponView,
} from '@member/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { AppException } from '../../common/app-exception';
import { Clock } from '../../common/clock';
import { IdempotencyService, idempotencyScope } from '../../common/idempotency/idempotency.service';
import { AppConfig } from '../../config/app-config';
import { TransactionRunner } from '../../database/transaction-runner';
import { AuditService, operatorActor, staffActor } from '../audit/audit.service';
import type { OperatorPrincipal, StaffPrincipal } from '../auth/token.service';
import { MemberDirectory } from '../members/member-directory';
import { StaffDirectory } from '../staff/staff-directory';
import { StoreDirectory } from '../stores/store-directory';
import { CouponRedemptionsRepository } from './coupon-redemptions.repository';
import { CouponsRepository } from './coupons.repository';
import { CouponRedemption } from './entities/coupon-redemption.entity';
import { Coupon } from './entities/coupon.entity';

const REDEEM_OPERATION = 'coupon-redemption';

interface Block {
  code: ErrorCode;
  text: string;
}

/** Why this coupon cannot be redeemed on its own at this store now (null: it can). */
function redeemBlock(c: Coupon, terms: CouponTerms, storeId: number, now: Date): Block | null {
  const no = (text: string, code = ErrorCode.COUPON_NOT_USABLE): Block => ({ code, text });
  if (terms.kind !== 'EXCHANGE') return no('不是兑换券，请在收款时使用', ErrorCode.COUPON_NOT_EXCHANGE);
  if (c.status === 'USED') return no('已使用');
  if (c.status === 'GIFTING') return no('正在转赠中');
  if (c.status === 'VOID') return no('已作废');
  if (c.status === 'EXPIRED' || c.validUntil.getTime() <= now.getTime()) return no('已过期');
  if (c.validFrom.getTime() > now.getTime()) return no('尚未生效');
  if (terms.storeIds && !terms.storeIds.includes(storeId)) return no('本店不可用', ErrorCode.COUPON_NOT_APPLICABLE);
  return null;
}

const blockError = (b: Block) =>
  b.code === ErrorCode.COUPON_NOT_EXCHANGE
    ? new AppException(b.code)
    : new AppException(b.code, `该兑换券${b.text}，不能核销`);

const termsOf = (c: Coupon) => JSON.parse(c.termsJson) as CouponTerms;

/**
 * 兑换券单独核销: staff scan a voucher's code and redeem it without a sale. Exactly once under any number
 * of tills (guarded USABLE → USED), a retry with the same request id answers the first redemption, and an
 * operator may void it within `coupons.redemptionVoidHours` (the voucher comes back). Both are audited.
 */
@Injectable()
export class CouponRedemptionsService {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly idempotency: IdempotencyService,
    private readonly coupons: CouponsRepository,
    private readonly redemptions: CouponRedemptionsRepository,
    private readonly audit: AuditService,
    private readonly members: MemberDirectory,
    private readonly staffDirectory: StaffDirectory,
    private readonly stores: StoreDirectory,
  ) {}

  /** The scanned coupon as the counter sees it, and whether it can be redeemed here now. */
  async lookup(staff: StaffPrincipal, code: string): Promise<StaffCouponView> {
    const coupon = await this.byCode(this.ds.manager, code);
    const terms = termsOf(coupon);
    const member = await this.members.card(coupon.memberId);
    const block = redeemBlock(coupon, terms, staff.storeId, this.clock.now());
    return {
      couponId: coupon.id,
      code: coupon.code,
      terms,
      status: coupon.status,
      validFrom: coupon.validFrom.toISOString(),
      validUntil: coupon.validUntil.toISOString(),
      memberNo: member.memberNo,
      nickname: member.nickname,
      redeemable: !block,
      reasonText: block?.text ?? null,
    };
  }

  async redeem(staff: StaffPrincipal, req: RedeemCouponRequest): Promise<CouponRedemptionView> {
    // Read before the transaction (SQLite has one connection): names for the answer and the audit row.
    const [staffName, storeName] = await Promise.all([
      this.members.displayName(staff.memberId),
      this.stores.names([staff.storeId]).then((n) => n.get(staff.storeId) ?? ''),
    ]);
    const { body, replayed } = await this.idempotency.run(
      {
        scope: idempotencyScope.store(staff.storeId),
        operation: REDEEM_OPERATION,
        key: req.requestId,
        request: { code: req.code },
      },
      (em) => this.record(em, staff, req.code, staffName, storeName),
      201,
    );
    return { ...body, replayed };
  }

  private async record(
    em: EntityManager,
    staff: StaffPrincipal,
    code: string,
    staffName: string,
    storeName: string,
  ): Promise<CouponRedemptionView> {
    const now = this.clock.now();
    const coupon = await this.byCode(em, code);
    const terms = termsOf(coupon);
    const block = redeemBlock(coupon, terms, staff.storeId, now);
    if (block) throw blockError(block);
    const used = await this.coupons.setStatus(em, coupon.id, 'USABLE', 'USED', {
      usedAt: now,
      usedStoreId: staff.storeId,
      usedStaffId: staff.staffId,
      discountFen: terms.faceValueFen,
    });
    // Another till redeemed it (or a sale used it) a moment ago.
    if (!used) throw new AppException(ErrorCode.COUPON_NOT_USABLE, '该兑换券已使用，不能核销');
    const row = await this.redemptions.insert(em, {
      couponId: coupon.id,
      storeId: staff.storeId,
      staffId: staff.staffId,
      status: 'REDEEMED',
      createdAt: now,
      voidedBy: null,
      voidedAt: null,
      voidReason: null,
    });
    await this.audit.record(
      staffActor(staff, staffName),
      {
        action: AuditAction.CouponRedeemed,
        targetType: 'coupon_redemption',
        targetId: row.id,
        after: { couponId: coupon.id, memberId: coupon.memberId, name: terms.name, faceValueFen: terms.faceValueFen },
      },
      em,
    );
    const member = await this.members.card(coupon.memberId, em);
    return view(row, coupon, { storeName, staffName, memberNo: member.memberNo });
  }

  /** An operator voids a stand-alone redemption within the window: the voucher comes back to the member. */
  async void(op: OperatorPrincipal, id: number, reason: string): Promise<CouponRedemptionView> {
    const { row, coupon } = await this.tx.run(async (em) => {
      const now = this.clock.now();
      const found = await em.getRepository(CouponRedemption).findOneBy({ id });
      if (!found) throw new AppException(ErrorCode.COUPON_REDEMPTION_NOT_FOUND);
      if (found.status === 'VOIDED') throw new AppException(ErrorCode.COUPON_REDEMPTION_VOIDED);
      const windowMs = this.config.coupons.redemptionVoidHours * 3_600_000;
      if (now.getTime() >= found.createdAt.getTime() + windowMs)
        throw new AppException(ErrorCode.COUPON_VOID_WINDOW_PASSED);
      if (!(await this.redemptions.markVoided(em, id, op.operatorId, reason, now)))
        throw new AppException(ErrorCode.COUPON_REDEMPTION_VOIDED);
      // Never a coupon that paid for a sale: only the sale's refund gives that one back.
      if (!(await this.redemptions.giveBack(em, found.couponId, now)))
        throw new AppException(ErrorCode.COUPON_NOT_USABLE, '该券已在收款中使用，只能通过整单退款退回');
      const back = await em.getRepository(Coupon).findOneByOrFail({ id: found.couponId });
      await this.audit.record(
        operatorActor(op),
        {
          action: AuditAction.CouponRedemptionVoided,
          targetType: 'coupon_redemption',
          targetId: id,
          before: { status: 'REDEEMED' },
          after: { status: 'VOIDED', couponId: back.id, memberId: back.memberId, couponStatus: back.status },
          reason,
          storeId: found.storeId,
        },
        em,
      );
      return {
        row: { ...found, status: 'VOIDED' as const, voidedBy: op.operatorId, voidedAt: now, voidReason: reason },
        coupon: back,
      };
    });
    const [binding, storeNames] = await Promise.all([
      this.staffDirectory.byId(row.staffId),
      this.stores.names([row.storeId]),
    ]);
    const [staffName, member] = await Promise.all([
      binding ? this.members.displayName(binding.memberId).catch(() => '') : Promise.resolve(''),
      this.members.cards([coupon.memberId]).then((m) => m.get(coupon.memberId)),
    ]);
    return view(row, coupon, {
      storeName: storeNames.get(row.storeId) ?? '',
      staffName,
      memberNo: member?.memberNo ?? '',
    });
  }

  /** The coupon with this code; a malformed code answers exactly like an unknown one. */
  private async byCode(em: EntityManager, code: string): Promise<Coupon> {
    const coupon = isCouponCode(code) ? await em.getRepository(Coupon).findOneBy({ code }) : null;
    if (!coupon) throw new AppException(ErrorCode.COUPON_CODE_UNKNOWN);
    return coupon;
  }
}

function view(
  r: CouponRedemption,
  c: Coupon,
  names: { storeName: string; staffName: string; memberNo: string },
): CouponRedemptionView {
  return {
    id: r.id,
    couponId: c.id,
    code: c.code,
    terms: termsOf(c),
    storeId: r.storeId,
    storeName: names.storeName,
    staffName: names.staffName,
    memberNo: names.memberNo,
    status: r.status,
    createdAt: r.createdAt.toISOString(),
    voidedAt: r.voidedAt?.toISOString() ?? null,
    voidReason: r.voidReason,
  };
}
