import Taro from '@tarojs/taro';
import { ErrorCode } from '@member/shared';
import { networkError, toApiError } from './api-error';
import { apiUrl } from './config';
import { getToken, type TokenKind } from './tokens';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
/** Which bearer token a call carries; 'none' for login and sandbox control endpoints. */
export type AuthMode = TokenKind | 'none';

export interface RequestOptions {
  method?: HttpMethod;
  data?: unknown;
  auth?: AuthMode;
}

interface RawResponse {
  statusCode: number;
  data: unknown;
}

type Reauth = () => Promise<void>;
const reauthHandlers: Partial<Record<TokenKind, Reauth>> = {};
const reauthInFlight: Partial<Record<TokenKind, Promise<void>>> = {};

/** Registers how to obtain a fresh token of a kind after a 401 (member: wx login; staff: /staff/session). */
export function setReauthHandler(kind: TokenKind, handler: Reauth | undefined): void {
  reauthHandlers[kind] = handler;
}

// Several calls may hit 401 at once (e.g. page mount); they must share one re-login.
function reauthOnce(kind: TokenKind, handler: Reauth): Promise<void> {
  let pending = reauthInFlight[kind];
  if (!pending) {
    pending = handler().finally(() => {
      delete reauthInFlight[kind];
    });
    reauthInFlight[kind] = pending;
  }
  return pending;
}

async function send(path: string, opts: RequestOptions, auth: AuthMode): Promise<RawResponse> {
  const header: Record<string, string> = { 'Content-Type': 'application/json' };
  const token = auth === 'none' ? null : getToken(auth);
  if (token) header.Authorization = `Bearer ${token}`;
  try {
    const res = await Taro.request({
      url: apiUrl(path),
      method: opts.method ?? 'GET',
      data: opts.data as TaroGeneral.IAnyObject | undefined,
      header,
      dataType: 'json',
    });
    return { statusCode: res.statusCode, data: res.data };
  } catch (e) {
    const errMsg = (e as { errMsg?: string; message?: string } | null)?.errMsg ?? (e as Error | null)?.message;
    throw networkError(errMsg);
  }
}

function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}

/**
 * Calls the API and resolves with the response body on 2xx; throws ApiError otherwise.
 * A 401 UNAUTHENTICATED triggers one re-login for the token kind and one retry.
 */
export async function request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const auth = opts.auth ?? 'member';
  const first = await send(path, opts, auth);
  if (isSuccess(first.statusCode)) return first.data as T;

  const error = toApiError(first.statusCode, first.data);
  const handler = auth === 'none' ? undefined : reauthHandlers[auth];
  if (!handler || error.status !== 401 || error.code !== ErrorCode.UNAUTHENTICATED) throw error;

  await reauthOnce(auth as TokenKind, handler);
  const second = await send(path, opts, auth);
  if (isSuccess(second.statusCode)) return second.data as T;
  throw toApiError(second.statusCode, second.data);
}
