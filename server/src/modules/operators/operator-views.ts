import type { OperatorListItem, OperatorProfile } from '@member/shared';
import type { OperatorPrincipal } from '../auth/token.service';
import type { Operator } from './entities/operator.entity';

export const BCRYPT_ROUNDS = 10;

export function toPrincipal(o: Operator): OperatorPrincipal {
  return { kind: 'operator', operatorId: o.id, username: o.username, role: o.role, storeId: o.storeId };
}

export function toProfile(o: Operator): OperatorProfile {
  return {
    id: o.id,
    username: o.username,
    displayName: o.displayName,
    role: o.role,
    storeId: o.storeId,
    mustChangePassword: o.mustChangePassword,
  };
}

export function toListItem(o: Operator, lockedUntil: Date | null): OperatorListItem {
  return {
    ...toProfile(o),
    active: o.active,
    lastLoginAt: o.lastLoginAt?.toISOString() ?? null,
    createdAt: o.createdAt.toISOString(),
    lockedUntil: lockedUntil?.toISOString() ?? null,
  };
}
