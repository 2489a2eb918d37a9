import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { AuthedRequest } from './guards';
import type { MemberPrincipal, OperatorPrincipal, StaffPrincipal } from './token.service';

const principalOf = (ctx: ExecutionContext) => ctx.switchToHttp().getRequest<AuthedRequest>().principal;

export const CurrentMember = createParamDecorator((_: unknown, ctx) => principalOf(ctx) as MemberPrincipal);
export const CurrentStaff = createParamDecorator((_: unknown, ctx) => principalOf(ctx) as StaffPrincipal);
export const CurrentOperator = createParamDecorator((_: unknown, ctx) => principalOf(ctx) as OperatorPrincipal);
