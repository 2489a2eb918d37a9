import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { EDGE_LIMITS } from './edge/edge-limits';
import { IsCalendarDay } from './query-fields';

/** ?page=&pageSize= on list routes: whole numbers, a page at most 100 rows, no page past EDGE_LIMITS.maxPage. */
export class PageDto {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(EDGE_LIMITS.maxPage) page?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) pageSize?: number;
}

/** A page of a list filtered by business days: ?from=&to= (YYYY-MM-DD, each optional). */
export class DayRangePageDto extends PageDto {
  @IsOptional() @IsCalendarDay() from?: string;
  @IsOptional() @IsCalendarDay() to?: string;
}
