import type { StaffSalesQuery } from '@member/shared';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { IsPlainText } from '../../../common/text.validator';

// Bounded so an absurd page (?page=1e20) is a 400, not an overflowing OFFSET.
export const MAX_SALES_PAGE = 10_000;

export class StaffSalesQueryDto implements StaffSalesQuery {
  @IsOptional() @IsString() @MaxLength(64) @IsPlainText() q?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_SALES_PAGE) page?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(50) pageSize?: number;
}
