import { Injectable, SetMetadata, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { SandboxFaultsService, type SandboxWxApi } from './sandbox-faults.service';
import { SandboxTokensService } from './sandbox-tokens.service';
import { wxParam } from './sandbox-wx.error';

const WX_API = 'sandbox:wx-api';

/** Names the wire API a handler simulates, so faults can target it. */
export const WxApi = (api: SandboxWxApi) => SetMetadata(WX_API, api);

/** Runs scheduled faults before anything else, as a busy WeChat fails before looking at the request. */
@Injectable()
export class SandboxFaultGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly faults: SandboxFaultsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const api = this.reflector.get<SandboxWxApi | undefined>(WX_API, context.getHandler());
    if (api) await this.faults.inject(api);
    return true;
  }
}

/** The ?access_token= check of token-bearing APIs (41001, 40001, 42001). */
@Injectable()
export class SandboxAccessTokenGuard implements CanActivate {
  constructor(private readonly tokens: SandboxTokensService) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    this.tokens.verify(wxParam(request.query, 'access_token'));
    return true;
  }
}
