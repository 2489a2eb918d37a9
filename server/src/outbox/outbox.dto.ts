import { OUTBOX_STATUSES, type OutboxQuery, type OutboxStatus } from '@member/shared';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { EDGE_LIMITS } from '../common/edge/edge-limits';
import { IsPlainText } from '../common/text.validator';

export class OutboxQueryDto implements OutboxQuery {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(EDGE_LIMITS.maxPage) page?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) pageSize?: number;
  @IsOptional() @IsIn(OUTBOX_STATUSES) status?: OutboxStatus;
  @IsOptional() @IsString() @Length(1, 64) @IsPlainText() kind?: string;
}
