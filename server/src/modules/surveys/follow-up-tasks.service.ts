import { Injectable } from '@nestjs/common';
import {
  AuditAction,
  ErrorCode,
  OperatorRole,
  SURVEY_RULES as R,
  type FollowUpQuery,
  type FollowUpResolveRequest,
  type FollowUpStartRequest,
  type FollowUpStatus,
  type FollowUpTask,
  type Page,
} from '@member/shared';
import { DataSource, In, type EntityManager } from 'typeorm';
import { AppException } from '../../common/app-exception';
import { Clock } from '../../common/clock';
import { IdempotencyService, idempotencyScope } from '../../common/idempotency/idempotency.service';
import { TransactionRunner } from '../../database/transaction-runner';
import { AuditService, operatorActor, staffActor, type AuditActor } from '../audit/audit.service';
import type { OperatorPrincipal, StaffPrincipal } from '../auth/token.service';
import { EventDirectory } from '../events/event-directory';
import { MemberDirectory, unknownMember } from '../members/member-directory';
import { StoreDirectory } from '../stores/store-directory';
import { FollowUpTaskRow } from './entities/follow-up-task.entity';
import { SurveyResponseRow } from './entities/survey-response.entity';
import { tagsOf } from './survey-views';
import { SurveysRepository } from './surveys.repository';

/** Who is handling: an operator (store managers: their store only) or a clerk of the task's store. */
export type TaskHandler = { kind: 'operator'; op: OperatorPrincipal } | { kind: 'staff'; staff: StaffPrincipal };

const invalid = (message: string) => new AppException(ErrorCode.SURVEY_INVALID, message);

// Staff lists put what needs doing first: open tasks, then those in progress, then resolved (newest first each).
const STAFF_ORDER = "CASE t.status WHEN 'OPEN' THEN 0 WHEN 'IN_PROGRESS' THEN 1 ELSE 2 END";

/** "陈一鸣" → "陈*鸣", "周婷" → "周*": the counter's mask (enough to greet the member, not to read out). */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length <= 1) return chars.join('');
  return chars.length === 2 ? `${chars[0]}*` : `${chars[0]}*${chars[chars.length - 1]}`;
}

/** "8123456790" → "8123****90", as on the staff pages' other member lines. */
export function maskMemberNo(memberNo: string): string {
  return memberNo.length <= 6 ? memberNo : `${memberNo.slice(0, 4)}****${memberNo.slice(-2)}`;
}

/** A move as asked: the version seen, and the request id that makes a retry answer the first move. */
interface MoveRequest {
  version: number;
  requestId?: string;
  /** What the move sets, for the request's fingerprint. */
  says: Record<string, string>;
}

/**
 * Follow-up tasks (回访工单) that low ratings open for the event's store: OPEN → IN_PROGRESS (with an
 * assignee) → RESOLVED (with the resolution). Each move is a guarded update on (status, version), audited
 * with who did it; a concurrent handler's move answers FOLLOW_UP_VERSION_CONFLICT, never a double move.
 */
@Injectable()
export class FollowUpTasksService {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: TransactionRunner,
    private readonly idempotency: IdempotencyService,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly repo: SurveysRepository,
    private readonly events: EventDirectory,
    private readonly members: MemberDirectory,
    private readonly stores: StoreDirectory,
  ) {}

  async list(q: FollowUpQuery, h: TaskHandler): Promise<Page<FollowUpTask>> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const qb = this.ds.getRepository(FollowUpTaskRow).createQueryBuilder('t');
    const storeId = this.scope(h) ?? q.storeId;
    if (storeId !== undefined) qb.andWhere('t.storeId = :storeId', { storeId });
    if (q.status) qb.andWhere('t.status = :status', { status: q.status });
    if (h.kind === 'staff') qb.orderBy(STAFF_ORDER, 'ASC').addOrderBy('t.id', 'DESC');
    else qb.orderBy('t.id', 'DESC');
    const [rows, total] = await qb
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    return { items: await this.views(rows, h), total, page, pageSize };
  }

  async start(id: number, req: FollowUpStartRequest, h: TaskHandler): Promise<FollowUpTask> {
    const actor = await this.actor(h);
    // A clerk taking a task on the staff page is its assignee unless they name someone else.
    const assignee = (req.assignee?.trim() || (h.kind === 'staff' ? actor.name : '')).slice(0, R.assignee.max);
    if (assignee.length < R.assignee.min) throw invalid(`处理人须为 ${R.assignee.min}–${R.assignee.max} 个字`);
    const ask = { version: req.version, requestId: req.requestId, says: { assignee } };
    return this.move(id, ask, 'OPEN', h, actor, AuditAction.FollowUpStarted, (now) => ({
      status: 'IN_PROGRESS',
      assignee,
      startedAt: now,
    }));
  }

  async resolve(id: number, req: FollowUpResolveRequest, h: TaskHandler): Promise<FollowUpTask> {
    const resolution = req.resolution.trim();
    if (resolution.length < R.resolution.min || resolution.length > R.resolution.max)
      throw invalid(`处理结果须为 ${R.resolution.min}–${R.resolution.max} 个字`);
    const actor = await this.actor(h);
    const ask = { version: req.version, requestId: req.requestId, says: { resolution } };
    return this.move(id, ask, 'IN_PROGRESS', h, actor, AuditAction.FollowUpResolved, (now) => ({
      status: 'RESOLVED',
      resolution,
      resolvedAt: now,
      resolvedBy: actor.name.slice(0, 64),
    }));
  }

  /**
   * One move, in one transaction with its audit record. With a request id it goes through the idempotency
   * records: a retry after a lost answer (the task already moved, so the move itself would now answer 409)
   * answers the first move, and the same id with other content answers IDEMPOTENCY_KEY_REUSED.
   */
  private async move(
    id: number,
    ask: MoveRequest,
    from: FollowUpStatus,
    h: TaskHandler,
    actor: AuditActor,
    action: AuditAction,
    fields: (now: Date) => Partial<FollowUpTaskRow>,
  ): Promise<FollowUpTask> {
    const work = (em: EntityManager) => this.moveIn(em, id, ask.version, from, h, actor, action, fields);
    if (!ask.requestId) return this.tx.run(work);
    const { body } = await this.idempotency.run(
      {
        scope:
          h.kind === 'staff' ? idempotencyScope.store(h.staff.storeId) : idempotencyScope.operator(h.op.operatorId),
        operation: action === AuditAction.FollowUpStarted ? 'follow-up-start' : 'follow-up-resolve',
        key: ask.requestId,
        request: { id, version: ask.version, ...ask.says },
        // Another store's task stays 404 even for a key that store's clerk used.
        final: [ErrorCode.FOLLOW_UP_NOT_FOUND],
      },
      work,
    );
    return body;
  }

  private async moveIn(
    em: EntityManager,
    id: number,
    version: number,
    from: FollowUpStatus,
    h: TaskHandler,
    actor: AuditActor,
    action: AuditAction,
    fields: (now: Date) => Partial<FollowUpTaskRow>,
  ): Promise<FollowUpTask> {
    const task = await this.repo.task(id, em);
    const storeId = this.scope(h);
    if (!task || (storeId !== undefined && task.storeId !== storeId))
      throw new AppException(ErrorCode.FOLLOW_UP_NOT_FOUND);
    if (task.status !== from) throw new AppException(ErrorCode.FOLLOW_UP_STATUS_INVALID);
    const now = this.clock.now();
    const set = { ...fields(now), updatedAt: now };
    if (!(await this.repo.moveTask(em, id, from, version, set))) {
      const latest = (await this.repo.task(id, em))!;
      throw new AppException(
        latest.version !== version ? ErrorCode.FOLLOW_UP_VERSION_CONFLICT : ErrorCode.FOLLOW_UP_STATUS_INVALID,
      );
    }
    await this.audit.record(
      actor,
      {
        action,
        targetType: 'follow_up_task',
        targetId: id,
        before: { status: task.status },
        after: { status: set.status, assignee: set.assignee ?? task.assignee, resolution: set.resolution ?? null },
        storeId: task.storeId,
      },
      em,
    );
    return (await this.views([{ ...task, ...set, version: version + 1 }], h, em))[0];
  }

  /** The store a handler is limited to (undefined: every store). */
  private scope(h: TaskHandler): number | undefined {
    if (h.kind === 'staff') return h.staff.storeId;
    return h.op.role === OperatorRole.StoreManager ? (h.op.storeId ?? -1) : undefined;
  }

  private async actor(h: TaskHandler): Promise<AuditActor> {
    if (h.kind === 'operator') return operatorActor(h.op);
    return staffActor(h.staff, await this.members.displayName(h.staff.memberId));
  }

  /** Rows as the handler may see them: staff get the member masked, like on the counter's other pages. */
  private async views(rows: FollowUpTaskRow[], h: TaskHandler, em?: EntityManager): Promise<FollowUpTask[]> {
    const events = new Map(
      (await this.events.events(rows.flatMap((r) => (r.eventId ? [r.eventId] : [])))).map((e) => [e.id, e]),
    );
    const names = await this.stores.names(rows.flatMap((r) => (r.storeId ? [r.storeId] : [])));
    const cards = await this.members.cards(
      rows.map((r) => r.memberId),
      em,
    );
    const responses = rows.length
      ? await (em ?? this.ds).getRepository(SurveyResponseRow).findBy({ id: In(rows.map((r) => r.responseId)) })
      : [];
    const byId = new Map(responses.map((r) => [r.id, r]));
    const masked = h.kind === 'staff';
    return rows.map((t) => {
      const r = byId.get(t.responseId);
      const e = t.eventId ? events.get(t.eventId) : undefined;
      const card = cards.get(t.memberId);
      const m = card
        ? {
            memberNo: masked ? maskMemberNo(card.memberNo) : card.memberNo,
            nickname: masked ? maskName(card.nickname) : card.nickname,
            phoneMasked: card.phoneMasked,
          }
        : { ...unknownMember(t.memberId), phoneMasked: null };
      return {
        id: t.id,
        status: t.status,
        surveyId: t.surveyId,
        responseId: t.responseId,
        event: e ? { id: e.id, title: e.title } : null,
        store: t.storeId ? { id: t.storeId, name: names.get(t.storeId) ?? '' } : null,
        member: { memberNo: m.memberNo, nickname: m.nickname, phoneMasked: m.phoneMasked },
        rating: r?.rating ?? null,
        comment: r?.comment ?? '',
        tags: r ? tagsOf(r) : [],
        assignee: t.assignee,
        resolution: t.resolution,
        version: t.version,
        createdAt: t.createdAt.toISOString(),
        startedAt: t.startedAt?.toISOString() ?? null,
        resolvedAt: t.resolvedAt?.toISOString() ?? null,
        resolvedBy: t.resolvedBy,
      };
    });
  }
}
