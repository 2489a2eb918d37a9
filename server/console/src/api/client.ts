import { CONSOLE_HEADER, type ApiErrorBody, type OperatorRefreshResponse } from '@member/shared';

const API_BASE = '/api/v1';
// Refresh this long before the access token runs out, so a request never starts with a dying one.
const REFRESH_AHEAD_MS = 60_000;

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

// The access token lives in this module's memory only: nothing a script could read survives the page, and
// what an injected script can take is good for minutes. A reload gets a new one through the refresh cookie,
// which is httpOnly (no script ever sees it) and sent only to /api/v1/admin/auth.
let accessToken: string | null = null;

// Earlier versions kept an 8-hour token and the login device tokens in localStorage: remove them.
try {
  localStorage.removeItem('member-console.token');
  localStorage.removeItem('member-console.devices');
} catch {
  // Storage disabled: nothing was kept there either.
}
let refreshTimer: ReturnType<typeof setTimeout> | undefined;
let refreshing: Promise<OperatorRefreshResponse | null> | null = null;

export const session = {
  /** Keeps a fresh access token and schedules its renewal shortly before it expires. */
  set(token: string, expiresInSeconds: number): void {
    accessToken = token;
    clearTimeout(refreshTimer);
    const delay = Math.max(5_000, expiresInSeconds * 1000 - REFRESH_AHEAD_MS);
    refreshTimer = setTimeout(() => {
      refreshSession().then(
        (res) => !res && onUnauthorized(),
        () => undefined,
      );
    }, delay);
  },
  clear(): void {
    accessToken = null;
    clearTimeout(refreshTimer);
  },
  signedIn: (): boolean => accessToken !== null,
};

async function callRefresh(): Promise<OperatorRefreshResponse | null> {
  try {
    const res = await fetch(`${API_BASE}/admin/auth/refresh`, {
      method: 'POST',
      headers: { Accept: 'application/json', [CONSOLE_HEADER]: '1' },
      credentials: 'same-origin',
    });
    if (!res.ok) return null;
    return (await res.json()) as OperatorRefreshResponse;
  } catch {
    // Offline is not signed out: the session stays and the next call tries again.
    throw new ApiError(0, { code: 'NETWORK_ERROR', message: '网络异常，请检查网络后重试' });
  }
}

/**
 * A new access token from the refresh cookie (the profile with it), or null when the session has ended.
 * One call at a time in this tab, and across tabs where the browser has Web Locks: the cookie is used once,
 * so tabs take turns (the server also tolerates a near-simultaneous pair).
 */
export function refreshSession(): Promise<OperatorRefreshResponse | null> {
  refreshing ??= (async () => {
    const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
    const res = locks ? await locks.request('member-console.refresh', callRefresh) : await callRefresh();
    if (res) session.set(res.token, res.expiresIn);
    else session.clear();
    return res;
  })().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

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

/**
 * fetch with the access token; on a 401 the token is renewed once through the refresh cookie and the call
 * repeated. Answers the last response (the caller reads status and body); network failures throw ApiError.
 */
export async function authorizedFetch(url: string, init: RequestInit = {}, retry = true): Promise<Response> {
  const headers = new Headers(init.headers);
  if (accessToken) headers.set('Authorization', `Bearer ${accessToken}`);
  let res: Response;
  try {
    res = await fetch(url, { ...init, headers });
  } catch {
    throw new ApiError(0, { code: 'NETWORK_ERROR', message: '网络异常，请检查网络后重试' });
  }
  if (res.status === 401 && retry && (await refreshSession())) return authorizedFetch(url, init, false);
  return res;
}

export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';

  // Login answers 401 for bad credentials: nothing to refresh there. Logging out does refresh an expired
  // token first, so the server ends the session and clears the cookie.
  const res = await authorizedFetch(
    buildUrl(path, options.query),
    {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    },
    path !== '/admin/auth/login',
  );

  if (!res.ok) {
    const error = new ApiError(res.status, await readErrorBody(res));
    if (res.status === 401 && !options.skipAuthRedirect) {
      session.clear();
      onUnauthorized();
    }
    throw error;
  }
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

/** Saves a file the API answers (CSV exports) under `fileName`; errors as ApiError. */
export async function downloadFile(path: string, query: Record<string, QueryValue>, fileName: string): Promise<void> {
  const res = await authorizedFetch(buildUrl(path, query));
  if (!res.ok) {
    if (res.status === 401) {
      session.clear();
      onUnauthorized();
    }
    throw new ApiError(res.status, await readErrorBody(res));
  }
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  URL.revokeObjectURL(url);
}

/** One XHR upload with the access token (fetch reports no upload progress). */
function sendUpload(
  url: string,
  form: FormData,
  onProgress: (percent: number) => void,
  signal: AbortSignal,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('Accept', 'application/json');
    if (accessToken) xhr.setRequestHeader('Authorization', `Bearer ${accessToken}`);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(Math.round((e.loaded / e.total) * 100));
    xhr.onload = () => resolve({ status: xhr.status, text: xhr.responseText });
    xhr.onerror = () => reject(new ApiError(0, { code: 'NETWORK_ERROR', message: '网络异常，请检查网络后重试' }));
    xhr.onabort = () => reject(new ApiError(0, { code: 'ABORTED', message: '已取消上传' }));
    signal.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(form);
  });
}

/**
 * Uploads `file` as the multipart field `field` with upload progress (0-100); on a 401 the token is renewed
 * once and the upload repeated. Answers the JSON body; a failure throws ApiError with the server's message.
 */
export async function uploadFile<T>(
  path: string,
  field: string,
  file: Blob & { name?: string },
  opts: { onProgress?: (percent: number) => void; signal?: AbortSignal } = {},
): Promise<T> {
  const form = new FormData();
  form.append(field, file, file.name ?? 'upload');
  const signal = opts.signal ?? new AbortController().signal;
  const progress = opts.onProgress ?? (() => undefined);
  let res = await sendUpload(buildUrl(path), form, progress, signal);
  if (res.status === 401 && (await refreshSession())) res = await sendUpload(buildUrl(path), form, progress, signal);
  let body: unknown = null;
  try {
    body = JSON.parse(res.text);
  } catch {
    // Not JSON (a proxy's error page): the generic message below.
  }
  if (res.status < 200 || res.status >= 300) {
    const known = body as Partial<ApiErrorBody> | null;
    const error = new ApiError(
      res.status,
      known && typeof known.message === 'string'
        ? { code: known.code ?? 'UNKNOWN', message: known.message, details: known.details }
        : { code: 'HTTP_ERROR', message: `上传失败（HTTP ${res.status}）` },
    );
    if (res.status === 401) {
      session.clear();
      onUnauthorized();
    }
    throw error;
  }
  return body as T;
}
