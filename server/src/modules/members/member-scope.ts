import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { ErrorCode, OperatorRole } from '@member/shared';
import { DataSource, type SelectQueryBuilder, type ObjectLiteral } from 'typeorm';
import { AppException } from '../../common/app-exception';
import type { AuthedRequest } from '../auth/guards';
import type { OperatorPrincipal } from '../auth/token.service';

/**
 * Which members an operator may see (the role table in auth/access-policy.ts): a store manager only those
 * their store served — a purchase at the store, or staff of it — and everyone else with member access all.
 * Served members are found by the sales' and staff's tables by name (read only): a list needs them in its own
 * query, and a door per row would cost a round trip each.
 */
@Injectable()
export class MemberScope {
  constructor(private readonly ds: DataSource) {}

  /** The store a store manager is limited to; null when the operator sees every member. */
  storeOf(op: OperatorPrincipal): number | null {
    return op.role === OperatorRole.StoreManager ? (op.storeId ?? -1) : null;
  }

  /** Analysts read aggregates: list routes answer them the total and no rows. */
  aggregateOnly(op: OperatorPrincipal | undefined): boolean {
    return op?.role === OperatorRole.Analyst;
  }

  /** Limits a query to members the operator may see, on the member id expression `column`. */
  restrict<T extends ObjectLiteral>(
    qb: SelectQueryBuilder<T>,
    op: OperatorPrincipal,
    column: string,
  ): SelectQueryBuilder<T> {
    const storeId = this.storeOf(op);
    if (storeId === null) return qb;
    return qb.andWhere(
      `(${column} IN (SELECT sp.member_id FROM purchase sp WHERE sp.store_id = :scopeStoreId)` +
        ` OR ${column} IN (SELECT ss.member_id FROM staff ss WHERE ss.store_id = :scopeStoreId))`,
      { scopeStoreId: storeId },
    );
  }

  /** 404 MEMBER_NOT_FOUND, exactly as for an unknown id, when the member is outside the operator's scope. */
  async assertVisible(op: OperatorPrincipal, memberId: number): Promise<void> {
    const storeId = this.storeOf(op);
    if (storeId === null) return;
    const rows: unknown[] = await this.ds.query(
      'SELECT 1 AS x FROM purchase WHERE member_id = ? AND store_id = ? ' +
        'UNION ALL SELECT 1 AS x FROM staff WHERE member_id = ? AND store_id = ? LIMIT 1',
      [memberId, storeId, memberId, storeId],
    );
    if (!rows.length) throw new AppException(ErrorCode.MEMBER_NOT_FOUND);
  }
}

/**
 * For routes under /admin/members/:id: a member outside the operator's scope answers 404, so ids are not an
 * oracle. Runs after OperatorGuard (list it second in @UseGuards).
 */
@Injectable()
export class MemberScopeGuard implements CanActivate {
  constructor(private readonly scope: MemberScope) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<AuthedRequest>();
    const principal = req.principal;
    const id = Number(req.params.id);
    if (principal?.kind === 'operator' && Number.isSafeInteger(id)) await this.scope.assertVisible(principal, id);
    return true;
  }
}
