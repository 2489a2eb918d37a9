import { Injectable } from '@nestjs/common';
import {
  AuditAction,
  ErrorCode,
  OperatorRole,
  type AdminMemberDetail,
  type AdminMemberListItem,
  type AdminUpdateMemberRequest,
  type MemberListQuery,
  type Page,
} from '@member/shared';
import { DataSource } from 'typeorm';
import { AppException } from '../../common/app-exception';
import { Clock } from '../../common/clock';
import { TransactionRunner } from '../../database/transaction-runner';
import { AuditService, operatorActor } from '../audit/audit.service';
import type { OperatorPrincipal } from '../auth/token.service';
import { Member } from './entities/member.entity';
import { PhoneCryptoService } from './phone-crypto.service';
import { StaffDirectory } from '../staff/staff-directory';
import { StoreDirectory } from '../stores/store-directory';
import { MemberScope } from './member-scope';

/** Operators' view of members: search, detail, audited corrections. */
@Injectable()
export class AdminMembersService {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly phones: PhoneCryptoService,
    private readonly audit: AuditService,
    private readonly staffDirectory: StaffDirectory,
    private readonly storeDirectory: StoreDirectory,
    private readonly scope: MemberScope,
  ) {}

  async list(query: MemberListQuery, op?: OperatorPrincipal): Promise<Page<AdminMemberListItem>> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const qb = this.ds.getRepository(Member).createQueryBuilder('m');
    const q = query.q?.trim();
    if (q) {
      // Exact member no. or phone (through the keyed hash); otherwise a nickname substring.
      if (/^\+?\d{7,15}$/.test(q)) {
        qb.where('(m.memberNo = :q OR m.phoneHash = :hash)', { q, hash: this.phones.hash(q) });
      } else {
        qb.where('m.nickname LIKE :like', { like: `%${q.replace(/[%_\\]/g, '\\$&')}%` });
      }
    }
    // A store manager lists the members their store served only (MemberScope).
    if (op) this.scope.restrict(qb, op, 'm.id');
    if (this.scope.aggregateOnly(op)) return { page, pageSize, total: await qb.getCount(), items: [] };
    const [rows, total] = await qb
      .orderBy('m.id', 'DESC')
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    const staffIds = await this.staffDirectory.activeMemberIds(rows.map((r) => r.id));
    return { page, pageSize, total, items: rows.map((m) => this.toItem(m, staffIds.has(m.id))) };
  }

  async detail(id: number): Promise<AdminMemberDetail> {
    const member = await this.ds.getRepository(Member).findOneBy({ id });
    if (!member) throw new AppException(ErrorCode.MEMBER_NOT_FOUND);
    const staff = await this.staffDirectory.bindingOf(id);
    const store = staff ? await this.storeDirectory.card(staff.storeId) : null;
    return {
      ...this.toItem(member, !!staff?.active),
      openidMasked: `${member.openid.slice(0, 4)}****${member.openid.slice(-4)}`,
      hasUnionid: member.unionid !== null,
      privacyVersion: member.privacyVersion,
      privacyAcceptedAt: member.privacyAcceptedAt?.toISOString() ?? null,
      birthdayLocked: member.birthdayLocked,
      staff: staff
        ? {
            staffId: staff.staffId,
            storeId: staff.storeId,
            storeName: store?.name ?? '',
            role: staff.role,
            active: staff.active,
          }
        : null,
    };
  }

  async update(id: number, body: AdminUpdateMemberRequest, op: OperatorPrincipal): Promise<AdminMemberDetail> {
    if (op.role !== OperatorRole.Admin && op.role !== OperatorRole.Operator)
      throw new AppException(ErrorCode.FORBIDDEN);
    await this.tx.run(async (em) => {
      const member = await em.findOneBy(Member, { id });
      if (!member) throw new AppException(ErrorCode.MEMBER_NOT_FOUND);
      const before: Record<string, unknown> = {};
      const after: Record<string, unknown> = {};
      const changes: Partial<Member> = {};
      if (body.birthday !== undefined && body.birthday !== member.birthday) {
        before.birthday = member.birthday;
        after.birthday = changes.birthday = body.birthday;
        changes.birthdayLocked = true;
      }
      if (body.nickname !== undefined && body.nickname !== member.nickname) {
        before.nickname = member.nickname;
        after.nickname = changes.nickname = body.nickname;
      }
      if (Object.keys(after).length === 0) return;
      await em.update(Member, { id }, { ...changes, updatedAt: this.clock.now() });
      await this.audit.record(
        operatorActor(op),
        {
          action: AuditAction.MemberUpdatedByOperator,
          targetType: 'member',
          targetId: id,
          before,
          after,
          reason: body.reason,
        },
        em,
      );
    });
    return this.detail(id);
  }

  private toItem(m: Member, isStaff: boolean): AdminMemberListItem {
    return {
      id: m.id,
      memberNo: m.memberNo,
      nickname: m.nickname,
      phoneMasked: m.phoneMasked,
      gender: m.gender,
      birthday: m.birthday,
      joinedAt: m.createdAt.toISOString(),
      isStaff,
    };
  }
}
