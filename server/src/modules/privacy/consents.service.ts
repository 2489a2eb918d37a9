import { Injectable, type OnModuleInit } from '@nestjs/common';
import {
  ActorType,
  AuditAction,
  ErrorCode,
  MARKETING_CONSENT_VERSION,
  PRIVACY_POLICY_VERSION,
  type AdminMemberPrivacy,
  type ConsentChangeRequest,
  type ConsentKind,
  type ConsentRecord,
  type ConsentState,
  type MemberDeletionState,
  type MemberProfile,
  type PrivacyOverview,
} from '@member/shared';
import type { EntityManager } from 'typeorm';
import { AppException } from '../../common/app-exception';
import { Clock } from '../../common/clock';
import { MemberLifecycle } from '../../common/member-lifecycle';
import { AppConfig } from '../../config/app-config';
import { TransactionRunner } from '../../database/transaction-runner';
import { AuditService, type AuditActor } from '../audit/audit.service';
import { MembersService } from '../members/members.service';
import type { DeletionRequest } from './entities/deletion-request.entity';
import type { MemberConsent } from './entities/member-consent.entity';
import { PrivacyRepository } from './privacy.repository';

const CURRENT: Record<ConsentKind, string> = { privacy: PRIVACY_POLICY_VERSION, marketing: MARKETING_CONSENT_VERSION };

export const memberActor = (memberId: number, memberNo: string): AuditActor => ({
  type: ActorType.Member,
  id: memberId,
  name: memberNo,
  role: null,
  storeId: null,
});

/** What the member sees of a deletion request; "pending" is a cooling-off that has run out. */
export function deletionState(row: DeletionRequest, now: Date): MemberDeletionState {
  const stored = row.status;
  const status = stored === 'cooling_off' ? (row.dueAt <= now ? 'pending' : 'cooling_off') : stored;
  return {
    id: row.id,
    status,
    requestedAt: row.requestedAt.toISOString(),
    dueAt: row.dueAt.toISOString(),
    decidedAt: row.decidedAt?.toISOString() ?? null,
    rejectReason: row.rejectReason,
  };
}

function consentState(kind: ConsentKind, row: MemberConsent | null): ConsentState {
  if (!row) return { granted: false, version: null, at: null, current: false };
  return {
    granted: row.granted,
    version: row.version,
    at: row.createdAt.toISOString(),
    current: row.granted && row.version === CURRENT[kind],
  };
}

const record = (r: MemberConsent): ConsentRecord => ({
  kind: r.kind,
  version: r.version,
  granted: r.granted,
  at: r.createdAt.toISOString(),
});

/**
 * Privacy policy and marketing consents: an append-only history whose latest row per kind is the state.
 * The member card (and the routes that collect personal data) work only with the current policy accepted
 * and no deletion under way — checked through MemberLifecycle, so the members module needs no import.
 */
@Injectable()
export class ConsentsService implements OnModuleInit {
  constructor(
    private readonly repo: PrivacyRepository,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly members: MembersService,
    private readonly audit: AuditService,
    private readonly lifecycle: MemberLifecycle,
  ) {}

  onModuleInit(): void {
    this.lifecycle.onUseCheck((memberId) => this.assertMayUse(memberId));
  }

  async assertMayUse(memberId: number): Promise<void> {
    const { open, privacy } = await this.repo.useState(memberId);
    if (open) throw new AppException(ErrorCode.MEMBER_DELETION_PENDING);
    // As consentState(...).current: the latest privacy record grants the current version.
    if (!(privacy?.granted && privacy.version === CURRENT.privacy))
      throw new AppException(ErrorCode.PRIVACY_CONSENT_REQUIRED);
  }

  async overview(memberId: number): Promise<PrivacyOverview> {
    const view = await this.adminView(memberId);
    return {
      currentPrivacyVersion: PRIVACY_POLICY_VERSION,
      currentMarketingVersion: MARKETING_CONSENT_VERSION,
      ...view,
      settings: {
        coolingOffDays: this.config.privacy.deletionCoolingOffDays,
        exportLinkMinutes: this.config.privacy.exportLinkMinutes,
      },
    };
  }

  async adminView(memberId: number): Promise<AdminMemberPrivacy> {
    await this.members.get(memberId); // 404 for an unknown member
    const [{ privacy, marketing, history }, deletion] = await Promise.all([
      this.repo.latestConsents(memberId),
      this.repo.latestRequest(memberId),
    ]);
    return {
      privacy: consentState('privacy', privacy),
      marketing: consentState('marketing', marketing),
      history: history.map(record),
      deletion: deletion ? deletionState(deletion, this.clock.now()) : null,
    };
  }

  async change(memberId: number, req: ConsentChangeRequest, source = 'member'): Promise<PrivacyOverview> {
    // A grant names the version the member read, so a policy updated meanwhile is refused, not assumed.
    if (req.granted && req.version !== CURRENT[req.kind]) throw new AppException(ErrorCode.PRIVACY_VERSION_UNKNOWN);
    const member = await this.members.get(memberId);
    await this.tx.run(async (em) => {
      const { privacy, marketing } = await this.repo.latestConsents(memberId, em);
      const latest = req.kind === 'privacy' ? privacy : marketing;
      // Repeating the state the member is already in adds no history row.
      if (latest && latest.granted === req.granted && (!req.granted || latest.version === req.version)) return;
      if (!latest && !req.granted) return;
      await this.write(
        em,
        memberId,
        member.memberNo,
        req.kind,
        req.granted ? req.version : (latest?.version ?? req.version),
        req.granted,
        source,
      );
    });
    return this.overview(memberId);
  }

  /** POST /me/privacy-consent (the launch prompt): accept the current policy, answer the profile. */
  async acceptPrivacy(memberId: number, version: string): Promise<MemberProfile> {
    await this.change(memberId, { kind: 'privacy', granted: true, version });
    return this.members.profile(memberId);
  }

  private async write(
    em: EntityManager,
    memberId: number,
    memberNo: string,
    kind: ConsentKind,
    version: string,
    granted: boolean,
    source: string,
  ): Promise<void> {
    const now = this.clock.now();
    await this.repo.insertConsent(em, { memberId, kind, version, granted, source, createdAt: now });
    // The member row keeps the accepted policy version for profile screens; the history is the record.
    if (kind === 'privacy') await this.members.setPrivacyAcceptance(em, memberId, granted ? version : null, now);
    await this.audit.record(
      memberActor(memberId, memberNo),
      {
        action: granted ? AuditAction.ConsentGranted : AuditAction.ConsentWithdrawn,
        targetType: 'member',
        targetId: memberId,
        after: { kind, version, granted },
      },
      em,
    );
  }
}
