import {
  applyDecorators,
  Injectable,
  SetMetadata,
  UseGuards,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { AppConfig } from '../../config/app-config';
import { RateLimitService } from './rate-limit.service';

/** A throttle from config `rateLimits`. */
export type ThrottleName = keyof AppConfig['rateLimits'];
/** Whom a throttle counts: the client address, or the signed-in member, member of staff or operator. */
export type ThrottleSubject = 'ip' | 'member' | 'staff' | 'operator';

interface ThrottleSpec {
  name: ThrottleName;
  by: ThrottleSubject;
}

const THROTTLE = 'throttle';

// What the auth guards leave on the request (see modules/auth/guards.ts).
type WithPrincipal = Request & {
  principal?: { kind: string; memberId?: number; staffId?: number; operatorId?: number };
};

/**
 * Limits a route to config `rateLimits[name]` per subject (429 with Retry-After beyond it). Put it above the
 * route's auth guard when it counts a principal: guards run in order, and the principal must be known.
 */
export const Throttle = (name: ThrottleName, by: ThrottleSubject) =>
  applyDecorators(SetMetadata(THROTTLE, { name, by } satisfies ThrottleSpec), UseGuards(ThrottleGuard));

@Injectable()
export class ThrottleGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly config: AppConfig,
    private readonly limits: RateLimitService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const spec = this.reflector.get<ThrottleSpec | undefined>(THROTTLE, ctx.getHandler());
    if (!spec) return true;
    const req = ctx.switchToHttp().getRequest<WithPrincipal>();
    await this.limits.consume({ name: spec.name, ...this.config.rateLimits[spec.name] }, subjectOf(req, spec.by));
    return true;
  }
}

function subjectOf(req: WithPrincipal, by: ThrottleSubject): string {
  if (by === 'ip') return `ip:${req.ip ?? ''}`;
  const p = req.principal;
  const id = by === 'member' ? p?.memberId : by === 'staff' ? p?.staffId : p?.operatorId;
  // A programming error, not a client's: the route's auth guard must run first.
  if (!p || p.kind !== by || id === undefined) throw new Error(`throttle by ${by} needs the ${by} guard to run first`);
  return `${by}:${id}`;
}
