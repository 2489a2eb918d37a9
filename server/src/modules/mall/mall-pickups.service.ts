import { Injectable } from '@nestjs/common';
import { AuditAction, ErrorCode, type MallPickupView } from '@member/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { AppException } from '../../common/app-exception';
import { Clock, shanghaiDayStart } from '../../common/clock';
import { IdempotencyService, idempotencyScope } from '../../common/idempotency/idempotency.service';
import { AuditService, staffActor } from '../audit/audit.service';
import type { StaffPrincipal } from '../auth/token.service';
import { MemberDirectory, unknownMember } from '../members/member-directory';
import type { MallOrderRow } from './entities/mall-order.entity';
import { MallOrderViews } from './mall-order-views';
import { MallOrdersRepository } from './mall-orders.repository';

const PICKUP_OPERATION = 'mall-pickup';
const TODAY_MAX = 200;

/** "MALL:123456" (the QR) or "123456" (typed) → the six digits. The DTO has checked the shape. */
export const pickupDigits = (code: string): string => code.trim().replace(/^MALL:/, '');

function blockOf(o: MallOrderRow, storeId: number): MallPickupView['blockReason'] {
  if (o.status === 'DONE') return 'ALREADY_PICKED_UP';
  if (o.status === 'CANCELLED' || o.status === 'EXPIRED') return 'ENDED';
  if (o.status !== 'READY') return 'NOT_READY';
  return o.pickupStoreId === storeId ? null : 'OTHER_STORE';
}

/**
 * 核销 at the counter: the clerk scans or types the member's pickup code, sees the goods and who redeemed
 * them, and hands them over — only at the store the member chose, once (a guarded READY → DONE), and a
 * retry with the same request id answers the first hand-over. Each hand-over is audited.
 */
@Injectable()
export class MallPickupsService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly idempotency: IdempotencyService,
    private readonly audit: AuditService,
    private readonly members: MemberDirectory,
    private readonly orders: MallOrdersRepository,
    private readonly views: MallOrderViews,
  ) {}

  async lookup(staff: StaffPrincipal, code: string): Promise<MallPickupView> {
    const order = await this.orders.byCode(pickupDigits(code));
    if (!order) throw new AppException(ErrorCode.MALL_PICKUP_CODE_UNKNOWN);
    return this.pickupView(order, staff.storeId);
  }

  async confirm(staff: StaffPrincipal, req: { code: string; requestId: string }): Promise<MallPickupView> {
    // Read before the transaction (SQLite has one connection): the clerk's name for the audit row.
    const staffName = await this.members.displayName(staff.memberId);
    const code = pickupDigits(req.code);
    const { body, replayed } = await this.idempotency.run(
      {
        scope: idempotencyScope.store(staff.storeId),
        operation: PICKUP_OPERATION,
        key: req.requestId,
        request: { code },
      },
      (em) => this.handOver(em, staff, code, staffName),
      201,
    );
    return { ...body, replayed };
  }

  /** What this store handed over today (Asia/Shanghai), newest first. */
  async today(staff: StaffPrincipal): Promise<MallPickupView[]> {
    const rows = await this.orders.pickedUpAt(staff.storeId, shanghaiDayStart(this.clock.today()), TODAY_MAX);
    const [views, refs] = await Promise.all([this.views.many(rows), this.members.refs(rows.map((o) => o.memberId))]);
    return views.map((order, i) => {
      const m = refs.get(rows[i].memberId) ?? unknownMember(rows[i].memberId);
      return { order, member: { memberNo: m.memberNo, nickname: m.nickname }, blockReason: 'ALREADY_PICKED_UP' };
    });
  }

  private async handOver(em: EntityManager, staff: StaffPrincipal, code: string, staffName: string) {
    const order = await this.orders.byCode(code, em);
    if (!order) throw new AppException(ErrorCode.MALL_PICKUP_CODE_UNKNOWN);
    if (order.pickupStoreId !== staff.storeId) throw new AppException(ErrorCode.MALL_PICKUP_OTHER_STORE);
    const now = this.clock.now();
    if (!(await this.orders.pickedUp(em, order.id, staff.storeId, staff.staffId, now)))
      throw new AppException(ErrorCode.MALL_PICKUP_NOT_READY);
    const done = (await this.orders.byId(order.id, em))!;
    await this.audit.record(
      staffActor(staff, staffName),
      {
        action: AuditAction.MallPickupConfirmed,
        targetType: 'mall_order',
        targetId: order.id,
        after: { orderNo: order.orderNo, goodsId: order.goodsId, quantity: order.quantity },
      },
      em,
    );
    return this.pickupView(done, staff.storeId, em);
  }

  private async pickupView(order: MallOrderRow, storeId: number, em?: EntityManager): Promise<MallPickupView> {
    const reader = em ?? this.ds;
    const [view, member] = await Promise.all([
      this.views.one(order, reader),
      this.members.refs([order.memberId], reader).then((r) => r.get(order.memberId) ?? unknownMember(order.memberId)),
    ]);
    return {
      order: view,
      member: { memberNo: member.memberNo, nickname: member.nickname },
      blockReason: blockOf(order, storeId),
    };
  }
}
