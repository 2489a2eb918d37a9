import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { ErrorCode } from '@member/shared';
import { AppException } from './app-exception';

function flatten(errors: ValidationError[], prefix = ''): { field: string; message: string }[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ field, message }));
    return own.concat(flatten(e.children ?? [], field));
  });
}

/** DTO validation: unknown fields are rejected, and every bad field is listed in `details`. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const details = flatten(errors);
      return new AppException(
        ErrorCode.VALIDATION_FAILED,
        `提交的内容有误：${details.map((d) => d.field).join('、')}`,
        details,
      );
    },
  });
}
