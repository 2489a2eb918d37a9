import { ErrorCode } from '@member/shared';
import { AppException } from '../common/app-exception';

export type WechatApiName =
  'jscode2session' | 'getuserphonenumber' | 'stable_token' | 'subscribe_send' | 'upload_shipping_info' | 'get_order';

/**
 * What WeChat (or the network) answered, kept as the error's `cause` for logs.
 * errcode is null when there was no usable answer (network error, timeout, non-JSON, HTTP error).
 * Never carries secrets, tokens or session keys.
 */
export interface WechatFailure {
  api: WechatApiName;
  errcode: number | null;
  errmsg: string;
}

// Codes the user can fix by re-entering the mini-program (fresh wx.login / getPhoneNumber code).
const CODE_INVALID = new Set([40029, 40163]);
const USER_BLOCKED = new Set([40226]);
// Codes (besides "no answer") worth retrying later: busy, quotas, stale tokens.
const TRANSIENT = new Set([-1, 45009, 45011, 40001, 42001]);

/** Which of our error codes a WeChat errcode surfaces as; anything unexpected is "WeChat unavailable". */
export function errorCodeFor(errcode: number | null): ErrorCode {
  if (errcode !== null && CODE_INVALID.has(errcode)) return ErrorCode.WECHAT_CODE_INVALID;
  if (errcode !== null && USER_BLOCKED.has(errcode)) return ErrorCode.WECHAT_USER_BLOCKED;
  return ErrorCode.WECHAT_UNAVAILABLE;
}

/** A failed WeChat call. It is an AppException, so the global filter renders it as `{ code, message }`. */
export class WechatApiError extends AppException {
  override readonly cause: WechatFailure;

  constructor(failure: WechatFailure, code: ErrorCode = errorCodeFor(failure.errcode)) {
    super(code);
    this.name = 'WechatApiError';
    this.cause = failure;
  }

  get api(): WechatApiName {
    return this.cause.api;
  }

  get errcode(): number | null {
    return this.cause.errcode;
  }

  get errmsg(): string {
    return this.cause.errmsg;
  }

  /** True when the same call may succeed later (busy, quota, network); false when WeChat refused it for good. */
  get transient(): boolean {
    return this.cause.errcode === null || TRANSIENT.has(this.cause.errcode);
  }
}
