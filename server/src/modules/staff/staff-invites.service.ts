import { randomInt } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  AuditAction,
  ErrorCode,
  OperatorRole,
  STAFF_ROLE_LABELS,
  StaffRole,
  type CreateStaffInviteRequest,
  type InvitePreview,
  type StaffInvite as StaffInviteDto,
  type StaffSessionResponse,
} from '@member/shared';
import { DataSource, IsNull, type EntityManager } from 'typeorm';
import { AppException } from '../../common/app-exception';
import { Clock } from '../../common/clock';
import { isUniqueViolation, TransactionRunner } from '../../database/transaction-runner';
import { AuditService, operatorActor, staffActor } from '../audit/audit.service';
import type { OperatorPrincipal } from '../auth/token.service';
import { StoresService } from '../stores/stores.service';
import { StaffInvite } from './entities/staff-invite.entity';
import { Staff } from './entities/staff.entity';
import { StaffSessionService } from './staff-session.service';
import { hashPin } from './staff-pin.service';
import { MemberDirectory } from '../members/member-directory';
import { StoreDirectory } from '../stores/store-directory';

// No 0/O/1/I/L: invite codes are read aloud and typed on a phone.
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** Operators issue single-use invites; a member redeeming one becomes staff of that store. */
@Injectable()
export class StaffInvitesService {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly stores: StoresService,
    private readonly sessions: StaffSessionService,
    private readonly audit: AuditService,
    private readonly members: MemberDirectory,
    private readonly storeDirectory: StoreDirectory,
  ) {}

  async create(body: CreateStaffInviteRequest, op: OperatorPrincipal): Promise<StaffInviteDto> {
    assertStoreScope(op, body.storeId);
    const store = await this.stores.get(body.storeId);
    const now = this.clock.now();
    const hours = body.expiresInHours ?? 72;
    for (let attempt = 0; ; attempt++) {
      try {
        const invite = await this.tx.run(async (em) => {
          const row = em.create(StaffInvite, {
            code: Array.from({ length: 8 }, () => ALPHABET[randomInt(ALPHABET.length)]).join(''),
            storeId: store.id,
            role: body.role,
            expiresAt: new Date(now.getTime() + hours * 3600_000),
            redeemedAt: null,
            redeemedByMemberId: null,
            createdByOperatorId: op.operatorId,
            createdAt: now,
          });
          await em.insert(StaffInvite, row);
          await this.audit.record(
            operatorActor(op),
            {
              action: AuditAction.StaffInviteCreated,
              targetType: 'staff_invite',
              targetId: row.id,
              after: { storeId: store.id, role: body.role, expiresAt: row.expiresAt },
              storeId: store.id,
            },
            em,
          );
          return row;
        });
        return this.toDto(invite, store.name, null);
      } catch (error) {
        if (!isUniqueViolation(error) || attempt >= 3) throw error;
      }
    }
  }

  async list(storeId: number | undefined, op: OperatorPrincipal): Promise<StaffInviteDto[]> {
    const scoped = op.role === OperatorRole.StoreManager ? (op.storeId ?? -1) : storeId;
    const invites = await this.ds
      .getRepository(StaffInvite)
      .find({ where: scoped ? { storeId: scoped } : {}, order: { id: 'DESC' }, take: 200 });
    const stores = await this.storeDirectory.names(invites.map((i) => i.storeId));
    const memberIds = invites.map((i) => i.redeemedByMemberId).filter((id): id is number => id !== null);
    const members = await this.members.refs(memberIds);
    return invites.map((i) =>
      this.toDto(
        i,
        stores.get(i.storeId) ?? '',
        i.redeemedByMemberId ? (members.get(i.redeemedByMemberId)?.memberNo ?? null) : null,
      ),
    );
  }

  /** What redeeming would grant, so the member confirms knowing the role and store; same refusals as redeem. */
  async preview(inviteCode: string): Promise<InvitePreview> {
    const invite = await this.ds.getRepository(StaffInvite).findOneBy({ code: inviteCode.trim().toUpperCase() });
    this.assertRedeemable(invite);
    const store = await this.stores.get(invite.storeId);
    return {
      storeName: store.name,
      role: invite.role,
      roleLabel: STAFF_ROLE_LABELS[invite.role],
      expiresAt: invite.expiresAt.toISOString(),
    };
  }

  private assertRedeemable(invite: StaffInvite | null): asserts invite is StaffInvite {
    if (!invite) throw new AppException(ErrorCode.INVITE_UNKNOWN);
    if (invite.redeemedAt) throw new AppException(ErrorCode.INVITE_USED);
    if (invite.expiresAt.getTime() <= this.clock.nowMs()) throw new AppException(ErrorCode.INVITE_EXPIRED);
  }

  /**
   * Binds the calling member as staff. The invite is claimed with a guarded update so it is used once. A
   * manager may set their approval PIN with it (hashed before the transaction: scrypt is slow on purpose).
   */
  async redeem(memberId: number, inviteCode: string, pin?: string): Promise<StaffSessionResponse> {
    const code = inviteCode.trim().toUpperCase();
    const pinHash = pin ? await hashPin(pin) : null;
    const staff = await this.tx.run(async (em: EntityManager) => {
      const invite = await em.findOneBy(StaffInvite, { code });
      this.assertRedeemable(invite);
      // Only managers approve, so only their PIN is kept.
      const pinFields =
        invite.role === StaffRole.Manager && pinHash ? { pinHash, pinFailures: 0, pinLockedUntil: null } : {};
      const existing = await em.findOneBy(Staff, { memberId });
      if (existing?.active) throw new AppException(ErrorCode.STAFF_ALREADY_BOUND);
      const now = this.clock.now();
      const claimed = await em.update(
        StaffInvite,
        { id: invite.id, redeemedAt: IsNull() },
        { redeemedAt: now, redeemedByMemberId: memberId },
      );
      if (!claimed.affected) throw new AppException(ErrorCode.INVITE_USED);
      let row: Staff;
      if (existing) {
        await em.update(
          Staff,
          { id: existing.id },
          { storeId: invite.storeId, role: invite.role, active: true, updatedAt: now, ...pinFields },
        );
        row = { ...existing, storeId: invite.storeId, role: invite.role, active: true, ...pinFields };
      } else {
        row = em.create(Staff, {
          memberId,
          storeId: invite.storeId,
          role: invite.role,
          active: true,
          pinHash: null,
          pinFailures: 0,
          pinLockedUntil: null,
          ...pinFields,
          createdAt: now,
          updatedAt: now,
        });
        await em.insert(Staff, row);
      }
      const member = await this.members.card(memberId, em);
      await this.audit.record(
        staffActor(
          { kind: 'staff', staffId: row.id, memberId, storeId: row.storeId, role: row.role },
          member.nickname || member.memberNo,
        ),
        {
          action: AuditAction.StaffInviteRedeemed,
          targetType: 'staff_invite',
          targetId: invite.id,
          after: { staffId: row.id, memberNo: member.memberNo },
        },
        em,
      );
      return row;
    });
    return this.sessions.issue(staff);
  }

  private toDto(i: StaffInvite, storeName: string, redeemedByMemberNo: string | null): StaffInviteDto {
    const status = i.redeemedAt ? 'redeemed' : i.expiresAt.getTime() <= this.clock.nowMs() ? 'expired' : 'pending';
    return {
      id: i.id,
      inviteCode: i.code,
      storeId: i.storeId,
      storeName,
      role: i.role,
      expiresAt: i.expiresAt.toISOString(),
      redeemedAt: i.redeemedAt?.toISOString() ?? null,
      redeemedByMemberNo,
      createdAt: i.createdAt.toISOString(),
      status,
    };
  }
}

/** Store managers act only on their own store. */
export function assertStoreScope(op: OperatorPrincipal, storeId: number): void {
  if (op.role === OperatorRole.Analyst) throw new AppException(ErrorCode.FORBIDDEN);
  if (op.role === OperatorRole.StoreManager && op.storeId !== storeId) throw new AppException(ErrorCode.FORBIDDEN);
}
