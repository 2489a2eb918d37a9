import { ErrorCode, type RuleChangeStatus } from '@member/shared';
import type { EntityManager, EntityTarget } from 'typeorm';
import { AppException } from './app-exception';
import { createdByRequesterRecently } from './approver-independence';

/** The columns every four-eyes change row has (points-rule changes, tier changes). */
export interface PendingChangeRow {
  id: number;
  status: RuleChangeStatus;
  requestedBy: number;
  decidedBy: number | null;
  decidedAt: Date | null;
  decisionNote: string | null;
}

export interface ChangeDecision {
  operatorId: number;
  status: 'applied' | 'rejected';
  note: string | null;
  now: Date;
}

type ApproverOrigin = { createdBy: number | null; createdAt: Date } | null;

/**
 * Checks who may decide a pending change, then flips pending → the decision with a guarded update, so of
 * concurrent deciders exactly one wins. Only an approval needs an independent second operator (rejecting
 * takes nothing into force); `originOf` says who created the approver's account and when.
 */
export async function decidePendingChange<T extends PendingChangeRow>(
  em: EntityManager,
  entity: EntityTarget<T>,
  id: number,
  decision: ChangeDecision,
  originOf: (operatorId: number, em: EntityManager) => Promise<ApproverOrigin>,
): Promise<T> {
  const { operatorId, status, note, now } = decision;
  const row = await em.getRepository(entity).findOneBy({ id } as never);
  if (!row) throw new AppException(ErrorCode.RULE_CHANGE_NOT_FOUND);
  if (row.status !== 'pending') throw new AppException(ErrorCode.RULE_CHANGE_DECIDED);
  if (row.requestedBy === operatorId) throw new AppException(ErrorCode.RULE_CHANGE_SELF_APPROVAL);
  const origin = status === 'applied' ? await originOf(operatorId, em) : null;
  if (createdByRequesterRecently(origin, row.requestedBy, now)) {
    throw new AppException(ErrorCode.RULE_CHANGE_APPROVER_NOT_INDEPENDENT);
  }
  const flipped = await em
    .createQueryBuilder()
    .update(entity)
    .set({ status, decidedBy: operatorId, decidedAt: now, decisionNote: note } as never)
    .where('id = :id AND status = :pending', { id, pending: 'pending' })
    .execute();
  if (flipped.affected !== 1) throw new AppException(ErrorCode.RULE_CHANGE_DECIDED);
  return Object.assign(row, { status, decidedBy: operatorId, decidedAt: now, decisionNote: note });
}
