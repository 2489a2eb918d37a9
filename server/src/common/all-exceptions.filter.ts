import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { ERRORS, ErrorCode, type ApiErrorBody } from '@member/shared';
import type { Response } from 'express';
import { AppException } from './app-exception';
import { RateLimitedException } from './rate-limit/rate-limited.exception';

const STATUS_CODES: Record<number, ErrorCode> = {
  400: ErrorCode.VALIDATION_FAILED,
  401: ErrorCode.UNAUTHENTICATED,
  403: ErrorCode.FORBIDDEN,
  404: ErrorCode.NOT_FOUND,
  413: ErrorCode.VALIDATION_FAILED,
  429: ErrorCode.RATE_LIMITED,
};

/** Every failure leaves the API as `{ code, message, details? }` with the status its code defines. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(error: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) return;
    const { status, body } = this.toBody(error);
    if (error instanceof RateLimitedException) res.setHeader('Retry-After', String(error.retryAfterSeconds));
    res.status(status).json(body);
  }

  private toBody(error: unknown): { status: number; body: ApiErrorBody } {
    if (error instanceof AppException) {
      const body: ApiErrorBody = { code: error.code, message: error.message };
      if (error.details) body.details = error.details;
      return { status: error.status, body };
    }
    if (error instanceof HttpException) {
      const status = error.getStatus();
      const code = STATUS_CODES[status] ?? (status >= 500 ? ErrorCode.INTERNAL_ERROR : ErrorCode.VALIDATION_FAILED);
      if (status >= 500) this.logger.error(error.message, error.stack);
      return { status, body: { code, message: ERRORS[code].message } };
    }
    this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    return { status: 500, body: { code: ErrorCode.INTERNAL_ERROR, message: ERRORS[ErrorCode.INTERNAL_ERROR].message } };
  }
}
