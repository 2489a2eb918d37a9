import { Injectable } from '@nestjs/common';
import type { OperatorRef } from '@member/shared';
import { DataSource, In, type EntityManager } from 'typeorm';
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

  /** The operator's current account (role, store, active), as the guard checks it on every call. */
  async account(id: number): Promise<Operator | null> {
    return this.ds.getRepository(Operator).findOneBy({ id });
  }
}
