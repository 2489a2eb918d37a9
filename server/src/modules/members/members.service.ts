import { randomInt } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  AuditAction,
  ActorType,
  ErrorCode,
  PRIVACY_POLICY_VERSION,
  type MemberCard,
  type MemberProfile,
  type StaffBinding,
  type UpdateProfileRequest,
  type WechatLoginResponse,
} from '@member/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { AppException } from '../../common/app-exception';
import { Clock } from '../../common/clock';
import { MemberLifecycle } from '../../common/member-lifecycle';
import { isUniqueViolation, TransactionRunner } from '../../database/transaction-runner';
import { WechatApiClient } from '../../wechat/wechat-api.client';
import { AuditService } from '../audit/audit.service';
import { TokenService } from '../auth/token.service';
import { Member } from './entities/member.entity';
import { MemberCodesService } from './member-codes.service';
import { maskPhone, normalizePhone, PhoneCryptoService } from './phone-crypto.service';
import { StaffDirectory } from '../staff/staff-directory';
import { StoreDirectory } from '../stores/store-directory';

/** The member's own account: WeChat login, profile, phone, privacy consent, member card. */
@Injectable()
export class MembersService {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly wechat: WechatApiClient,
    private readonly tokens: TokenService,
    private readonly phones: PhoneCryptoService,
    private readonly codes: MemberCodesService,
    private readonly audit: AuditService,
    private readonly lifecycle: MemberLifecycle,
    private readonly staffDirectory: StaffDirectory,
    private readonly storeDirectory: StoreDirectory,
  ) {}

  async loginWithWechat(code: string): Promise<WechatLoginResponse> {
    const session = await this.wechat.code2Session(code);
    const { member, created } = await this.findOrCreate(session.openid, session.unionid ?? null);
    if (member.status !== 'active') throw new AppException(ErrorCode.MEMBER_DISABLED);
    return { token: this.tokens.signMember(member.id), member: await this.toProfile(member), created };
  }

  async profile(memberId: number): Promise<MemberProfile> {
    return this.toProfile(await this.get(memberId));
  }

  async bindPhone(memberId: number, code: string): Promise<MemberProfile> {
    await this.lifecycle.assertMayUse(memberId);
    const info = await this.wechat.getPhoneNumber(code);
    const phone = normalizePhone(info.purePhoneNumber, info.countryCode);
    const hash = this.phones.hash(phone);
    const member = await this.get(memberId);
    if (member.phoneHash === hash) return this.toProfile(member);
    const owner = await this.ds.getRepository(Member).findOneBy({ phoneHash: hash });
    if (owner && owner.id !== memberId) throw new AppException(ErrorCode.PHONE_ALREADY_BOUND);
    try {
      await this.tx.run(async (em) => {
        await em.update(
          Member,
          { id: memberId },
          {
            phoneCipher: this.phones.encrypt(phone),
            phoneHash: hash,
            phoneMasked: maskPhone(phone),
            updatedAt: this.clock.now(),
          },
        );
        await this.audit.record(
          { type: ActorType.Member, id: memberId, name: member.memberNo, role: null, storeId: null },
          {
            action: AuditAction.MemberPhoneBound,
            targetType: 'member',
            targetId: memberId,
            before: { phone: member.phoneMasked },
            after: { phone: maskPhone(phone) },
          },
          em,
        );
      });
    } catch (error) {
      // Two members racing for one number: the unique index decides.
      if (isUniqueViolation(error)) throw new AppException(ErrorCode.PHONE_ALREADY_BOUND);
      throw error;
    }
    return this.profile(memberId);
  }

  async updateProfile(memberId: number, patch: UpdateProfileRequest): Promise<MemberProfile> {
    await this.lifecycle.assertMayUse(memberId);
    const member = await this.get(memberId);
    const changes: Partial<Member> = {};
    if (patch.nickname !== undefined) changes.nickname = patch.nickname.trim();
    if (patch.gender !== undefined) changes.gender = patch.gender;
    if (patch.birthday !== undefined && patch.birthday !== member.birthday) {
      if (member.birthdayLocked) throw new AppException(ErrorCode.BIRTHDAY_ALREADY_SET);
      if (patch.birthday > this.clock.today()) {
        throw new AppException(ErrorCode.VALIDATION_FAILED, '生日不能晚于今天', [
          { field: 'birthday', message: '生日不能晚于今天' },
        ]);
      }
      changes.birthday = patch.birthday;
      changes.birthdayLocked = true;
    }
    if (Object.keys(changes).length > 0) {
      // Guarded on birthday_locked so two racing first-time birthday edits can't both land.
      const where = changes.birthday !== undefined ? { id: memberId, birthdayLocked: false } : { id: memberId };
      const result = await this.ds.getRepository(Member).update(where, { ...changes, updatedAt: this.clock.now() });
      if (!result.affected) throw new AppException(ErrorCode.BIRTHDAY_ALREADY_SET);
    }
    return this.profile(memberId);
  }

  /** The accepted policy version shown on profiles; the privacy module keeps the consent history. */
  async setPrivacyAcceptance(em: EntityManager, memberId: number, version: string | null, at: Date): Promise<void> {
    await em.update(
      Member,
      { id: memberId },
      { privacyVersion: version, privacyAcceptedAt: version ? at : null, updatedAt: at },
    );
  }

  async card(memberId: number): Promise<MemberCard> {
    // No code without the current privacy policy accepted, nor while a deletion is under way.
    await this.lifecycle.assertMayUse(memberId);
    const member = await this.get(memberId);
    const code = await this.codes.issue(memberId);
    return {
      memberNo: member.memberNo,
      nickname: member.nickname,
      code: code.code,
      expiresAt: code.expiresAt.toISOString(),
      issuedAt: code.createdAt.toISOString(),
      ttlSeconds: Math.round((code.expiresAt.getTime() - code.createdAt.getTime()) / 1000),
    };
  }

  async get(memberId: number): Promise<Member> {
    const member = await this.ds.getRepository(Member).findOneBy({ id: memberId });
    if (!member) throw new AppException(ErrorCode.MEMBER_NOT_FOUND);
    return member;
  }

  async toProfile(member: Member): Promise<MemberProfile> {
    return {
      id: member.id,
      memberNo: member.memberNo,
      nickname: member.nickname,
      gender: member.gender,
      birthday: member.birthday,
      birthdayLocked: member.birthdayLocked,
      phoneMasked: member.phoneMasked,
      privacyVersion: member.privacyVersion,
      privacyAcceptedAt: member.privacyAcceptedAt?.toISOString() ?? null,
      currentPrivacyVersion: PRIVACY_POLICY_VERSION,
      joinedAt: member.createdAt.toISOString(),
      staff: await this.staffBinding(member.id),
    };
  }

  private async staffBinding(memberId: number): Promise<StaffBinding | null> {
    const staff = await this.staffDirectory.activeBindingOf(memberId);
    if (!staff) return null;
    const store = await this.storeDirectory.card(staff.storeId);
    return { staffId: staff.staffId, storeId: staff.storeId, storeName: store?.name ?? '', role: staff.role };
  }

  /**
   * One member per openid (and per unionid). Concurrent first logins race on the unique indexes:
   * the loser re-reads the winner's row instead of creating a second member.
   */
  private async findOrCreate(openid: string, unionid: string | null): Promise<{ member: Member; created: boolean }> {
    const repo = this.ds.getRepository(Member);
    for (let attempt = 0; attempt < 5; attempt++) {
      const existing = (await repo.findOneBy({ openid })) ?? (unionid ? await repo.findOneBy({ unionid }) : null);
      if (existing) return { member: existing, created: false };
      const now = this.clock.now();
      try {
        const member = repo.create({
          memberNo: this.newMemberNo(),
          openid,
          unionid,
          nickname: `会员${openid.slice(-4)}`,
          createdAt: now,
          updatedAt: now,
        });
        // The member and the work its creation causes (outbox rows) commit together.
        await this.tx.run(async (em) => {
          const { identifiers } = await em.insert(Member, member);
          await this.lifecycle.created(em, Number(identifiers[0].id));
        });
        return { member: await repo.findOneByOrFail({ openid }), created: true };
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
      }
    }
    throw new AppException(ErrorCode.INTERNAL_ERROR);
  }

  private newMemberNo(): string {
    // 10 digits starting with 8: readable at the counter, random so numbers don't leak member counts.
    return '8' + String(randomInt(0, 1e9)).padStart(9, '0');
  }
}
