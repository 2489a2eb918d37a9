import { Injectable } from '@nestjs/common';
import {
  AuditAction,
  ErrorCode,
  OperatorRole,
  type MemberSummary,
  type StaffMember,
  type UpdateStaffRequest,
} from '@member/shared';
import { DataSource } from 'typeorm';
import { AppException } from '../../common/app-exception';
import { Clock } from '../../common/clock';
import { TransactionRunner } from '../../database/transaction-runner';
import { AuditService, operatorActor, staffActor } from '../audit/audit.service';
import type { OperatorPrincipal, StaffPrincipal } from '../auth/token.service';
import { MemberCodesService } from '../members/member-codes.service';
import { Staff } from './entities/staff.entity';
import { assertStoreScope } from './staff-invites.service';
import { MemberDirectory } from '../members/member-directory';
import { StoreDirectory } from '../stores/store-directory';

/** Staff at the counter (member lookup) and operators managing staff. */
@Injectable()
export class StaffService {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly codes: MemberCodesService,
    private readonly audit: AuditService,
    private readonly members: MemberDirectory,
    private readonly stores: StoreDirectory,
  ) {}

  /** Shows who a scanned code belongs to; the code stays valid for the purchase that follows. */
  async lookup(staff: StaffPrincipal, code: string): Promise<MemberSummary> {
    const memberCode = await this.codes.resolve(code);
    const member = await this.members.card(memberCode.memberId);
    if (member.status !== 'active') throw new AppException(ErrorCode.MEMBER_DISABLED);
    await this.audit.record(staffActor(staff, await this.members.displayName(staff.memberId)), {
      action: AuditAction.MemberLookup,
      targetType: 'member',
      targetId: member.id,
      after: { memberNo: member.memberNo },
    });
    return {
      id: member.id,
      memberNo: member.memberNo,
      nickname: member.nickname,
      phoneMasked: member.phoneMasked,
      joinedAt: member.createdAt.toISOString(),
      codeExpiresAt: memberCode.expiresAt.toISOString(),
    };
  }

  async list(storeId: number | undefined, op: OperatorPrincipal): Promise<StaffMember[]> {
    const scoped = op.role === OperatorRole.StoreManager ? (op.storeId ?? -1) : storeId;
    const rows = await this.ds
      .getRepository(Staff)
      .find({ where: scoped ? { storeId: scoped } : {}, order: { id: 'DESC' } });
    return this.describe(rows);
  }

  async update(id: number, body: UpdateStaffRequest, op: OperatorPrincipal): Promise<StaffMember> {
    const staff = await this.ds.getRepository(Staff).findOneBy({ id });
    if (!staff) throw new AppException(ErrorCode.NOT_FOUND);
    assertStoreScope(op, staff.storeId);
    await this.tx.run(async (em) => {
      await em.update(Staff, { id }, { ...body, updatedAt: this.clock.now() });
      await this.audit.record(
        operatorActor(op),
        {
          action: AuditAction.StaffUpdated,
          targetType: 'staff',
          targetId: id,
          before: { role: staff.role, active: staff.active },
          after: body,
          storeId: staff.storeId,
        },
        em,
      );
    });
    const [updated] = await this.describe([{ ...staff, ...body }]);
    return updated;
  }

  private async describe(rows: Staff[]): Promise<StaffMember[]> {
    if (rows.length === 0) return [];
    const [members, stores] = await Promise.all([
      this.members.refs(rows.map((r) => r.memberId)),
      this.stores.names(rows.map((r) => r.storeId)),
    ]);
    return rows.map((r) => ({
      id: r.id,
      memberId: r.memberId,
      memberNo: members.get(r.memberId)?.memberNo ?? '',
      nickname: members.get(r.memberId)?.nickname ?? '',
      storeId: r.storeId,
      storeName: stores.get(r.storeId) ?? '',
      role: r.role,
      active: r.active,
      createdAt: r.createdAt.toISOString(),
    }));
  }
}
