import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { SandboxPayCrypto } from './sandbox-pay-crypto.service';
import { SandboxPayFaultsService } from './sandbox-pay-faults.service';

export type SandboxPayRequest = Request & {
  rawBody?: Buffer;
  /** A TIMEOUT fault: answer this much later (the work is done at once). */
  sandboxPayHoldMs?: number;
};

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
    const request = context.switchToHttp().getRequest<SandboxPayRequest>();
    request.sandboxPayHoldMs = this.faults.takeCallFault();
    const url = request.originalUrl.startsWith(SANDBOX_PAY_API_PREFIX)
      ? request.originalUrl.slice(SANDBOX_PAY_API_PREFIX.length)
      : request.originalUrl;
    this.crypto.verifyRequest(request.method, url, request.headers.authorization, request.rawBody);
    return true;
  }
}
