import { ERRORS, ErrorCode } from '@member/shared';

/** A business failure with a typed code; the global filter turns it into `{ code, message }`. */
export class AppException extends Error {
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly details?: { field: string; message: string }[],
  ) {
    super(message ?? ERRORS[code].message);
  }

  get status(): number {
    return ERRORS[this.code].status;
  }
}
