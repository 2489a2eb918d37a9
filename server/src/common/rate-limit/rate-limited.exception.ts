import { ErrorCode } from '@member/shared';
import { AppException } from '../app-exception';

/** "30 秒" or "15 分钟": how long a throttled caller waits, in the words the 429 message uses. */
export function waitText(seconds: number): string {
  return seconds < 60 ? `${seconds} 秒` : `${Math.ceil(seconds / 60)} 分钟`;
}

/** 429 RATE_LIMITED; the error filter also sends `Retry-After: <retryAfterSeconds>`. */
export class RateLimitedException extends AppException {
  constructor(
    readonly retryAfterSeconds: number,
    message = `操作太频繁，请 ${waitText(retryAfterSeconds)}后再试`,
  ) {
    super(ErrorCode.RATE_LIMITED, message);
  }
}
