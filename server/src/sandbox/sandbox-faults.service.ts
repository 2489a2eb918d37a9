import { Injectable } from '@nestjs/common';
import { SandboxBrokenAnswer, SandboxWxError } from './sandbox-wx.error';

export const SANDBOX_WX_APIS = [
  'jscode2session',
  'stable_token',
  'token',
  'getuserphonenumber',
  'subscribe_send',
  'upload_shipping_info',
  'get_order',
] as const;
export type SandboxWxApi = (typeof SANDBOX_WX_APIS)[number];

export interface SandboxFault {
  /** Answer this errcode (e.g. -1 busy, 45011 minute quota, 40001 stale token). */
  errcode?: number;
  /** Hold the answer this long first (real time), e.g. to trip the client's timeout. */
  delayMs?: number;
  /** Answer an HTML 502 page instead of JSON. */
  broken?: boolean;
  /** How many upcoming calls are affected. */
  times: number;
}

/** Scheduled failures for the next N calls of a wire API. */
@Injectable()
export class SandboxFaultsService {
  private readonly pending = new Map<SandboxWxApi, SandboxFault>();

  schedule(api: SandboxWxApi, fault: SandboxFault): { api: SandboxWxApi } & SandboxFault {
    if (fault.times > 0) this.pending.set(api, { ...fault });
    else this.pending.delete(api);
    return { api, ...fault };
  }

  /** Called before each wire call: delays, then fails it if a fault is pending. */
  async inject(api: SandboxWxApi): Promise<void> {
    const fault = this.pending.get(api);
    if (!fault) return;
    fault.times -= 1;
    if (fault.times <= 0) this.pending.delete(api);
    if (fault.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    if (fault.broken) throw new SandboxBrokenAnswer();
    if (fault.errcode !== undefined) throw new SandboxWxError(fault.errcode);
  }
}
