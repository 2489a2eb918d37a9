import { Injectable } from '@nestjs/common';
import {
  AuditAction,
  EVENT_PAYMENT_STATUS_LABELS,
  EVENT_REFUND_STATUS_LABELS,
  EVENT_SIGNUP_STATUS_LABELS,
  formatCny,
  ErrorCode,
  OperatorRole,
  type EventSignupAdmin,
  type EventSignupAdminQuery,
  type Page,
} from '@member/shared';
import { DataSource } from 'typeorm';
import { AppException } from '../../common/app-exception';
import { csvDocument, csvTime } from '../../common/csv';
import { AuditService, operatorActor } from '../audit/audit.service';
import type { OperatorPrincipal } from '../auth/token.service';
import { MemberDirectory, unknownMember } from '../members/member-directory';
import { AdminEventsService } from './admin-events.service';
import { EventSignupRow } from './entities/event-signup.entity';
import { refundAttemptOf } from './event-pay-owner';
import { EventPaymentsRepository } from './event-payments.repository';
import { endWords, paymentView, sessionBrief, sessionWords, skipWords } from './event-views';
import { EventsRepository } from './events.repository';

/** Rows one CSV download may hold. */
const EXPORT_MAX_ROWS = 20_000;

/**
 * An event's sign-ups, waitlist and check-ins for the console (filters, CSV). Member rows are personal
 * data: analysts get the total only (like every list of member rows), store managers their store's events.
 */
@Injectable()
export class AdminEventSignupsService {
  constructor(
    private readonly ds: DataSource,
    private readonly events: AdminEventsService,
    private readonly members: MemberDirectory,
    private readonly audit: AuditService,
    private readonly payments: EventPaymentsRepository,
    private readonly repo: EventsRepository,
  ) {}

  async list(eventId: number, q: EventSignupAdminQuery, op: OperatorPrincipal): Promise<Page<EventSignupAdmin>> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const qb = await this.query(eventId, q, op);
    if (op.role === OperatorRole.Analyst) return { items: [], total: await qb.getCount(), page, pageSize };
    const [rows, total] = await qb
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    return { items: await this.rows(eventId, rows), total, page, pageSize };
  }

  async csv(eventId: number, q: EventSignupAdminQuery, op: OperatorPrincipal): Promise<string> {
    if (op.role === OperatorRole.Analyst) throw new AppException(ErrorCode.FORBIDDEN);
    const rows = await this.rows(eventId, await (await this.query(eventId, q, op)).take(EXPORT_MAX_ROWS).getMany());
    await this.audit.record(operatorActor(op), {
      action: AuditAction.EventSignupsExported,
      targetType: 'event',
      targetId: eventId,
      after: {
        filters: { status: q.status ?? null, memberNo: q.memberNo ?? null, sessionId: q.sessionId ?? null },
        rows: rows.length,
      },
    });
    // An event with sessions leads with the session of each row; one without keeps today's columns.
    const bySession = (await this.events.visible(eventId, op)).sessionCount > 0;
    const when = (r: EventSignupAdmin) => (r.session ? sessionWords({ startsAt: new Date(r.session.startsAt) }) : '');
    return csvDocument(
      [
        ...(bySession ? ['场次'] : []),
        '会员号',
        '会员昵称',
        '状态',
        '人数',
        '候补序号',
        '现场加入',
        '报名积分',
        '已退还',
        '报名费',
        '支付状态',
        '退款',
        '支付单号',
        '报名时间',
        '递补时间',
        '签到时间',
        '取消时间',
        '结束原因',
      ],
      rows.map((r) => [
        ...(bySession ? [when(r)] : []),
        r.memberNo,
        r.memberNickname,
        EVENT_SIGNUP_STATUS_LABELS[r.status],
        r.partySize,
        r.waitlistSeq ?? '',
        r.walkIn ? '是' : '',
        r.feePoints,
        r.feeRefunded ? '是' : '',
        r.payment ? formatCny(r.payment.amountFen) : '',
        r.payment ? EVENT_PAYMENT_STATUS_LABELS[r.payment.status] : '',
        r.payment?.refundStatus ? EVENT_REFUND_STATUS_LABELS[r.payment.refundStatus] : '',
        r.payment?.outTradeNo ?? '',
        csvTime(r.createdAt),
        csvTime(r.promotedAt),
        csvTime(r.checkedInAt),
        csvTime(r.cancelledAt),
        r.endReason ?? '',
      ]),
    );
  }

  private async query(eventId: number, q: EventSignupAdminQuery, op: OperatorPrincipal) {
    await this.events.visible(eventId, op);
    const qb = this.ds.getRepository(EventSignupRow).createQueryBuilder('s').where('s.eventId = :eventId', { eventId });
    if (q.status) qb.andWhere('s.status = :status', { status: q.status });
    if (q.sessionId) qb.andWhere('s.sessionId = :sessionId', { sessionId: q.sessionId });
    if (q.memberNo) {
      const id = (await this.members.idsByNo([q.memberNo])).get(q.memberNo) ?? -1;
      qb.andWhere('s.memberId = :id', { id });
    }
    // The waitlist in arrival order (session by session); everyone else in sign-up order.
    return q.status === 'WAITLISTED'
      ? qb.orderBy('s.sessionId', 'ASC').addOrderBy('s.waitlistSeq', 'ASC')
      : qb.orderBy('s.id', 'ASC');
  }

  private async rows(eventId: number, rows: EventSignupRow[]): Promise<EventSignupAdmin[]> {
    const refs = await this.members.refs(rows.map((r) => r.memberId));
    const waiting = rows.filter((r) => r.status === 'WAITLISTED');
    const positions = await this.positions(eventId, waiting);
    const payments = await this.payments.bySignups(rows.map((r) => r.id));
    const sessions = await this.repo.sessionsByIds(rows.filter((r) => r.sessionId).map((r) => r.sessionId));
    return rows.map((s) => {
      const m = refs.get(s.memberId) ?? unknownMember(s.memberId);
      const p = payments.get(s.id);
      const session = sessions.get(s.sessionId);
      return {
        id: s.id,
        session: session ? sessionBrief(session) : null,
        memberNo: m.memberNo,
        memberNickname: m.nickname,
        status: s.status,
        companions: s.companions,
        partySize: s.partySize,
        waitlistSeq: s.waitlistSeq,
        waitlistPosition: s.status === 'WAITLISTED' ? (positions.get(`${s.sessionId}:${s.waitlistSeq}`) ?? null) : null,
        walkIn: s.walkIn,
        feePoints: s.feePoints,
        feeRefunded: s.feeRefunded,
        payment: p ? { ...paymentView(p)!, shippingStatus: p.shippingStatus, ...refundAttemptOf(p) } : null,
        createdAt: s.createdAt.toISOString(),
        promotedAt: s.promotedAt?.toISOString() ?? null,
        checkedInAt: s.checkedInAt?.toISOString() ?? null,
        checkedInByStaffId: s.checkedInBy,
        cancelledAt: s.cancelledAt?.toISOString() ?? null,
        endReason: endWords(s.endReason),
        skipNote: s.status === 'WAITLISTED' ? skipWords(s.skipNote) : null,
      };
    });
  }

  /**
   * Waitlist positions of the given waiting sign-ups, by "session:seq" (one query: every waiting number of the
   * event; each session's waitlist counts on its own).
   */
  private async positions(eventId: number, waiting: EventSignupRow[]): Promise<Map<string, number>> {
    if (!waiting.length) return new Map();
    const all = await this.ds
      .getRepository(EventSignupRow)
      .createQueryBuilder('s')
      .select('s.sessionId', 'session')
      .addSelect('s.waitlistSeq', 'seq')
      .where("s.eventId = :eventId AND s.status = 'WAITLISTED'", { eventId })
      .orderBy('s.sessionId', 'ASC')
      .addOrderBy('s.waitlistSeq', 'ASC')
      .getRawMany<{ session: unknown; seq: unknown }>();
    const out = new Map<string, number>();
    const seen = new Map<number, number>();
    for (const r of all) {
      const session = Number(r.session);
      const n = (seen.get(session) ?? 0) + 1;
      seen.set(session, n);
      out.set(`${session}:${Number(r.seq)}`, n);
    }
    return out;
  }
}
