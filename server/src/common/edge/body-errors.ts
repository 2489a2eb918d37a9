import { ERRORS, ErrorCode, type ApiErrorBody } from '@member/shared';

/** Thrown by the body parser's verify step when a JSON body nests too deep. */
export class JsonTooDeepError extends Error {
  readonly status = 400;
  constructor() {
    super('json too deep');
  }
}

/**
 * The `{ code, message }` answer for a body the parser refused, independent of the HTTP adapter: Express's
 * body-parser and Fastify's content parser both report a status (413 too large, 415 charset, 400 otherwise).
 */
export function bodyErrorAnswer(error: unknown): { status: number; body: ApiErrorBody } {
  const e = error as { status?: number; statusCode?: number; type?: string; cause?: unknown };
  const status = e.status ?? e.statusCode ?? 400;
  if (status === 413) {
    return {
      status,
      body: { code: ErrorCode.PAYLOAD_TOO_LARGE, message: ERRORS[ErrorCode.PAYLOAD_TOO_LARGE].message },
    };
  }
  const tooDeep = error instanceof JsonTooDeepError || e.cause instanceof JsonTooDeepError;
  const message = tooDeep
    ? '提交的内容嵌套层级过深'
    : status === 415
      ? '不支持的内容编码'
      : '提交的内容不是有效的 JSON';
  return { status: status === 415 ? 415 : 400, body: { code: ErrorCode.VALIDATION_FAILED, message } };
}
