import { Injectable } from '@nestjs/common';
import { AuditAction, ErrorCode, type OutboxItem, type OutboxKind, type OutboxQuery, type Page } from '@member/shared';
import { AppException } from '../common/app-exception';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { TransactionRunner } from '../database/transaction-runner';
import { AuditService, operatorActor } from '../modules/audit/audit.service';
import type { OperatorPrincipal } from '../modules/auth/token.service';
import { OutboxRegistry } from './outbox-registry';
import type { OutboxRow } from './outbox.entity';
import { OutboxRepository } from './outbox.repository';
import { OutboxService } from './outbox.service';

/** The console's 任务队列: what waits, fails or needs a person, and "retry now". */
@Injectable()
export class OutboxAdminService {
  constructor(
    private readonly repo: OutboxRepository,
    private readonly registry: OutboxRegistry,
    private readonly outbox: OutboxService,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async list(query: OutboxQuery): Promise<Page<OutboxItem>> {
    const [rows, total] = await this.repo.list(query);
    return { items: rows.map((r) => this.view(r)), total, page: query.page ?? 1, pageSize: query.pageSize ?? 20 };
  }

  async kinds(): Promise<OutboxKind[]> {
    const kinds = new Set([...this.registry.kinds(), ...(await this.repo.kindsPresent())]);
    return [...kinds].sort().map((kind) => ({ kind, handlerRegistered: !!this.registry.get(kind) }));
  }

  /** failed/dead → pending now, audited; anything else (or a row a worker holds) answers 409. */
  async retry(op: OperatorPrincipal, id: number): Promise<OutboxItem> {
    const now = this.clock.now();
    const row = await this.tx.run(async (em) => {
      const before = await this.repo.findById(id, em);
      if (!before) throw new AppException(ErrorCode.OUTBOX_ITEM_NOT_FOUND);
      if (!(await this.repo.retryNow(before, now, em))) throw new AppException(ErrorCode.OUTBOX_NOT_RETRYABLE);
      await this.audit.record(
        operatorActor(op),
        {
          action: AuditAction.OutboxRetried,
          targetType: 'outbox',
          targetId: id,
          before: { kind: before.kind, status: before.status, attempts: before.attempts },
          after: { status: 'pending' },
        },
        em,
      );
      this.outbox.wakeAfterCommit(em);
      return (await this.repo.findById(id, em))!;
    });
    return this.view(row);
  }

  private view(r: OutboxRow): OutboxItem {
    const held = r.leaseUntil !== null && r.leaseUntil.getTime() >= this.clock.nowMs();
    return {
      id: r.id,
      kind: r.kind,
      key: r.key,
      status: r.status,
      attempts: r.attempts,
      maxAttempts: this.config.outbox.maxAttempts,
      availableAt: r.availableAt.toISOString(),
      running: held && ['pending', 'failed', 'sending'].includes(r.status),
      handlerRegistered: !!this.registry.get(r.kind),
      lastError: r.lastError,
      createdAt: r.createdAt.toISOString(),
      finishedAt: r.finishedAt?.toISOString() ?? null,
    };
  }
}
