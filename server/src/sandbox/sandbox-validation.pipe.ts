import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { ErrorCode } from '@member/shared';
import { AppException } from '../common/app-exception';

// Control endpoints answer bad input as VALIDATION_FAILED with per-field details, like the rest of the API.
export const sandboxValidationPipe = new ValidationPipe({
  transform: true,
  whitelist: true,
  exceptionFactory: (errors) => new AppException(ErrorCode.VALIDATION_FAILED, undefined, flatten(errors)),
});

function flatten(errors: ValidationError[], prefix = ''): { field: string; message: string }[] {
  return errors.flatMap((error) => {
    const field = prefix + error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(error.children ?? [], `${field}.`)];
  });
}
