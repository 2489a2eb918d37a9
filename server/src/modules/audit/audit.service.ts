import { Injectable } from '@nestjs/common';
import { ActorType, type AuditLogEntry, type AuditLogQuery, type Page } from '@member/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '../../common/clock';
import { insertLater } from '../../database/raw-sql';
import type { OperatorPrincipal, StaffPrincipal } from '../auth/token.service';
import { AuditLog } from './entities/audit-log.entity';
import { StoreDirectory } from '../stores/store-directory';

export interface AuditActor {
  type: ActorType;
  id: number | null;
  name: string;
  role: string | null;
  storeId: number | null;
}

export interface AuditRecord {
  action: string;
  targetType?: string;
  targetId?: string | number;
  before?: unknown;
  after?: unknown;
  reason?: string;
  /** Overrides the actor's store (e.g. an operator acting on a store). */
  storeId?: number | null;
}

export const operatorActor = (o: OperatorPrincipal): AuditActor => ({
  type: ActorType.Operator,
  id: o.operatorId,
  name: o.username,
  role: o.role,
  storeId: o.storeId,
});

export const staffActor = (s: StaffPrincipal, name: string): AuditActor => ({
  type: ActorType.Staff,
  id: s.staffId,
  name,
  role: s.role,
  storeId: s.storeId,
});

/** Append-only audit trail. Pass the transaction's manager so the row commits with the change. */
@Injectable()
export class AuditService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly stores: StoreDirectory,
  ) {}

  async record(actor: AuditActor, rec: AuditRecord, em: EntityManager = this.ds.manager): Promise<void> {
    const row = {
      actorType: actor.type,
      actorId: actor.id,
      actorName: actor.name.slice(0, 64),
      actorRole: actor.role,
      storeId: rec.storeId !== undefined ? rec.storeId : actor.storeId,
      action: rec.action,
      targetType: rec.targetType ?? null,
      targetId: rec.targetId !== undefined ? String(rec.targetId) : null,
      beforeJson: rec.before === undefined ? null : JSON.stringify(rec.before),
      afterJson: rec.after === undefined ? null : JSON.stringify(rec.after),
      reason: rec.reason ?? null,
      createdAt: this.clock.now(),
    };
    // Inside a transaction (every sale's audit row) a plain INSERT that rides with the transaction's next
    // statement: the query builder's cost and the round trip showed in the purchase profile (issue 9).
    // Outside one, TypeORM's insert as before.
    if (em.queryRunner?.isTransactionActive) await insertLater(em, AuditLog, [row]);
    else await em.insert(AuditLog, row);
  }

  async list(query: AuditLogQuery): Promise<Page<AuditLogEntry>> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const qb = this.ds.getRepository(AuditLog).createQueryBuilder('a');
    if (query.action) qb.andWhere('a.action = :action', { action: query.action });
    if (query.actorType) qb.andWhere('a.actorType = :actorType', { actorType: query.actorType });
    if (query.targetType) qb.andWhere('a.targetType = :targetType', { targetType: query.targetType });
    if (query.targetId) qb.andWhere('a.targetId = :targetId', { targetId: query.targetId });
    if (query.storeId) qb.andWhere('a.storeId = :storeId', { storeId: query.storeId });
    const [rows, total] = await qb
      .orderBy('a.id', 'DESC')
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    const storeIds = [...new Set(rows.map((r) => r.storeId).filter((id): id is number => id !== null))];
    const storeName = await this.stores.names(storeIds);
    return {
      page,
      pageSize,
      total,
      items: rows.map((r) => ({
        id: r.id,
        actorType: r.actorType,
        actorId: r.actorId,
        actorName: r.actorName,
        actorRole: r.actorRole,
        storeId: r.storeId,
        storeName: r.storeId !== null ? (storeName.get(r.storeId) ?? null) : null,
        action: r.action,
        targetType: r.targetType,
        targetId: r.targetId,
        before: r.beforeJson ? JSON.parse(r.beforeJson) : null,
        after: r.afterJson ? JSON.parse(r.afterJson) : null,
        reason: r.reason,
        createdAt: r.createdAt.toISOString(),
      })),
    };
  }
}
