import { Injectable, SetMetadata, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ErrorCode, OperatorRole } from '@member/shared';
import type { Request } from 'express';
import { AppException } from '../../common/app-exception';
import { MemberDirectory } from '../members/member-directory';
import { OperatorDirectory } from '../operators/operator-directory';
import { StaffDirectory } from '../staff/staff-directory';
import { TokenService, type Principal, type StaffPrincipal } from './token.service';

export type AuthedRequest = Request & { principal?: Principal };

function bearer(req: Request): string {
  const header = req.headers.authorization ?? '';
  const match = /^Bearer (.+)$/.exec(header);
  if (!match) throw new AppException(ErrorCode.UNAUTHENTICATED);
  return match[1];
}

/** The request and the verified principal of its bearer token (401 when missing or invalid). */
function authenticate(ctx: ExecutionContext, tokens: TokenService): { req: AuthedRequest; principal: Principal } {
  const req = ctx.switchToHttp().getRequest<AuthedRequest>();
  return { req, principal: tokens.verify(bearer(req)) };
}

/** Member token of an active member. */
@Injectable()
export class MemberGuard implements CanActivate {
  constructor(
    private readonly tokens: TokenService,
    private readonly members: MemberDirectory,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const { req, principal } = authenticate(ctx, this.tokens);
    if (principal.kind !== 'member') throw new AppException(ErrorCode.FORBIDDEN);
    const status = await this.members.status(principal.memberId);
    if (!status) throw new AppException(ErrorCode.UNAUTHENTICATED);
    if (status !== 'active') throw new AppException(ErrorCode.MEMBER_DISABLED);
    req.principal = principal;
    return true;
  }
}

/** What the staff guard checks of a binding: the token's store and role, both still active. */
export interface StaffBindingState {
  storeId: number;
  role: string;
  active: boolean;
  storeActive: boolean;
}

/**
 * A disabled or moved clerk loses access at once, whatever the token says; so does everyone at a store
 * that was deactivated. `binding` null: no such staff row.
 */
export function assertStaffBinding(principal: StaffPrincipal, binding: StaffBindingState | null): void {
  if (!binding || binding.storeId !== principal.storeId || binding.role !== principal.role) {
    throw new AppException(ErrorCode.NOT_STAFF);
  }
  if (!binding.active) throw new AppException(ErrorCode.STAFF_DISABLED);
  if (!binding.storeActive) throw new AppException(ErrorCode.STORE_DISABLED);
}

const STAFF_BINDING_IN_HANDLER = 'staffBindingInHandler';
/**
 * A hot route whose handler reads the staff binding in its own transaction (with the rows it needs
 * anyway) and calls assertStaffBinding before anything commits: the guard then only verifies the token,
 * saving a round trip per call. The check is the same and as current (the read sees the latest commit).
 */
export const StaffBindingCheckedByHandler = () => SetMetadata(STAFF_BINDING_IN_HANDLER, true);

/** Staff token whose binding is still active at the same, still active store with the same role. */
@Injectable()
export class StaffGuard implements CanActivate {
  constructor(
    private readonly tokens: TokenService,
    private readonly staffDirectory: StaffDirectory,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const { req, principal } = authenticate(ctx, this.tokens);
    if (principal.kind !== 'staff')
      throw new AppException(principal.kind === 'member' ? ErrorCode.NOT_STAFF : ErrorCode.FORBIDDEN);
    if (!this.reflector.get<boolean>(STAFF_BINDING_IN_HANDLER, ctx.getHandler())) {
      assertStaffBinding(principal, await this.staffDirectory.byId(principal.staffId));
    }
    req.principal = principal;
    return true;
  }
}

export const OPERATOR_ROLES = 'operatorRoles';
/** Which operator roles may call a route; without it every operator role may. */
export const Roles = (...roles: OperatorRole[]) => SetMetadata(OPERATOR_ROLES, roles);
/** Roles allowed to change data in the console; analysts only read. */
export const WRITE_ROLES = [OperatorRole.Admin, OperatorRole.Operator];

const PASSWORD_CHANGE_PENDING_OK = 'passwordChangePendingOk';
/**
 * Routes an operator may call while an admin's reset still requires a new password (their profile, the
 * change itself, logging out); every other route answers 403 PASSWORD_CHANGE_REQUIRED until it is done.
 */
export const AllowedBeforePasswordChange = () => SetMetadata(PASSWORD_CHANGE_PENDING_OK, true);

@Injectable()
export class OperatorGuard implements CanActivate {
  constructor(
    private readonly tokens: TokenService,
    private readonly operators: OperatorDirectory,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const { req, principal } = authenticate(ctx, this.tokens);
    if (principal.kind !== 'operator') throw new AppException(ErrorCode.FORBIDDEN);
    const operator = await this.operators.account(principal.operatorId, principal.sessionId ?? 0);
    // Disabled, logged out, or signed before a password change, a reset or "log out everywhere": the token
    // is dead at once, whatever its expiry says.
    if (!operator || !operator.active || !operator.sessionLive || principal.tokenVersion !== operator.tokenVersion) {
      throw new AppException(ErrorCode.UNAUTHENTICATED);
    }
    const roles = this.reflector.getAllAndOverride<OperatorRole[] | undefined>(OPERATOR_ROLES, [
      ctx.getHandler(),
      ctx.getClass(),
    ]);
    if (roles && !roles.includes(operator.role)) throw new AppException(ErrorCode.FORBIDDEN);
    if (operator.mustChangePassword && !this.reflector.get<boolean>(PASSWORD_CHANGE_PENDING_OK, ctx.getHandler())) {
      throw new AppException(ErrorCode.PASSWORD_CHANGE_REQUIRED);
    }
    req.principal = {
      kind: 'operator',
      operatorId: operator.id,
      username: operator.username,
      role: operator.role,
      storeId: operator.storeId,
      sessionId: principal.sessionId,
      tokenVersion: operator.tokenVersion,
    };
    return true;
  }
}
