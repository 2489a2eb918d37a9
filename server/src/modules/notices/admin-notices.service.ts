import { Injectable } from '@nestjs/common';
import {
  AuditAction,
  ErrorCode,
  NOTICE_KIND_CATEGORY,
  NOTICE_KIND_LABELS,
  NOTICE_REASON_LABELS,
  NOTICE_STATUS_LABELS,
  type NoticeAdmin,
  type NoticeAdminQuery,
  type NoticeDashboard,
  type NoticeKind,
  type NoticeKindAdmin,
  type NoticeKindInput,
  type NoticeReason,
  type NoticeStatus,
  type Page,
} from '@member/shared';
import { DataSource, type SelectQueryBuilder } from 'typeorm';
import { AppException } from '../../common/app-exception';
import { Clock } from '../../common/clock';
import { csvCell, csvTime } from '../../common/csv';
import { TransactionRunner } from '../../database/transaction-runner';
import { AuditService, operatorActor } from '../audit/audit.service';
import type { OperatorPrincipal } from '../auth/token.service';
import { MemberDirectory } from '../members/member-directory';
import { MemberScope } from '../members/member-scope';
import { NoticeRow } from './entities/notice.entity';
import { NOTICE_KIND_SPECS } from './notice-kinds';
import { sampleFacts } from './notice-samples';
import { NoticeSender } from './notice-sender.service';
import { NOTICE_KINDS, NoticesService } from './notices.service';
import { NoticesRepository } from './notices.repository';

const DAY_MS = 86_400_000;
const CSV_CHUNK = 1000;

/** 关怀提醒 in the console: kinds (template, pause), the delivery log with CSV, the dashboard, test-sends. */
@Injectable()
export class AdminNoticesService {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: TransactionRunner,
    private readonly repo: NoticesRepository,
    private readonly notices: NoticesService,
    private readonly sender: NoticeSender,
    private readonly members: MemberDirectory,
    private readonly scope: MemberScope,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async kinds(): Promise<NoticeKindAdmin[]> {
    const settings = await this.notices.settings();
    const since = new Date(this.clock.nowMs() - 7 * DAY_MS);
    const counts = await this.countsByKind(since, this.clock.now());
    return NOTICE_KINDS.map((kind) => this.kindView(kind, settings.get(kind)!, counts.get(kind)));
  }

  async updateKind(kind: NoticeKind, input: NoticeKindInput, op: OperatorPrincipal): Promise<NoticeKindAdmin> {
    const before = (await this.notices.settings()).get(kind)!;
    await this.tx.run(async (em) => {
      const now = this.clock.now();
      await this.repo.ensureKindConfig(em, kind, before.templateId, now);
      const patch: { templateId?: string | null; paused?: boolean; pausedReason?: string | null } = {};
      if (input.templateId !== undefined) patch.templateId = input.templateId;
      if (input.paused !== undefined) {
        patch.paused = input.paused;
        // Resuming (or an operator's own pause) clears the engine's reason.
        patch.pausedReason = null;
      }
      if (!(await this.repo.updateKindConfig(em, kind, input.version, patch, now))) {
        throw new AppException(ErrorCode.NOTICE_KIND_VERSION_CONFLICT);
      }
      await this.audit.record(
        operatorActor(op),
        {
          action: AuditAction.NoticeKindUpdated,
          targetType: 'notice_kind',
          targetId: kind,
          before: { templateId: before.templateId, paused: before.paused },
          after: patch,
        },
        em,
      );
    });
    return (await this.kinds()).find((k) => k.kind === kind)!;
  }

  async list(q: NoticeAdminQuery, op: OperatorPrincipal): Promise<Page<NoticeAdmin>> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const qb = await this.filtered(q, op);
    if (this.scope.aggregateOnly(op)) return { items: [], total: await qb.getCount(), page, pageSize };
    const [rows, total] = await qb
      .orderBy('n.id', 'DESC')
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    return { items: await this.views(rows), total, page, pageSize };
  }

  /** The filtered log as CSV, written in chunks (newest first, keyset on id) so memory stays flat. */
  async csv(q: NoticeAdminQuery, op: OperatorPrincipal, write: (chunk: string) => void): Promise<number> {
    const header = [
      '编号',
      '提醒类型',
      '会员号',
      '会员',
      '状态',
      '原因',
      '微信错误码',
      '内容',
      '计划发送',
      '截止',
      '发送时间',
      '创建时间',
    ];
    write('\uFEFF' + header.map(csvCell).join(',') + '\r\n');
    let beforeId = Number.MAX_SAFE_INTEGER;
    let count = 0;
    for (;;) {
      const rows = await (
        await this.filtered(q, op)
      )
        .andWhere('n.id < :beforeId', { beforeId })
        .orderBy('n.id', 'DESC')
        .take(CSV_CHUNK)
        .getMany();
      if (!rows.length) break;
      for (const v of await this.views(rows)) {
        const cells = [
          v.id,
          NOTICE_KIND_LABELS[v.kind],
          v.memberNo,
          v.memberLabel,
          NOTICE_STATUS_LABELS[v.status],
          v.reason ? NOTICE_REASON_LABELS[v.reason] : '',
          v.errcode ?? '',
          Object.values(v.data).join(' / '),
          csvTime(v.dueAt),
          csvTime(v.sendBy),
          csvTime(v.sentAt),
          csvTime(v.createdAt),
        ];
        write(cells.map(csvCell).join(',') + '\r\n');
      }
      count += rows.length;
      beforeId = rows[rows.length - 1].id;
      if (rows.length < CSV_CHUNK) break;
    }
    await this.audit.record(operatorActor(op), {
      action: AuditAction.NoticesExported,
      targetType: 'notice',
      after: { filters: { ...q, page: undefined, pageSize: undefined }, rows: count },
    });
    return count;
  }

  async dashboard(fromIso: string | undefined, toIso: string | undefined): Promise<NoticeDashboard> {
    const to = toIso ? new Date(toIso) : this.clock.now();
    const from = fromIso ? new Date(fromIso) : new Date(to.getTime() - 7 * DAY_MS);
    if (from.getTime() > to.getTime()) throw new AppException(ErrorCode.VALIDATION_FAILED, '开始时间不能晚于结束时间');
    const counts = await this.countsByKind(from, to);
    const coverage = await this.ds
      .getRepository(NoticeRow)
      .createQueryBuilder('n')
      .select('n.kind', 'kind')
      .addSelect(
        `COUNT(DISTINCT CASE WHEN n.status IN ('SENT','SENDING','UNKNOWN','FAILED') THEN n.member_id END)`,
        'granted',
      )
      .addSelect(
        `COUNT(DISTINCT CASE WHEN n.status IN ('SENT','SENDING','UNKNOWN','FAILED') OR (n.status = 'SKIPPED' AND n.reason = 'NO_GRANT') THEN n.member_id END)`,
        'due',
      )
      .where('n.created_at >= :from AND n.created_at < :to', { from, to })
      .groupBy('n.kind')
      .getRawMany<{ kind: NoticeKind; granted: unknown; due: unknown }>();
    const cov = new Map(coverage.map((r) => [r.kind, { granted: Number(r.granted), due: Number(r.due) }]));
    const reasons = await this.ds
      .getRepository(NoticeRow)
      .createQueryBuilder('n')
      .select('n.reason', 'reason')
      .addSelect('COUNT(*)', 'count')
      .where('n.created_at >= :from AND n.created_at < :to AND n.status = :skipped', { from, to, skipped: 'SKIPPED' })
      .groupBy('n.reason')
      .getRawMany<{ reason: NoticeReason; count: unknown }>();
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      rows: NOTICE_KINDS.map((kind) => {
        const c = counts.get(kind) ?? emptyCounts();
        const k = cov.get(kind);
        return {
          kind,
          label: NOTICE_KIND_LABELS[kind],
          planned: c.planned,
          sent: c.SENT,
          skipped: c.SKIPPED,
          failed: c.FAILED + c.UNKNOWN,
          deferred: c.DEFERRED,
          grantCoverage: k && k.due > 0 ? k.granted / k.due : null,
        };
      }),
      skippedByReason: reasons
        .filter((r) => r.reason)
        .map((r) => ({ reason: r.reason, label: NOTICE_REASON_LABELS[r.reason] ?? r.reason, count: Number(r.count) }))
        .sort((a, b) => b.count - a.count),
    };
  }

  /** Binds the member a test-send goes to (the operator's own WeChat, by their member no.). */
  async setTestRecipient(memberNo: string, op: OperatorPrincipal): Promise<{ memberNo: string }> {
    const id = (await this.members.idsByNo([memberNo])).get(memberNo);
    if (id === undefined) throw new AppException(ErrorCode.MEMBER_NOT_FOUND);
    await this.tx.run(async (em) => {
      await this.repo.setTestRecipient(em, op.operatorId, id, this.clock.now());
      await this.audit.record(
        operatorActor(op),
        { action: AuditAction.NoticeTestRecipientSet, targetType: 'member', targetId: id },
        em,
      );
    });
    return { memberNo };
  }

  /** Plans a sample of the kind to the operator's own member and sends it at once (grant needed, as always). */
  async testSend(kind: NoticeKind, op: OperatorPrincipal): Promise<NoticeAdmin> {
    const memberId = await this.repo.testRecipient(op.operatorId);
    if (memberId === null) throw new AppException(ErrorCode.NOTICE_TEST_NO_MEMBER);
    const setting = (await this.notices.settings()).get(kind)!;
    if (setting.paused || !setting.templateId) throw new AppException(ErrorCode.NOTICE_KIND_UNAVAILABLE);
    const now = this.clock.now();
    const dedupeKey = `test:${op.operatorId}:${now.getTime()}`;
    await this.tx.run(async (em) => {
      await this.notices.plan(em, { kind, memberId, dedupeKey, dueAt: now, facts: sampleFacts(now)[kind] });
      await this.audit.record(
        operatorActor(op),
        { action: AuditAction.NoticeTestSent, targetType: 'notice_kind', targetId: kind, after: { memberId } },
        em,
      );
    });
    const planned = await this.repo.byDedupe(kind, memberId, dedupeKey);
    await this.sender.sendNow(planned!.id);
    const [view] = await this.views([(await this.repo.byId(planned!.id))!]);
    return view;
  }

  private kindView(
    kind: NoticeKind,
    s: { templateId: string | null; paused: boolean; pausedReason: string | null; version: number },
    c = emptyCounts(),
  ): NoticeKindAdmin {
    const spec = NOTICE_KIND_SPECS[kind];
    return {
      kind,
      label: NOTICE_KIND_LABELS[kind],
      category: NOTICE_KIND_CATEGORY[kind],
      templateId: s.templateId,
      templateTitle: s.templateId ? spec.title : null,
      keywords: spec.keywords,
      paused: s.paused,
      pausedReason: s.pausedReason,
      version: s.version,
      planned: c.planned,
      sent: c.SENT,
      skipped: c.SKIPPED,
      failed: c.FAILED + c.UNKNOWN,
    };
  }

  private async countsByKind(from: Date, to: Date): Promise<Map<NoticeKind, Counts>> {
    const rows = await this.ds
      .getRepository(NoticeRow)
      .createQueryBuilder('n')
      .select('n.kind', 'kind')
      .addSelect('n.status', 'status')
      .addSelect('COUNT(*)', 'count')
      .where('n.created_at >= :from AND n.created_at < :to', { from, to })
      .groupBy('n.kind')
      .addGroupBy('n.status')
      .getRawMany<{ kind: NoticeKind; status: NoticeStatus; count: unknown }>();
    const out = new Map<NoticeKind, Counts>();
    for (const r of rows) {
      const c = out.get(r.kind) ?? emptyCounts();
      c[r.status] += Number(r.count);
      c.planned += Number(r.count);
      out.set(r.kind, c);
    }
    return out;
  }

  private async filtered(q: NoticeAdminQuery, op: OperatorPrincipal): Promise<SelectQueryBuilder<NoticeRow>> {
    const qb = this.ds.getRepository(NoticeRow).createQueryBuilder('n');
    if (q.kind) qb.andWhere('n.kind = :kind', { kind: q.kind });
    if (q.status) qb.andWhere('n.status = :status', { status: q.status });
    if (q.from) qb.andWhere('n.created_at >= :from', { from: new Date(q.from) });
    if (q.to) qb.andWhere('n.created_at < :to', { to: new Date(q.to) });
    if (q.memberNo) {
      const id = (await this.members.idsByNo([q.memberNo])).get(q.memberNo);
      qb.andWhere('n.member_id = :memberId', { memberId: id ?? -1 });
    }
    this.scope.restrict(qb, op, 'n.member_id');
    return qb;
  }

  private async views(rows: NoticeRow[]): Promise<NoticeAdmin[]> {
    const cards = await this.members.cards(rows.map((r) => r.memberId));
    return rows.map((r) => {
      const card = cards.get(r.memberId);
      return {
        id: String(r.id),
        kind: r.kind,
        memberNo: card?.memberNo ?? '',
        memberLabel: card ? maskLabel(card.nickname, card.phoneMasked, card.status) : '已删除会员',
        status: r.status,
        reason: r.reason,
        errcode: r.errcode,
        data: JSON.parse(r.dataJson) as Record<string, string>,
        dueAt: r.dueAt.toISOString(),
        sendBy: r.sendBy?.toISOString() ?? null,
        sentAt: r.sentAt?.toISOString() ?? null,
        createdAt: r.createdAt.toISOString(),
        updatedAt: r.updatedAt.toISOString(),
      };
    });
  }
}

type Counts = Record<NoticeStatus, number> & { planned: number };

const emptyCounts = (): Counts => ({
  planned: 0,
  PLANNED: 0,
  DEFERRED: 0,
  SENDING: 0,
  SENT: 0,
  SKIPPED: 0,
  FAILED: 0,
  UNKNOWN: 0,
});

/** 张* 138****5678: the first character of the nickname and the masked phone; nothing for erased members. */
export function maskLabel(nickname: string, phoneMasked: string | null, status: string): string {
  if (status === 'erased') return '已注销会员';
  const first = [...nickname][0];
  return [first ? `${first}*` : '', phoneMasked ?? ''].filter(Boolean).join(' ') || '会员';
}
