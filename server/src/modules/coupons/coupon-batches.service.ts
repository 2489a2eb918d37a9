import { Injectable, type OnModuleInit } from '@nestjs/common';
import {
  AuditAction,
  ErrorCode,
  type CouponBatch as CouponBatchView,
  type CouponBatchTarget,
  type CreateCouponBatchRequest,
  type Page,
} from '@member/shared';
import { DataSource, In, type EntityManager } from 'typeorm';
import { AppException } from '../../common/app-exception';
import { Clock } from '../../common/clock';
import { IdempotencyService, idempotencyScope } from '../../common/idempotency/idempotency.service';
import { execute, insertRows, sqlName, sqlValue } from '../../database/raw-sql';
import { OutboxRegistry } from '../../outbox/outbox-registry';
import { OutboxService } from '../../outbox/outbox.service';
import { AuditService, operatorActor } from '../audit/audit.service';
import type { OperatorPrincipal } from '../auth/token.service';
import { MemberDirectory } from '../members/member-directory';
import { OperatorDirectory } from '../operators/operator-directory';
import { MemberTiersService } from '../tiers/member-tiers.service';
import { TiersService } from '../tiers/tiers.service';
import { CouponIssuingService } from './coupon-issuing.service';
import { tierIdsOf } from './coupon-views';
import { CouponsRepository } from './coupons.repository';
import { CouponBatch } from './entities/coupon-batch.entity';
import { CouponTemplate } from './entities/coupon-template.entity';

/** Members per chunk: one outbox item, one transaction, one multi-row INSERT. */
export const BATCH_CHUNK = 1000;
const KIND = 'coupon.batch-chunk';
const OPERATION = 'coupon-batch';
export const STOP_SOLD_OUT = '库存已发完';
export const STOP_INACTIVE = '券模板已暂停或结束，发放已停止';

interface ChunkPayload {
  batchId: number;
  cursor: number;
}

/**
 * The target as stored: a list as its member ids (sorted, delta-encoded in base 36 — 10,000 ids as JSON
 * numbers could outgrow the 64 KB text column), a tier or everyone up to the highest member id when the
 * batch was created (members joining later are not part of it).
 */
type StoredTarget =
  | { kind: 'MEMBERS'; ids: string; count: number }
  | { kind: 'TIER'; tierId: number; upTo: number }
  | { kind: 'ALL'; upTo: number };

const encodeIds = (ids: number[]) => ids.map((id, i) => (id - (i ? ids[i - 1] : 0)).toString(36)).join(',');
function decodeIds(text: string): number[] {
  let last = 0;
  return text ? text.split(',').map((d) => (last += parseInt(d, 36))) : [];
}

/** The request's target as validated (the DTO checked that its kind's field is there). */
type BatchBody = Omit<CreateCouponBatchRequest, 'target'> & {
  target: { kind: CouponBatchTarget['kind']; memberNos?: string[]; tierId?: number };
};
function targetOf(t: BatchBody['target']): CouponBatchTarget {
  if (t.kind === 'MEMBERS') return { kind: 'MEMBERS', memberNos: (t.memberNos ?? []).map((no) => no.trim()) };
  if (t.kind === 'TIER') return { kind: 'TIER', tierId: t.tierId! };
  return { kind: 'ALL' };
}

const sourceKey = (batchId: number, memberId: number) => `batch:${batchId}:${memberId}`;

/**
 * Operators' batch issues (a list of members, a tier, everyone). Created at once; worked through by the
 * outbox in chunks of members in id order, each chunk one item whose transaction issues its coupons
 * (one source key per batch and member), moves the batch's counters and cursor, and enqueues the next
 * chunk — so a crash resumes at the last committed chunk and no member ever gets two.
 */
@Injectable()
export class CouponBatchesService implements OnModuleInit {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly idempotency: IdempotencyService,
    private readonly outbox: OutboxService,
    private readonly handlers: OutboxRegistry,
    private readonly audit: AuditService,
    private readonly repo: CouponsRepository,
    private readonly issuing: CouponIssuingService,
    private readonly members: MemberDirectory,
    private readonly operators: OperatorDirectory,
    private readonly tiers: TiersService,
    private readonly memberTiers: MemberTiersService,
  ) {}

  onModuleInit(): void {
    this.handlers.register<ChunkPayload>({ kind: KIND, handle: (em, ctx) => this.chunk(em, ctx.payload) });
  }

  async create(body: BatchBody, op: OperatorPrincipal): Promise<CouponBatchView> {
    const req: CreateCouponBatchRequest = { ...body, target: targetOf(body.target) };
    const { body: answer } = await this.idempotency.run(
      {
        scope: idempotencyScope.operator(op.operatorId),
        operation: OPERATION,
        key: req.requestId,
        request: { templateId: req.templateId, target: req.target, note: req.note },
      },
      (em) => this.start(em, req, op),
      201,
    );
    return answer;
  }

  async list(query: { page?: number; pageSize?: number; templateId?: number }): Promise<Page<CouponBatchView>> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const [rows, total] = await this.ds.getRepository(CouponBatch).findAndCount({
      where: query.templateId ? { templateId: query.templateId } : {},
      order: { id: 'DESC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    return { items: await this.views(rows), total, page, pageSize };
  }

  async get(id: number): Promise<CouponBatchView> {
    const row = await this.ds.getRepository(CouponBatch).findOneBy({ id });
    if (!row) throw new AppException(ErrorCode.COUPON_BATCH_NOT_FOUND);
    return (await this.views([row]))[0];
  }

  private async start(em: EntityManager, req: CreateCouponBatchRequest, op: OperatorPrincipal) {
    const template = await this.repo.template(req.templateId, em);
    if (!template) throw new AppException(ErrorCode.COUPON_TEMPLATE_NOT_FOUND);
    if (template.status !== 'ACTIVE' || (template.trigger !== 'MANUAL' && template.trigger !== 'CLAIM'))
      throw new AppException(
        ErrorCode.COUPON_TEMPLATE_STATUS_INVALID,
        '只有进行中、发放方式为手动发放或领券中心的模板可以批量发放',
      );
    const { stored, total } = await this.resolve(em, req.target);
    const now = this.clock.now();
    const row: Omit<CouponBatch, 'id'> = {
      templateId: template.id,
      targetJson: JSON.stringify(stored),
      note: req.note.trim(),
      status: 'RUNNING',
      total,
      processed: 0,
      issued: 0,
      skipped: 0,
      cursor: 0,
      stopReason: null,
      createdBy: op.operatorId,
      createdAt: now,
      finishedAt: total === 0 ? now : null,
    };
    if (total === 0) row.status = 'DONE';
    const id = await insertRows(em, CouponBatch, [row]);
    if (total > 0) await this.enqueue(em, { batchId: id, cursor: 0 });
    const view = (await this.views([{ ...row, id }], em))[0];
    await this.audit.record(
      operatorActor(op),
      { action: AuditAction.CouponBatchCreated, targetType: 'coupon_batch', targetId: id, after: view },
      em,
    );
    return view;
  }

  /** The target as stored and how many members it covers now. */
  private async resolve(
    em: EntityManager,
    target: CouponBatchTarget,
  ): Promise<{ stored: StoredTarget; total: number }> {
    if (target.kind === 'MEMBERS') {
      const byNo = await this.members.idsByNo(target.memberNos, em);
      const unknown = [...new Set(target.memberNos)].filter((no) => !byNo.has(no));
      if (unknown.length)
        throw new AppException(
          ErrorCode.VALIDATION_FAILED,
          `以下会员号不存在：${unknown.slice(0, 5).join('、')}${unknown.length > 5 ? ` 等 ${unknown.length} 个` : ''}`,
        );
      const ids = [...new Set(byNo.values())].sort((a, b) => a - b);
      return { stored: { kind: 'MEMBERS', ids: encodeIds(ids), count: ids.length }, total: ids.length };
    }
    const { maxId, count } = await this.members.extent(em);
    if (target.kind === 'ALL') return { stored: { kind: 'ALL', upTo: maxId }, total: count };
    if (!(await this.tiers.activeTiers()).some((t) => t.id === target.tierId))
      throw new AppException(ErrorCode.VALIDATION_FAILED, '所选会员等级不存在或已停用');
    // Everyone is gone through (a member's tier is read when their chunk runs); other tiers count as skipped.
    return { stored: { kind: 'TIER', tierId: target.tierId, upTo: maxId }, total: count };
  }

  private enqueue(em: EntityManager, p: ChunkPayload): Promise<boolean> {
    return this.outbox.enqueue(em, { kind: KIND, key: `batch:${p.batchId}:${p.cursor}`, payload: p });
  }

  /**
   * One chunk, in the outbox item's transaction: the next members after the cursor, their coupons, the
   * counters and cursor (guarded by the cursor this chunk started from), and the next chunk.
   */
  async chunk(em: EntityManager, p: ChunkPayload): Promise<void> {
    const batch = await em.getRepository(CouponBatch).findOneBy({ id: p.batchId });
    // A chunk already done (or a batch stopped) has nothing left to do.
    if (!batch || batch.status !== 'RUNNING' || batch.cursor !== p.cursor) return;
    const stored = JSON.parse(batch.targetJson) as StoredTarget;
    const now = this.clock.now();
    const template = await this.repo.template(batch.templateId, em);
    if (!template || template.status !== 'ACTIVE') {
      await this.advance(
        em,
        batch,
        { processed: 0, issued: 0, skipped: 0, cursor: p.cursor },
        'STOPPED',
        STOP_INACTIVE,
      );
      return;
    }
    let ids: number[] | undefined;
    let listEnd = false;
    if (stored.kind === 'MEMBERS') {
      const all = decodeIds(stored.ids);
      const from = all.findIndex((id) => id > p.cursor);
      ids = from < 0 ? [] : all.slice(from, from + BATCH_CHUNK);
      listEnd = from < 0 || from + BATCH_CHUNK >= all.length;
    }
    const page = await this.members.pageById(em, {
      afterId: p.cursor,
      upTo: stored.kind === 'MEMBERS' ? undefined : stored.upTo,
      ids,
      limit: BATCH_CHUNK,
    });
    // Members of a list no longer there (their row gone) are gone through as skipped.
    const walked = ids ?? page.map((m) => m.id);
    if (!walked.length) {
      await this.advance(em, batch, { processed: 0, issued: 0, skipped: 0, cursor: p.cursor }, 'DONE', null);
      return;
    }
    const eligible = await this.eligible(em, template, stored, page);
    const result = await this.issuing.issueMany(
      em,
      template,
      eligible.map((memberId) => ({ memberId, sourceKey: sourceKey(batch.id, memberId) })),
      'BATCH',
      now,
    );
    const last = walked[walked.length - 1];
    const counts = {
      processed: walked.length,
      issued: result.issued.length,
      skipped: walked.length - result.issued.length,
      cursor: last,
    };
    if (result.short) {
      await this.advance(em, batch, counts, 'STOPPED', result.short === 'SOLD_OUT' ? STOP_SOLD_OUT : STOP_INACTIVE);
      return;
    }
    const done = stored.kind === 'MEMBERS' ? listEnd : walked.length < BATCH_CHUNK || last >= stored.upTo;
    await this.advance(em, batch, counts, done ? 'DONE' : 'RUNNING', null);
    if (!done) await this.enqueue(em, { batchId: batch.id, cursor: last });
  }

  /** Active members whose tier the template (and a tier target) allows. */
  private async eligible(
    em: EntityManager,
    template: CouponTemplate,
    target: StoredTarget,
    page: { id: number; status: string }[],
  ): Promise<number[]> {
    const active = page.filter((m) => m.status === 'active').map((m) => m.id);
    const tierIds = tierIdsOf(template);
    const wanted = target.kind === 'TIER' ? [target.tierId] : null;
    if (!tierIds && !wanted) return active;
    const tiers = await this.memberTiers.currentOfMany(em, active, await this.tiers.activeTiers());
    return active.filter((id) => {
      const tier = tiers.get(id)!.id;
      return (!tierIds || tierIds.includes(tier)) && (!wanted || wanted.includes(tier));
    });
  }

  /** Adds a chunk's counts and moves the cursor, guarded by the cursor it started from. */
  private async advance(
    em: EntityManager,
    batch: CouponBatch,
    c: { processed: number; issued: number; skipped: number; cursor: number },
    status: CouponBatch['status'],
    stopReason: string | null,
  ): Promise<void> {
    const finished = status === 'RUNNING' ? null : this.clock.now();
    const changed = await execute(
      em,
      `UPDATE ${sqlName(em, CouponBatch)} SET processed = processed + ?, issued = issued + ?, skipped = skipped + ?,
              ${sqlName(em, CouponBatch, 'cursor')} = ?, status = ?, stop_reason = ?, finished_at = ?
        WHERE id = ? AND status = 'RUNNING' AND ${sqlName(em, CouponBatch, 'cursor')} = ?`,
      [
        c.processed,
        c.issued,
        c.skipped,
        c.cursor,
        status,
        stopReason,
        sqlValue(em, CouponBatch, 'finishedAt', finished),
        batch.id,
        batch.cursor,
      ],
    );
    // Another delivery moved the batch meanwhile: roll this one back whole.
    if (changed !== 1) throw new Error(`coupon batch ${batch.id} moved under chunk ${batch.cursor}`);
  }

  private async views(rows: CouponBatch[], reader: DataSource | EntityManager = this.ds): Promise<CouponBatchView[]> {
    const templateIds = [...new Set(rows.map((r) => r.templateId))];
    const templates = templateIds.length
      ? await reader
          .getRepository(CouponTemplate)
          .find({ select: { id: true, name: true }, where: { id: In(templateIds) } })
      : [];
    const names = new Map(templates.map((t) => [t.id, t.name]));
    const operators = await this.operators.refs(
      rows.map((r) => r.createdBy),
      reader,
    );
    return rows.map((r) => {
      const stored = JSON.parse(r.targetJson) as StoredTarget;
      return {
        id: r.id,
        templateId: r.templateId,
        templateName: names.get(r.templateId) ?? '',
        target:
          stored.kind === 'MEMBERS'
            ? { kind: 'MEMBERS', count: stored.count }
            : stored.kind === 'TIER'
              ? { kind: 'TIER', tierId: stored.tierId }
              : { kind: 'ALL' },
        note: r.note,
        status: r.status,
        total: r.total,
        processed: r.processed,
        issued: r.issued,
        skipped: r.skipped,
        stopReason: r.stopReason,
        createdBy: operators.get(r.createdBy)?.name ?? '',
        createdAt: r.createdAt.toISOString(),
        finishedAt: r.finishedAt?.toISOString() ?? null,
      };
    });
  }
}
