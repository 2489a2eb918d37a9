import { createHmac, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditAction, ErrorCode, type DataExportLink } from '@member/shared';
import { Workbook } from 'exceljs';
import { AppException } from '../../common/app-exception';
import { Clock } from '../../common/clock';
import { AppConfig } from '../../config/app-config';
import { LedgerService } from '../../ledger/ledger.service';
import { AuditService } from '../audit/audit.service';
import { MembersService } from '../members/members.service';
import { PhoneCryptoService } from '../members/phone-crypto.service';
import { memberActor } from './consents.service';
import { MemberDataRepository } from './member-data.repository';
import { fillMemberWorkbook, type ExportPointsEntry } from './member-export.workbook';
import { PrivacyRepository } from './privacy.repository';

const LINK_PREFIX = '/api/v1/data-exports/';
const PAGE = 100;

export interface ExportFile {
  fileName: string;
  body: Buffer;
}

/**
 * "我的数据": an xlsx (WeChat's openDocument opens xlsx, not csv or json) built when the link is opened,
 * so nothing with personal data is stored. The link is signed for one member and expires after
 * privacy.exportLinkMinutes; it needs no login, which is what lets WeChat's downloadFile fetch it.
 */
@Injectable()
export class DataExportService {
  private readonly key: Buffer;

  constructor(
    private readonly members: MembersService,
    private readonly phones: PhoneCryptoService,
    private readonly ledger: LedgerService,
    private readonly data: MemberDataRepository,
    private readonly privacy: PrivacyRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {
    this.key = Buffer.from(config.security.hashKey, 'base64');
  }

  async createLink(memberId: number): Promise<DataExportLink> {
    const member = await this.members.get(memberId);
    const expiresAt = new Date(this.clock.nowMs() + this.config.privacy.exportLinkMinutes * 60_000);
    const payload = `${memberId}.${expiresAt.getTime()}`;
    await this.audit.record(memberActor(memberId, member.memberNo), {
      action: AuditAction.MemberDataExported,
      targetType: 'member',
      targetId: memberId,
      after: { expiresAt: expiresAt.toISOString() },
    });
    return {
      url: `${LINK_PREFIX}${payload}.${this.sign(payload)}`,
      fileName: this.fileName(),
      expiresAt: expiresAt.toISOString(),
    };
  }

  async download(token: string): Promise<ExportFile> {
    const memberId = this.verify(token);
    const member = await this.members.get(memberId);
    if (member.status !== 'active') throw new AppException(ErrorCode.DATA_EXPORT_LINK_INVALID);
    const [points, purchases, refunds, consents] = await Promise.all([
      this.pointsHistory(memberId),
      this.data.purchases(memberId),
      this.data.refunds(memberId),
      this.privacy.latestConsents(memberId),
    ]);
    const wb = new Workbook();
    fillMemberWorkbook(wb, {
      profile: {
        memberNo: member.memberNo,
        nickname: member.nickname,
        gender: member.gender,
        birthday: member.birthday,
        phone: member.phoneCipher ? this.phones.decrypt(member.phoneCipher) : null,
        openid: member.openid,
        hasUnionid: member.unionid !== null,
        joinedAt: member.createdAt,
      },
      pointsBalance: points.balance,
      points: points.entries,
      purchases,
      refunds,
      consents: consents.history.map((c) => ({
        kind: c.kind,
        version: c.version,
        granted: c.granted,
        at: c.createdAt.toISOString(),
      })),
      exportedAt: this.clock.now(),
    });
    const body = Buffer.from(await wb.xlsx.writeBuffer());
    await this.audit.record(memberActor(memberId, member.memberNo), {
      action: AuditAction.MemberDataDownloaded,
      targetType: 'member',
      targetId: memberId,
    });
    return { fileName: this.fileName(), body };
  }

  private async pointsHistory(memberId: number): Promise<{ balance: number; entries: ExportPointsEntry[] }> {
    const { accountId, balance } = await this.ledger.available(memberId, 'POINTS');
    const entries: ExportPointsEntry[] = [];
    if (accountId === null) return { balance, entries };
    for (let page = 1; ; page++) {
      const { items, total } = await this.ledger.entries(accountId, { page, pageSize: PAGE });
      for (const e of items) {
        entries.push({
          at: e.createdAt,
          type: e.entryType,
          amount: e.amount,
          balanceAfter: e.balanceAfter,
          reason: e.reason,
        });
      }
      if (items.length < PAGE || page * PAGE >= total) return { balance, entries };
    }
  }

  private fileName(): string {
    return `我的数据_${this.clock.today().replace(/-/g, '')}.xlsx`;
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.key).update(`data-export:${payload}`).digest('base64url').slice(0, 32);
  }

  /** The member the token names, if its signature holds and it has not expired; one answer for every failure. */
  private verify(token: string): number {
    const match = /^(\d{1,12})\.(\d{1,15})\.([A-Za-z0-9_-]{32})$/.exec(token);
    if (!match) throw new AppException(ErrorCode.DATA_EXPORT_LINK_INVALID);
    const [, id, exp, sig] = match;
    const expected = Buffer.from(this.sign(`${id}.${exp}`));
    if (!timingSafeEqual(expected, Buffer.from(sig)) || Number(exp) <= this.clock.nowMs()) {
      throw new AppException(ErrorCode.DATA_EXPORT_LINK_INVALID);
    }
    return Number(id);
  }
}
