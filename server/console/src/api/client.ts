import type { ApiErrorBody } from '@member/shared';

const TOKEN_KEY = 'member-console.token';
const API_BASE = '/api/v1';

/** A failed API call: the server's `{code, message, details}` plus the HTTP status. */
export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details?: ApiErrorBody['details'];

  constructor(status: number, body: ApiErrorBody) {
    super(body.message);
    this.name = 'ApiError';
    this.code = body.code;
    this.status = status;
    this.details = body.details;
  }
}

export const tokenStore = {
  get: (): string | null => localStorage.getItem(TOKEN_KEY),
  set: (token: string): void => localStorage.setItem(TOKEN_KEY, token),
  clear: (): void => localStorage.removeItem(TOKEN_KEY),
};

// The auth provider replaces this so a 401 also clears the in-memory session; the default keeps
// the redirect working even before React mounts.
let onUnauthorized: () => void = () => {
  window.location.hash = '#/login';
};

export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** Login answers 401 for bad credentials; that must not bounce to the login page. */
  skipAuthRedirect?: boolean;
}

function buildUrl(path: string, query?: Record<string, QueryValue>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return `${API_BASE}${path}${qs ? `?${qs}` : ''}`;
}

async function readErrorBody(res: Response): Promise<ApiErrorBody> {
  try {
    const body = (await res.json()) as Partial<ApiErrorBody>;
    if (body && typeof body.message === 'string') {
      return { code: body.code ?? 'UNKNOWN', message: body.message, details: body.details };
    }
  } catch {
    // Non-JSON error (proxy page, empty body): fall through to a generic message.
  }
  return { code: 'HTTP_ERROR', message: `请求失败（HTTP ${res.status}）` };
}

export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const token = tokenStore.get();
  if (token) headers.Authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';

  let res: Response;
  try {
    res = await fetch(buildUrl(path, options.query), {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch {
    throw new ApiError(0, { code: 'NETWORK_ERROR', message: '网络异常，请检查网络后重试' });
  }

  if (!res.ok) {
    const error = new ApiError(res.status, await readErrorBody(res));
    if (res.status === 401 && !options.skipAuthRedirect) {
      tokenStore.clear();
      onUnauthorized();
    }
    throw error;
  }
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}
