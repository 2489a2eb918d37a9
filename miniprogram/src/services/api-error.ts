import { ERRORS, ErrorCode, type ApiErrorBody } from '@member/shared';

export type ApiErrorDetails = ApiErrorBody['details'];

/** A failed API call. Callers branch on `code`; `message` is the server's zh-CN text for users. */
export class ApiError extends Error {
  readonly code: ErrorCode | string;
  readonly status: number;
  readonly details?: ApiErrorDetails;

  constructor(code: ErrorCode | string, message: string, status: number, details?: ApiErrorDetails) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.details = details;
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

function isErrorBody(body: unknown): body is ApiErrorBody {
  if (typeof body !== 'object' || body === null) return false;
  const b = body as Record<string, unknown>;
  return typeof b.code === 'string' && typeof b.message === 'string';
}

// When a proxy or crash returns something other than our JSON body, fall back to the
// shared catalogue so the user still sees a sensible zh-CN message.
function fallbackCode(status: number): ErrorCode {
  if (status === 401) return ErrorCode.UNAUTHENTICATED;
  if (status === 403) return ErrorCode.FORBIDDEN;
  if (status === 404) return ErrorCode.NOT_FOUND;
  if (status === 429) return ErrorCode.RATE_LIMITED;
  if (status >= 400 && status < 500) return ErrorCode.VALIDATION_FAILED;
  return ErrorCode.INTERNAL_ERROR;
}

/** Maps a non-2xx HTTP answer to an ApiError. */
export function toApiError(status: number, body: unknown): ApiError {
  let parsed = body;
  if (typeof body === 'string' && body.trim().startsWith('{')) {
    try {
      parsed = JSON.parse(body);
    } catch {
      parsed = body;
    }
  }
  if (isErrorBody(parsed)) {
    return new ApiError(parsed.code, parsed.message, status, parsed.details);
  }
  const code = fallbackCode(status);
  return new ApiError(code, ERRORS[code].message, status);
}

/** The request never got an HTTP answer (offline, DNS, TLS, timeout). */
export function networkError(errMsg?: string): ApiError {
  return new ApiError(
    'NETWORK_ERROR',
    '网络连接失败，请检查网络后重试',
    0,
    errMsg ? [{ field: 'network', message: errMsg }] : undefined,
  );
}

/** A user-facing message for anything thrown by our code paths. */
export function errorMessage(e: unknown): string {
  if (isApiError(e)) return e.message;
  if (e instanceof Error && e.message) return e.message;
  return ERRORS[ErrorCode.INTERNAL_ERROR].message;
}
