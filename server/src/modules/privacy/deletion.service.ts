import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  ActorType,
  AuditAction,
  DELETION_STATUS_LABELS,
  ErrorCode,
  type AdminDeletionRequest,
  type DeletionRequestQuery,
  type Page,
  type PrivacyOverview,
} from '@member/shared';
import { AppException } from '../../common/app-exception';
import { Clock } from '../../common/clock';
import { csvDocument, csvTime } from '../../common/csv';
import { AppConfig } from '../../config/app-config';
import { TransactionRunner } from '../../database/transaction-runner';
import { LedgerService } from '../../ledger/ledger.service';
import { WechatApiClient } from '../../wechat/wechat-api.client';
import { AuditService, operatorActor, type AuditActor } from '../audit/audit.service';
import type { OperatorPrincipal } from '../auth/token.service';
import { MembersService } from '../members/members.service';
import { ConsentsService, deletionState, memberActor } from './consents.service';
import type { DeletionRequest } from './entities/deletion-request.entity';
import { MemberDataRepository } from './member-data.repository';
import { PrivacyRepository, type DeletionListRow } from './privacy.repository';

const SYSTEM: AuditActor = { type: ActorType.System, id: null, name: 'member-erasure', role: null, storeId: null };
const CSV_MAX_ROWS = 5000;

/** Letters and digits that cannot be misread; the anonymous id is what kept records answer to. */
const ANON_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export function newAnonymousId(): string {
  return 'ANON' + [...randomBytes(12)].map((b) => ANON_ALPHABET[b % ANON_ALPHABET.length]).join('');
}

/**
 * Account deletion (注销): requested with a fresh WeChat login, a cooling-off period the member may cancel
 * in, then erasure of personal data by the daily job or an operator. Ledger, purchases and refunds are kept
 * untouched (balanced), tied to the anonymised member row.
 */
@Injectable()
export class DeletionService {
  constructor(
    private readonly repo: PrivacyRepository,
    private readonly data: MemberDataRepository,
    private readonly consents: ConsentsService,
    private readonly members: MembersService,
    private readonly wechat: WechatApiClient,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly ledger: LedgerService,
  ) {}

  /**
   * Stored value is the member's money: an account holding any cannot be erased until an operator has
   * refunded the principal (储值 → 会员储值 → 退款), or the balance would sit on an anonymous row for ever.
   */
  private async assertNoStoredValue(memberId: number): Promise<void> {
    if ((await this.ledger.available(memberId, 'WALLET')).balance > 0) {
      throw new AppException(ErrorCode.DELETION_WALLET_BALANCE);
    }
  }

  /** `code` is a wx.login code taken for this request: it must name the same WeChat user as the account. */
  async request(memberId: number, code: string): Promise<PrivacyOverview> {
    const member = await this.members.get(memberId);
    const session = await this.wechat.code2Session(code);
    if (session.openid !== member.openid) throw new AppException(ErrorCode.DELETION_REAUTH_MISMATCH);
    await this.assertNoStoredValue(memberId);
    const now = this.clock.now();
    const dueAt = new Date(now.getTime() + this.config.privacy.deletionCoolingOffDays * 86_400_000);
    await this.tx.run(async (em) => {
      const id = await this.repo.insertRequest(em, memberId, now, dueAt);
      await this.audit.record(
        memberActor(memberId, member.memberNo),
        {
          action: AuditAction.DeletionRequested,
          targetType: 'member',
          targetId: memberId,
          after: { requestId: id, dueAt: dueAt.toISOString() },
        },
        em,
      );
    });
    return this.consents.overview(memberId);
  }

  async cancel(memberId: number): Promise<PrivacyOverview> {
    const member = await this.members.get(memberId);
    const open = await this.repo.openRequest(memberId);
    if (!open) throw new AppException(ErrorCode.DELETION_REQUEST_NOT_FOUND);
    await this.tx.run(async (em) => {
      // Guarded on cooling_off: an erasure that got there first wins, and the member is told so.
      if (!(await this.repo.close(em, open.id, 'cancelled', { decidedAt: this.clock.now() }))) {
        throw new AppException(ErrorCode.DELETION_ALREADY_DECIDED);
      }
      await this.audit.record(
        memberActor(memberId, member.memberNo),
        {
          action: AuditAction.DeletionCancelled,
          targetType: 'member',
          targetId: memberId,
          after: { requestId: open.id },
        },
        em,
      );
    });
    return this.consents.overview(memberId);
  }

  async list(query: DeletionRequestQuery): Promise<Page<AdminDeletionRequest>> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const now = this.clock.now();
    const [rows, total] = await this.repo.page({ ...query, now }, (page - 1) * pageSize, pageSize);
    return { page, pageSize, total, items: rows.map((r) => this.toAdmin(r, now)) };
  }

  /** Operator's "process now": erase at once, but never before the cooling-off is over. */
  async process(id: number, op: OperatorPrincipal): Promise<AdminDeletionRequest> {
    const row = await this.repo.requestById(id);
    if (row.status !== 'cooling_off') throw new AppException(ErrorCode.DELETION_ALREADY_DECIDED);
    if (row.dueAt > this.clock.now()) throw new AppException(ErrorCode.DELETION_NOT_DUE);
    await this.assertNoStoredValue(row.memberId);
    await this.erase(row, operatorActor(op), op.operatorId);
    return this.one(id);
  }

  async reject(id: number, reason: string, op: OperatorPrincipal): Promise<AdminDeletionRequest> {
    const row = await this.repo.requestById(id);
    await this.tx.run(async (em) => {
      const closed = await this.repo.close(em, id, 'rejected', {
        decidedAt: this.clock.now(),
        decidedBy: op.operatorId,
        rejectReason: reason.trim(),
      });
      if (!closed) throw new AppException(ErrorCode.DELETION_ALREADY_DECIDED);
      await this.audit.record(
        operatorActor(op),
        {
          action: AuditAction.DeletionRejected,
          targetType: 'member',
          targetId: row.memberId,
          after: { requestId: id },
          reason: reason.trim(),
        },
        em,
      );
    });
    return this.one(id);
  }

  /** The daily job: every request whose cooling-off is over, each in its own transaction. */
  async eraseDue(limit = 200): Promise<{ erased: number }> {
    let erased = 0;
    for (const row of await this.repo.dueRequests(this.clock.now(), limit)) {
      // Stored value left (a refund still settling): the request waits for the next run.
      if ((await this.ledger.available(row.memberId, 'WALLET')).balance > 0) continue;
      if (await this.erase(row, SYSTEM, null)) erased++;
    }
    return { erased };
  }

  /** CSV of exactly what the filter shows (UTF-8 with BOM for Excel), audited. */
  async csv(query: DeletionRequestQuery, op: OperatorPrincipal): Promise<string> {
    const now = this.clock.now();
    const [rows] = await this.repo.page({ ...query, now }, 0, CSV_MAX_ROWS);
    const header = ['申请编号', '会员号/匿名编号', '状态', '申请时间', '冷静期结束', '处理时间', '处理人', '驳回原因'];
    const lines = rows.map((r) => {
      const a = this.toAdmin(r, now);
      return [
        a.id,
        a.memberNo,
        DELETION_STATUS_LABELS[a.status],
        csvTime(a.requestedAt),
        csvTime(a.dueAt),
        csvTime(a.decidedAt),
        a.decidedBy ?? '',
        a.rejectReason ?? '',
      ];
    });
    await this.audit.record(operatorActor(op), {
      action: AuditAction.DeletionRequestsExported,
      targetType: 'deletion_request',
      after: { status: query.status ?? null, q: query.q ?? null, rows: rows.length },
    });
    return csvDocument(header, lines);
  }

  private async erase(row: DeletionRequest, actor: AuditActor, operatorId: number | null): Promise<boolean> {
    const anonymousId = newAnonymousId();
    const now = this.clock.now();
    return this.tx.run(async (em) => {
      // The guarded close claims the request: a racing job on another node, or an operator, finds it closed.
      const claimed = await this.repo.close(
        em,
        row.id,
        'erased',
        { decidedAt: now, decidedBy: operatorId, anonymousId },
        now,
      );
      if (!claimed) {
        if (operatorId !== null) throw new AppException(ErrorCode.DELETION_ALREADY_DECIDED);
        return false;
      }
      await this.data.erase(em, row.memberId, anonymousId, now);
      await this.audit.record(
        actor,
        {
          action: AuditAction.MemberErased,
          targetType: 'member',
          targetId: row.memberId,
          after: { requestId: row.id, anonymousId },
        },
        em,
      );
      return true;
    });
  }

  private async one(id: number): Promise<AdminDeletionRequest> {
    const now = this.clock.now();
    const [[row]] = await this.repo.page({ now, id }, 0, 1);
    if (!row) throw new AppException(ErrorCode.DELETION_REQUEST_NOT_FOUND);
    return this.toAdmin(row, now);
  }

  private toAdmin(r: DeletionListRow, now: Date): AdminDeletionRequest {
    const erased = r.request.status === 'erased';
    return {
      ...deletionState(r.request, now),
      memberId: r.request.memberId,
      memberNo: r.memberNo,
      nickname: erased ? null : r.nickname,
      anonymousId: r.request.anonymousId,
      decidedBy: r.decidedByName ?? (erased && r.request.decidedBy === null ? '系统（到期自动）' : null),
    };
  }
}
