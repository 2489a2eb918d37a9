import { Injectable } from '@nestjs/common';
import {
  AuditAction,
  ErrorCode,
  formatCny,
  StaffRole,
  type PurchaseRequest,
  type SaleApproval as SaleApprovalView,
  type SaleApprovalNeed,
  type SaleApprovalRequest,
} from '@member/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { AppException } from '../../common/app-exception';
import { Clock } from '../../common/clock';
import { AppConfig } from '../../config/app-config';
import { TransactionRunner } from '../../database/transaction-runner';
import { AuditService, staffActor } from '../audit/audit.service';
import type { StaffPrincipal } from '../auth/token.service';
import { MemberDirectory } from '../members/member-directory';
import { StaffPinService } from '../staff/staff-pin.service';
import { CheckoutsService } from './checkouts.service';
import { Purchase } from './entities/purchase.entity';
import { SaleApproval } from './entities/sale-approval.entity';

const HOUR_MS = 3_600_000;

/**
 * Clerks' limits (config `sales`): the largest bill a clerk rings up alone and their sales per hour. Beyond
 * them a manager of the same store approves on the clerk's device with their own PIN; the approval is
 * bound to the checkout and the amount and used once, by the purchase, in the purchase's transaction.
 */
@Injectable()
export class SaleApprovalsService {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly checkouts: CheckoutsService,
    private readonly pins: StaffPinService,
    private readonly audit: AuditService,
    private readonly members: MemberDirectory,
  ) {}

  hourStart(now: Date): Date {
    return new Date(now.getTime() - HOUR_MS);
  }

  /** Why this bill needs a manager, given the clerk's sales of the last hour (null: it does not). */
  needFor(staff: StaffPrincipal, amountFen: number, salesLastHour: number): SaleApprovalNeed | null {
    // Managers ring up any bill: they would approve it themselves.
    if (staff.role !== StaffRole.Clerk) return null;
    const { clerkMaxBillFen, clerkPurchasesPerHour } = this.config.sales;
    if (amountFen > clerkMaxBillFen) return { reason: 'bill_over_limit', maxBillFen: clerkMaxBillFen };
    if (salesLastHour >= clerkPurchasesPerHour) {
      return { reason: 'hourly_limit', purchasesPerHour: clerkPurchasesPerHour };
    }
    return null;
  }

  /** For the quote, so the clerk's page asks for the manager before the sale, not after. */
  async need(staff: StaffPrincipal, amountFen: number): Promise<SaleApprovalNeed | null> {
    if (staff.role !== StaffRole.Clerk) return null;
    if (amountFen > this.config.sales.clerkMaxBillFen) return this.needFor(staff, amountFen, 0);
    const recent = await this.ds
      .getRepository(Purchase)
      .createQueryBuilder('p')
      .where('p.staffId = :staffId AND p.createdAt > :since', {
        staffId: staff.staffId,
        since: this.hourStart(this.clock.now()),
      })
      .getCount();
    return this.needFor(staff, amountFen, recent);
  }

  /** The manager's PIN approves this checkout's bill; audited with both names. */
  async approve(staff: StaffPrincipal, body: SaleApprovalRequest): Promise<SaleApprovalView> {
    const checkout = await this.checkouts.usable(staff, body.checkoutId);
    const approver = await this.pins.verifyApprover(staff, body.approverStaffId, body.pin);
    const clerkName = await this.members.displayName(staff.memberId);
    const now = this.clock.now();
    const expiresAt = new Date(
      Math.min(checkout.expiresAt.getTime(), now.getTime() + this.config.sales.approvalMinutes * 60_000),
    );
    const reason = body.amountFen > this.config.sales.clerkMaxBillFen ? 'bill_over_limit' : 'hourly_limit';
    const id = await this.tx.run(async (em) => {
      const { identifiers } = await em.insert(SaleApproval, {
        storeId: staff.storeId,
        checkoutId: checkout.id,
        amountFen: body.amountFen,
        clerkStaffId: staff.staffId,
        approverStaffId: approver.staffId,
        reason,
        createdAt: now,
        expiresAt,
        usedAt: null,
      });
      const approvalId = Number(identifiers[0]!.id);
      await this.audit.record(
        staffActor(staff, clerkName),
        {
          action: AuditAction.SaleApproved,
          targetType: 'checkout',
          targetId: checkout.id,
          after: {
            approvalId,
            checkoutId: checkout.id,
            amountFen: body.amountFen,
            reason,
            clerkStaffId: staff.staffId,
            clerkName,
            approverStaffId: approver.staffId,
            approverName: approver.name,
          },
        },
        em,
      );
      return approvalId;
    });
    return { approvalId: id, approverName: approver.name, expiresAt: expiresAt.toISOString() };
  }

  /** Spends the purchase's approval inside its transaction: one guarded update, so it is used once. */
  async use(em: EntityManager, staff: StaffPrincipal, req: PurchaseRequest, need: SaleApprovalNeed, now: Date) {
    if (!req.approvalId) throw new AppException(ErrorCode.SALE_APPROVAL_REQUIRED, approvalMessage(need));
    const used = await em
      .createQueryBuilder()
      .update(SaleApproval)
      .set({ usedAt: now })
      .where('id = :id AND checkout_id = :checkoutId AND amount_fen = :amountFen', {
        id: req.approvalId,
        checkoutId: req.checkoutId,
        amountFen: req.amountFen,
      })
      .andWhere('clerk_staff_id = :staffId AND store_id = :storeId', { staffId: staff.staffId, storeId: staff.storeId })
      .andWhere('used_at IS NULL AND expires_at > :now', { now })
      .execute();
    if (!used.affected) throw new AppException(ErrorCode.SALE_APPROVAL_INVALID);
  }
}

function approvalMessage(need: SaleApprovalNeed): string {
  return need.reason === 'bill_over_limit'
    ? `本单超过店员单笔上限 ${formatCny(need.maxBillFen)}，需要店长输入密码确认`
    : `店员每小时最多收款 ${need.purchasesPerHour} 笔，本单需要店长输入密码确认`;
}
