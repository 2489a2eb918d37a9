import { OUTBOX_STATUSES, type OutboxQuery, type OutboxStatus } from '@member/shared';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';

export class OutboxQueryDto implements OutboxQuery {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) page?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) pageSize?: number;
  @IsOptional() @IsIn(OUTBOX_STATUSES) status?: OutboxStatus;
  @IsOptional() @IsString() @Length(1, 64) kind?: string;
}
