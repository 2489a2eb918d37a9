import { Injectable } from '@nestjs/common';
import type { OperatorRef } from '@member/shared';
import { DataSource, In, type EntityManager } from 'typeorm';
import { OperatorSession } from './entities/operator-session.entity';
import { Operator } from './entities/operator.entity';

type Reader = DataSource | EntityManager;

/** The operators module's door for other modules: names for the console, the row the guard checks. */
@Injectable()
export class OperatorDirectory {
  constructor(private readonly ds: DataSource) {}

  /** Display names for a page of rows (created by, approved by), one query. */
  async refs(ids: (number | null)[], reader: Reader = this.ds): Promise<Map<number, OperatorRef>> {
    const unique = [...new Set(ids.filter((id): id is number => id !== null))];
    if (!unique.length) return new Map();
    const rows = await reader.getRepository(Operator).find({
      select: { id: true, displayName: true, username: true },
      where: { id: In(unique) },
    });
    return new Map(rows.map((o) => [o.id, { operatorId: o.id, name: o.displayName || o.username }]));
  }

  /** Who created the account and when: an approver may not be the requester's own new account. */
  async origin(id: number, reader: Reader = this.ds): Promise<{ createdBy: number | null; createdAt: Date } | null> {
    const row = await reader
      .getRepository(Operator)
      .findOne({ select: { id: true, createdBy: true, createdAt: true }, where: { id } });
    return row ? { createdBy: row.createdBy, createdAt: row.createdAt } : null;
  }

  /**
   * The operator's current account (role, store, active, token version) and whether the token's session is
   * still open, in one read: the guard checks both on every call.
   */
  async account(id: number, sessionId: number): Promise<(Operator & { sessionLive: boolean }) | null> {
    const { entities, raw } = await this.ds
      .getRepository(Operator)
      .createQueryBuilder('o')
      .leftJoin(OperatorSession, 'sess', 'sess.id = :sessionId AND sess.operatorId = o.id AND sess.revokedAt IS NULL', {
        sessionId,
      })
      .addSelect('sess.id', 'live_session_id')
      .where('o.id = :id', { id })
      .getRawAndEntities<{ live_session_id: unknown }>();
    const operator = entities[0];
    if (!operator) return null;
    const live = raw[0]?.live_session_id;
    return Object.assign(operator, { sessionLive: live !== null && live !== undefined });
  }
}
