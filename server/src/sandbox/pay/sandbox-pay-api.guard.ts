import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { SandboxPayCrypto } from './sandbox-pay-crypto.service';
import { SandboxPayFaultsService } from './sandbox-pay-faults.service';

/** Where the Pay API is mounted; merchants sign the path WeChat would see, without it. */
export const SANDBOX_PAY_API_PREFIX = '/sandbox/pay/api';

/** Scheduled faults first (a busy WeChat fails before reading the request), then the merchant signature. */
@Injectable()
export class SandboxPayApiGuard implements CanActivate {
  constructor(
    private readonly faults: SandboxPayFaultsService,
    private readonly crypto: SandboxPayCrypto,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    this.faults.failIfScheduled();
    const request = context.switchToHttp().getRequest<Request & { rawBody?: Buffer }>();
    const url = request.originalUrl.startsWith(SANDBOX_PAY_API_PREFIX)
      ? request.originalUrl.slice(SANDBOX_PAY_API_PREFIX.length)
      : request.originalUrl;
    this.crypto.verifyRequest(request.method, url, request.headers.authorization, request.rawBody);
    return true;
  }
}
