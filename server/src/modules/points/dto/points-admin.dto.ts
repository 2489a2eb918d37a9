import {
  IDEMPOTENCY_KEY_PATTERN,
  IDEMPOTENCY_KEY_RULE,
  PointsAdjustmentReason,
  type CreatePointsAdjustmentRequest,
  type ExpiryReminderStatus,
  type PointsAdjustmentStatus,
  TEXT_LIMITS,
} from '@member/shared';
import { Type } from 'class-transformer';
import { IsEnum, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min, NotEquals } from 'class-validator';
import { PageDto } from '../../../common/page.dto';
import type { DecidePointsAdjustmentRequest, PointsAdjustmentQuery, PointsExpiryReminderQuery } from '@member/shared';
import { INT_MAX } from '../../../common/edge/edge-limits';
import { IsPlainText } from '../../../common/text.validator';

// One manual adjustment never moves more than a million points; the daily limit is usually far lower.
const MAX_ADJUSTMENT = 1_000_000;

export class CreatePointsAdjustmentDto implements CreatePointsAdjustmentRequest {
  @IsInt() @Min(-MAX_ADJUSTMENT) @Max(MAX_ADJUSTMENT) @NotEquals(0) delta!: number;
  @IsEnum(PointsAdjustmentReason) reasonCode!: PointsAdjustmentReason;
  @IsString() @Length(TEXT_LIMITS.reason.min, TEXT_LIMITS.reason.max) @IsPlainText({ multiline: true }) note!: string;
  // Idempotency key of the request (byte-exact, per operator).
  @IsString()
  @Matches(IDEMPOTENCY_KEY_PATTERN, { message: `requestId 须为 ${IDEMPOTENCY_KEY_RULE}` })
  requestId!: string;
}

export class PointsAdjustmentQueryDto extends PageDto implements PointsAdjustmentQuery {
  @IsOptional() @IsIn(['pending', 'applied', 'rejected']) status?: PointsAdjustmentStatus;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(INT_MAX) memberId?: number;
}

export class ApproveAdjustmentDto implements DecidePointsAdjustmentRequest {
  @IsOptional() @IsString() @Length(0, TEXT_LIMITS.reason.max) @IsPlainText({ multiline: true }) note?: string;
}

export class RejectAdjustmentDto {
  @IsString() @Length(TEXT_LIMITS.reason.min, TEXT_LIMITS.reason.max) @IsPlainText({ multiline: true }) note!: string;
}

export class ExpiryReminderQueryDto extends PageDto implements PointsExpiryReminderQuery {
  @IsOptional() @IsIn(['planned', 'sent', 'skipped']) status?: ExpiryReminderStatus;
}
